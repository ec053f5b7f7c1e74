namespace Baas.Redis;

/// <summary>
/// The connection failed under a command: it dropped while the command was in flight (<see cref="WasSent"/> is
/// true: the server may or may not have executed it), or the client was disconnected and fails fast, or it was
/// disposed (<see cref="WasSent"/> is false: the command never left the client).
/// </summary>
public sealed class RedisConnectionException : RedisException
{
    public RedisConnectionException()
    {
    }

    public RedisConnectionException(string message)
        : base(message)
    {
    }

    public RedisConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RedisConnectionException(string message, bool wasSent, Exception? innerException = null)
        : base(message, innerException)
    {
        WasSent = wasSent;
    }

    /// <summary>True if the command had been handed to the connection that dropped, so the server may have executed it.</summary>
    public bool WasSent { get; }
}
