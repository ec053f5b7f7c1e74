namespace Baas.Redis;

/// <summary>How a <see cref="RedisClient"/> connects, times out and reconnects. Immutable once the client is built.</summary>
public sealed class RedisClientOptions
{
    /// <summary>The server, as <c>host:port</c> (for tests, the value of <c>BAAS_REDIS</c>).</summary>
    public string EndPoint { get; init; } = "127.0.0.1:6379";

    /// <summary>How long a command may wait for its reply, including time spent waiting for a (re)connection. Default 5 s.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Limit for one connection attempt: TCP connect plus handshake. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The delay before the first reconnect attempt; it doubles on every failed attempt (with jitter). Default 100 ms.</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap of the doubling reconnect delay. Default 5 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When false (the default) commands issued while disconnected wait, unsent, for the reconnect until their
    /// timeout; when true they fail at once with <see cref="RedisConnectionException"/>.
    /// </summary>
    public bool FailFastWhenDisconnected { get; init; }

    /// <summary>
    /// When the oldest command in flight is this far past its own deadline with still no reply, the server is
    /// taken to be unreachable (a half-open TCP connection never reports an error) and the connection is
    /// replaced. Default 5 s.
    /// </summary>
    public TimeSpan UnresponsiveTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>RESP2 (the default) or RESP3 (sends <c>HELLO 3</c> on every connect).</summary>
    public RedisProtocol Protocol { get; init; } = RedisProtocol.Resp2;

    /// <summary>ACL user for AUTH; null for the default user.</summary>
    public string? User { get; init; }

    /// <summary>Password for AUTH; null for none.</summary>
    public string? Password { get; init; }

    /// <summary>Sent with CLIENT SETNAME (or HELLO SETNAME) so CLIENT LIST shows who is who; null for none.</summary>
    public string? ClientName { get; init; }

    /// <summary>The database selected on every connect. Default 0.</summary>
    public int Database { get; init; }

    /// <summary>
    /// Commands in flight plus commands waiting for a connection. Past this a new command fails at once with
    /// <see cref="RedisException"/> rather than queueing without bound. Default 100,000.
    /// </summary>
    public int MaxPendingCommands { get; init; } = 100_000;

    /// <summary>The largest reply the client buffers; a bigger one closes the connection. Default 512 MiB.</summary>
    public long MaxReplySize { get; init; } = 512L * 1024 * 1024;

    internal void Validate()
    {
        if (!RedisEndPoint.TryParse(EndPoint, out _))
        {
            ThrowHelper.ThrowArgument(nameof(EndPoint), $"'{EndPoint}' is not host:port.");
        }

        RequirePositive(CommandTimeout, nameof(CommandTimeout), allowInfinite: true);
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout), allowInfinite: false);
        RequirePositive(ReconnectBaseDelay, nameof(ReconnectBaseDelay), allowInfinite: false);
        RequirePositive(ReconnectMaxDelay, nameof(ReconnectMaxDelay), allowInfinite: false);
        RequirePositive(UnresponsiveTimeout, nameof(UnresponsiveTimeout), allowInfinite: true);
        if (ReconnectMaxDelay < ReconnectBaseDelay)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(ReconnectMaxDelay), "Must not be below ReconnectBaseDelay.");
        }

        if (Protocol is not RedisProtocol.Resp2 and not RedisProtocol.Resp3)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(Protocol), "Must be Resp2 or Resp3.");
        }

        if (Database < 0 || MaxPendingCommands < 1 || MaxReplySize < 1024)
        {
            ThrowHelper.ThrowArgumentOutOfRange(
                nameof(Database), "Database must be >= 0, MaxPendingCommands >= 1 and MaxReplySize >= 1024.");
        }
    }

    private static void RequirePositive(TimeSpan value, string name, bool allowInfinite)
    {
        if (value <= TimeSpan.Zero && !(allowInfinite && value == Timeout.InfiniteTimeSpan))
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, allowInfinite ? "Must be positive or infinite." : "Must be positive.");
        }
    }
}
