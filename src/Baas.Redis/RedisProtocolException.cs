namespace Baas.Redis;

/// <summary>
/// The bytes from the server are not valid RESP, break a limit (bulk length, nesting depth, line length) or
/// do not have the shape a typed command expects. The connection that read them is closed.
/// </summary>
public sealed class RedisProtocolException : RedisException
{
    public RedisProtocolException()
    {
    }

    public RedisProtocolException(string message)
        : base(message)
    {
    }

    public RedisProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
