namespace Baas.Redis.Streams;

/// <summary>One row of the extended form of XPENDING: an unacknowledged entry, who holds it, for how long, how often delivered.</summary>
public sealed record StreamPendingEntry(string Id, string Consumer, TimeSpan Idle, long DeliveryCount);
