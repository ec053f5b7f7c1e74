namespace Baas.Redis;

/// <summary>The protocol version a client asks for when it connects.</summary>
public enum RedisProtocol : byte
{
    /// <summary>RESP2: no handshake needed, works with every Redis version.</summary>
    Resp2 = 2,

    /// <summary>RESP3: the client sends <c>HELLO 3</c> on every connect (Redis 6 or later).</summary>
    Resp3 = 3,
}
