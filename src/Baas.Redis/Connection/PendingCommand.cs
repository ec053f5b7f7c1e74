using System.Diagnostics;

namespace Baas.Redis.Connection;

/// <summary>
/// A command waiting for its reply. Sits in a connection's FIFO (or the client's backlog while disconnected)
/// until its reply arrives; completed exactly once by whoever claims it first: the reply, the timeout tick, or
/// the connection failing.
/// </summary>
internal abstract class PendingCommand
{
    private int _claimed;

    /// <summary>The command name, for exception messages.</summary>
    public string Command { get; protected set; } = string.Empty;

    /// <summary>The timeout the caller asked for, for exception messages.</summary>
    public TimeSpan Timeout { get; protected set; }

    /// <summary>Stopwatch timestamp after which the command fails with a timeout; <see cref="long.MaxValue"/> for never.</summary>
    public long Deadline { get; protected set; }

    /// <summary>Set when the command is handed to a connection: from then on it may have been executed.</summary>
    public bool Sent { get; set; }

    /// <summary>The encoded command while it waits in the backlog for a connection.</summary>
    public byte[]? Payload { get; set; }

    public bool IsClaimed => Volatile.Read(ref _claimed) != 0;

    public static long DeadlineFrom(long now, TimeSpan timeout)
    {
        if (timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return long.MaxValue;
        }

        var ticks = timeout.TotalSeconds * Stopwatch.Frequency;
        return ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
    }

    /// <summary>True for exactly one caller: the one that must then call <see cref="SetReply"/> or <see cref="SetFailure"/>.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

    /// <summary>Completes with a reply (converted, or turned into an exception for error replies). Claim first.</summary>
    public abstract void SetReply(RedisResult reply);

    /// <summary>Completes with an exception. Claim first.</summary>
    public abstract void SetFailure(Exception exception);

    /// <summary>The queue that held this command is done with it (its reply was read, or it was dropped).</summary>
    public abstract void ReleaseQueueReference();

    protected void ResetClaim() => Volatile.Write(ref _claimed, 0);
}
