namespace Baas.Redis.Connection;

/// <summary>The reply as parsed.</summary>
internal struct RawReply : IReplyConverter<RedisResult>
{
    public static RedisResult Convert(RedisResult reply) => reply;
}

/// <summary>Text, or null for a null reply.</summary>
internal struct StringReply : IReplyConverter<string?>
{
    public static string? Convert(RedisResult reply) => reply.AsString();
}

/// <summary>Bytes, or null for a null reply.</summary>
internal struct BytesReply : IReplyConverter<byte[]?>
{
    public static byte[]? Convert(RedisResult reply) => reply.AsBytes();
}

/// <summary>An integer reply.</summary>
internal struct Int64Reply : IReplyConverter<long>
{
    public static long Convert(RedisResult reply) =>
        reply.Type == RespType.Integer ? reply.AsInt64() : ThrowHelper.ThrowUnexpectedReply<long>(reply, "an integer");
}

/// <summary>True for a status reply such as +OK, false for a null reply (SET NX/XX that did not write).</summary>
internal struct OkOrNullReply : IReplyConverter<bool>
{
    public static bool Convert(RedisResult reply) => !reply.IsNull;
}

/// <summary>The +OK of XGROUP CREATE is true; a BUSYGROUP error (the group exists) is false; other errors throw.</summary>
internal struct CreateGroupReply : IReplyConverter<bool>
{
    public static bool AcceptsErrors => true;

    public static bool Convert(RedisResult reply)
    {
        if (!reply.IsError)
        {
            return true;
        }

        var message = reply.ErrorMessage!;
        return message.StartsWith("BUSYGROUP", StringComparison.Ordinal) ? false : throw new RedisServerException(message);
    }
}

/// <summary>Text that is never null (PING's PONG, XADD's id).</summary>
internal struct TextReply : IReplyConverter<string>
{
    public static string Convert(RedisResult reply) =>
        reply.AsString() ?? ThrowHelper.ThrowUnexpectedReply<string>(reply, "a string");
}
