namespace Baas.Authorizer.Engine;

/// <summary>
/// Embedding without the network, for benchmarks: decide a batch on the caller's thread and hand it to the
/// committer. Only valid while the engine thread is idle (nothing submitted, housekeeping far off).
/// </summary>
public sealed partial class Engine
{
    internal void ProcessBatchInline(WorkItem[] items, int count)
    {
        _nowMicros = NowMicros();
        for (var i = 0; i < count; i++)
        {
            Process(items[i]);
        }

        _log.Commit();
    }

    /// <summary>Appends <paramref name="count"/> copies of a small record and waits until they are durable; returns the last sequence.</summary>
    internal long AppendAndCommitInline(int count, ReadOnlySpan<byte> body)
    {
        long seq = 0;
        for (var i = 0; i < count; i++)
        {
            seq = _log.Append(Events.EventType.BalanceInquiry, Events.CardEvent.Version, NowMicros(), body);
        }

        _log.CommitAndWait(seq);
        return seq;
    }
}
