namespace Baas.Redis;

/// <summary>
/// A command got no reply within its timeout. When <see cref="WasSent"/> is true the command reached the
/// connection and may or may not have been executed by the server; when false it never left the client.
/// </summary>
public sealed class RedisTimeoutException : RedisException
{
    public RedisTimeoutException()
    {
    }

    public RedisTimeoutException(string message)
        : base(message)
    {
    }

    public RedisTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RedisTimeoutException(string message, bool wasSent, Exception? innerException = null)
        : base(message, innerException)
    {
        WasSent = wasSent;
    }

    /// <summary>True if the command had been handed to a connection, so the server may have executed it.</summary>
    public bool WasSent { get; }
}
