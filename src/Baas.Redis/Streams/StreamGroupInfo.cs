namespace Baas.Redis.Streams;

/// <summary>One consumer group from XINFO GROUPS. <see cref="EntriesRead"/> and <see cref="Lag"/> are null when the server cannot tell (or is older than Redis 7).</summary>
public sealed record StreamGroupInfo(
    string Name,
    long Consumers,
    long Pending,
    string LastDeliveredId,
    long? EntriesRead,
    long? Lag);
