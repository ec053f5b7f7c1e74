using System.Globalization;
using System.Text;

namespace Baas.Redis;

/// <summary>
/// One command argument: text (sent as UTF-8), bytes (sent as they are), an integer or a double. Converts
/// implicitly from each, so <c>client.ExecuteAsync("SET", key, payload)</c> needs no wrapping. Binary-safe.
/// </summary>
public readonly struct RedisValue
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _integer;

    private RedisValue(RedisValueKind kind, string? text, ReadOnlyMemory<byte> bytes, long integer)
    {
        Kind = kind;
        _text = text;
        _bytes = bytes;
        _integer = integer;
    }

    /// <summary>What the value holds; <see cref="RedisValueKind.None"/> for <c>default</c> and for null text or bytes.</summary>
    public RedisValueKind Kind { get; }

    /// <summary>The text, if <see cref="Kind"/> is <see cref="RedisValueKind.Text"/>.</summary>
    public string? Text => _text;

    /// <summary>The bytes, if <see cref="Kind"/> is <see cref="RedisValueKind.Bytes"/>.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>The integer, if <see cref="Kind"/> is <see cref="RedisValueKind.Integer"/>.</summary>
    public long Integer => _integer;

    /// <summary>The double, if <see cref="Kind"/> is <see cref="RedisValueKind.Double"/>.</summary>
    public double Double => BitConverter.Int64BitsToDouble(_integer);

    public static implicit operator RedisValue(string? text) =>
        text is null ? default : new(RedisValueKind.Text, text, default, 0);

    public static implicit operator RedisValue(byte[]? bytes) =>
        bytes is null ? default : new(RedisValueKind.Bytes, null, bytes, 0);

    public static implicit operator RedisValue(ReadOnlyMemory<byte> bytes) => new(RedisValueKind.Bytes, null, bytes, 0);

    public static implicit operator RedisValue(Memory<byte> bytes) => new(RedisValueKind.Bytes, null, bytes, 0);

    public static implicit operator RedisValue(long value) => new(RedisValueKind.Integer, null, default, value);

    public static implicit operator RedisValue(int value) => new(RedisValueKind.Integer, null, default, value);

    public static implicit operator RedisValue(double value) =>
        new(RedisValueKind.Double, null, default, BitConverter.DoubleToInt64Bits(value));

    /// <summary>The argument as the server will see it (bytes as UTF-8, lossy for binary).</summary>
    public override string ToString() => Kind switch
    {
        RedisValueKind.Text => _text!,
        RedisValueKind.Bytes => Encoding.UTF8.GetString(_bytes.Span),
        RedisValueKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RedisValueKind.Double => Double.ToString("R", CultureInfo.InvariantCulture),
        _ => string.Empty,
    };
}
