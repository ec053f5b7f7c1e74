namespace Baas.Redis;

/// <summary>What a <see cref="RedisValue"/> holds.</summary>
public enum RedisValueKind : byte
{
    /// <summary>Nothing: <c>default</c>, or converted from null. Cannot be sent.</summary>
    None,

    /// <summary>A string, sent as UTF-8.</summary>
    Text,

    /// <summary>Bytes, sent unchanged.</summary>
    Bytes,

    /// <summary>A 64-bit integer, sent as decimal text.</summary>
    Integer,

    /// <summary>A double, sent as round-trippable decimal text (<c>inf</c>/<c>-inf</c> for infinities).</summary>
    Double,
}
