namespace Baas.Redis;

/// <summary>The server answered a command with an error reply (<c>-ERR ...</c>, <c>-BUSYGROUP ...</c>, <c>!...</c>).</summary>
public sealed class RedisServerException : RedisException
{
    public RedisServerException()
    {
    }

    public RedisServerException(string message)
        : base(message)
    {
    }

    public RedisServerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The first word of the error, by Redis convention its code: <c>ERR</c>, <c>WRONGTYPE</c>, <c>NOGROUP</c>.</summary>
    public string ErrorCode
    {
        get
        {
            var space = Message.IndexOf(' ', StringComparison.Ordinal);
            return space < 0 ? Message : Message[..space];
        }
    }
}
