using System.Diagnostics.CodeAnalysis;

namespace Baas.Redis;

/// <summary>Throws from one place so the parser and the send path stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowProtocol(string message) => throw new RedisProtocolException(message);

    [DoesNotReturn]
    public static T ThrowProtocol<T>(string message) => throw new RedisProtocolException(message);

    [DoesNotReturn]
    public static void ThrowUnexpectedReply(RedisResult result, string expected) =>
        throw new RedisProtocolException($"Expected {expected} but the server replied {result}.");

    [DoesNotReturn]
    public static T ThrowUnexpectedReply<T>(RedisResult result, string expected) =>
        throw new RedisProtocolException($"Expected {expected} but the server replied {result}.");

    [DoesNotReturn]
    public static T ThrowInvalidCast<T>(RespType type, string target) =>
        throw new InvalidCastException($"A RESP {type} reply cannot be read as {target}.");

    [DoesNotReturn]
    public static void ThrowArgument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, string message) =>
        throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);
}
