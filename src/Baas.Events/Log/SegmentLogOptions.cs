namespace Baas.Events.Log;

/// <summary>Settings of the segment log.</summary>
public sealed class SegmentLogOptions
{
    /// <summary>A segment file is closed and a new one started once it would grow past this.</summary>
    public long SegmentBytes { get; init; } = 256L << 20;

    /// <summary>The in-memory staging ring between the appender and the committer.</summary>
    public int BufferBytes { get; init; } = 64 << 20;

    /// <summary>
    /// Called on the committer thread after each durable commit with the highest committed sequence and the
    /// seconds the write and fsync took. Keep it short: it is on the path of every response.
    /// </summary>
    public Action<long, double>? Committed { get; init; }

    /// <summary>Skip the fsync (tests that only need ordering, never production).</summary>
    public bool UnsafeNoFsync { get; init; }
}
