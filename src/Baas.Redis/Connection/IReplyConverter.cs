namespace Baas.Redis.Connection;

/// <summary>
/// Turns a reply into a typed result on the read loop. Static members, so a <c>where TConverter : IReplyConverter&lt;T&gt;</c>
/// call site compiles to a direct call with no converter object.
/// </summary>
internal interface IReplyConverter<T>
{
    /// <summary>True if error replies reach <see cref="Convert"/> instead of failing the command with <see cref="RedisServerException"/>.</summary>
    static virtual bool AcceptsErrors => false;

    static abstract T Convert(RedisResult reply);
}
