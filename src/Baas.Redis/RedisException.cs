namespace Baas.Redis;

/// <summary>The base of every exception the Redis client throws, so callers can catch them all in one place.</summary>
public class RedisException : Exception
{
    public RedisException()
    {
    }

    public RedisException(string message)
        : base(message)
    {
    }

    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
