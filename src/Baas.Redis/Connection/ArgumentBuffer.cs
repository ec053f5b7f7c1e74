using System.Runtime.CompilerServices;

namespace Baas.Redis.Connection;

/// <summary>Stack room for the arguments of a typed command, so building one allocates nothing.</summary>
[InlineArray(Length)]
internal struct ArgumentBuffer
{
    public const int Length = 16;

    private RedisValue _element;
}
