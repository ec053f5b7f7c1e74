namespace Baas.Redis.Streams;

/// <summary>The summary form of XPENDING: how many entries are delivered but unacknowledged, their id range, and per consumer.</summary>
public sealed record StreamPendingSummary(
    long Count,
    string? LowestId,
    string? HighestId,
    IReadOnlyList<(string Consumer, long Count)> Consumers);
