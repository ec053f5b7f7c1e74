using System.Globalization;
using System.Numerics;
using System.Text;
using Baas.Redis.Protocol;

namespace Baas.Redis;

/// <summary>
/// One parsed reply: a scalar or an aggregate of replies. Immutable; common replies (OK, PONG, small integers,
/// nulls, booleans, empties) are shared instances, so reading them allocates nothing.
/// </summary>
public sealed class RedisResult
{
    private const int SmallIntegerMin = -1;
    private const int SmallIntegerMax = 1024;
    private static readonly RedisResult[] SmallIntegers = CreateSmallIntegers();

    // string (simple string, error, bulk error, big number), byte[] (bulk, verbatim) or RedisResult[] (aggregates);
    // null for every kind of null.
    private readonly object? _object;

    // The integer, the bits of the double, the boolean, or the packed three-byte format of a verbatim string.
    private readonly long _value;

    private RedisResult(RespType type, object? value, long scalar = 0)
    {
        Type = type;
        _object = value;
        _value = scalar;
    }

    /// <summary><c>+OK</c>.</summary>
    public static RedisResult Ok { get; } = new(RespType.SimpleString, "OK");

    /// <summary><c>+PONG</c>.</summary>
    public static RedisResult Pong { get; } = new(RespType.SimpleString, "PONG");

    /// <summary>The RESP3 null <c>_</c>.</summary>
    public static RedisResult Null { get; } = new(RespType.Null, null);

    /// <summary>The RESP2 null bulk string <c>$-1</c>.</summary>
    public static RedisResult NullBulkString { get; } = new(RespType.BulkString, null);

    /// <summary>The RESP2 null array <c>*-1</c>.</summary>
    public static RedisResult NullArray { get; } = new(RespType.Array, null);

    /// <summary><c>$0</c>: the empty bulk string.</summary>
    public static RedisResult EmptyBulkString { get; } = new(RespType.BulkString, Array.Empty<byte>());

    /// <summary><c>*0</c>: the empty array.</summary>
    public static RedisResult EmptyArray { get; } = new(RespType.Array, Array.Empty<RedisResult>());

    /// <summary><c>#t</c>.</summary>
    public static RedisResult True { get; } = new(RespType.Boolean, null, 1);

    /// <summary><c>#f</c>.</summary>
    public static RedisResult False { get; } = new(RespType.Boolean, null, 0);

    /// <summary>The wire type, after RESP3 attributes have been dropped.</summary>
    public RespType Type { get; }

    /// <summary>True for <c>_</c>, <c>$-1</c> and <c>*-1</c>.</summary>
    public bool IsNull => _object is null && Type is RespType.Null or RespType.BulkString or RespType.Array;

    /// <summary>True for error replies (<c>-</c> and <c>!</c>); read the text with <see cref="ErrorMessage"/>.</summary>
    public bool IsError => Type is RespType.Error or RespType.BulkError;

    /// <summary>True for arrays, maps, sets and pushes (null arrays included).</summary>
    public bool IsAggregate => Type is RespType.Array or RespType.Map or RespType.Set or RespType.Push;

    /// <summary>The error text, or null if this is not an error.</summary>
    public string? ErrorMessage => IsError ? (string?)_object : null;

    /// <summary>The three-letter format of a verbatim string (<c>txt</c>, <c>mkd</c>), or null.</summary>
    public string? VerbatimFormat =>
        Type == RespType.VerbatimString
            ? string.Create(3, _value, static (span, packed) =>
            {
                span[0] = (char)(packed & 0xFF);
                span[1] = (char)((packed >> 8) & 0xFF);
                span[2] = (char)((packed >> 16) & 0xFF);
            })
            : null;

    /// <summary>The number of items of an aggregate (a map counts keys and values: twice its entries); 0 when null.</summary>
    public int Count => Items.Length;

    /// <summary>The items of an aggregate in wire order (a map interleaves keys and values); empty for any null.</summary>
    public ReadOnlySpan<RedisResult> Items =>
        IsAggregate || IsNull
            ? (RedisResult[]?)_object ?? []
            : ThrowHelper.ThrowInvalidCast<RedisResult[]>(Type, "an aggregate");

    /// <summary>One item of an aggregate.</summary>
    public RedisResult this[int index] => Items[index];

    /// <summary>
    /// Reads a map, or a RESP2 array of alternating keys and values, as pairs. Commands such as XINFO answer
    /// with a map in RESP3 and a flat array in RESP2; this reads both.
    /// </summary>
    public IReadOnlyList<KeyValuePair<RedisResult, RedisResult>> AsPairs()
    {
        var items = Items;
        if (items.Length % 2 != 0)
        {
            ThrowHelper.ThrowUnexpectedReply(this, "a map or an even-length array");
        }

        var pairs = new KeyValuePair<RedisResult, RedisResult>[items.Length / 2];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = new(items[2 * i], items[(2 * i) + 1]);
        }

        return pairs;
    }

    /// <summary>The value as text (UTF-8 for binary strings); null for nulls.</summary>
    public string? AsString() => Type switch
    {
        RespType.SimpleString or RespType.Error or RespType.BulkError or RespType.BigNumber => (string)_object!,
        RespType.BulkString or RespType.VerbatimString => _object is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null,
        RespType.Integer => _value.ToString(CultureInfo.InvariantCulture),
        RespType.Double => BitConverter.Int64BitsToDouble(_value).ToString("R", CultureInfo.InvariantCulture),
        RespType.Null => null,
        _ => IsNull ? null : ThrowHelper.ThrowInvalidCast<string>(Type, "a string"),
    };

    /// <summary>The value's bytes: the payload itself for bulk and verbatim strings (not a copy); null for nulls.</summary>
    public byte[]? AsBytes() => Type switch
    {
        RespType.BulkString or RespType.VerbatimString => (byte[]?)_object,
        RespType.Null => null,
        _ => IsNull ? null : Encoding.UTF8.GetBytes(AsString()!),
    };

    /// <summary>An integer, a boolean (1/0) or a string holding a decimal integer.</summary>
    public long AsInt64()
    {
        switch (Type)
        {
            case RespType.Integer:
            case RespType.Boolean:
                return _value;
            case RespType.BulkString when _object is byte[] bytes:
                if (RespReader.TryParseInt64(bytes, out var parsed))
                {
                    return parsed;
                }

                break;
            case RespType.SimpleString:
            case RespType.BigNumber:
                if (long.TryParse((string)_object!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                break;
        }

        return ThrowHelper.ThrowInvalidCast<long>(Type, "a 64-bit integer");
    }

    /// <summary>Like <see cref="AsInt64"/>, but null for nulls.</summary>
    public long? AsNullableInt64() => IsNull ? null : AsInt64();

    /// <summary>A double, an integer or a string holding a number (<c>inf</c>, <c>-inf</c> and <c>nan</c> included).</summary>
    public double AsDouble()
    {
        switch (Type)
        {
            case RespType.Double:
                return BitConverter.Int64BitsToDouble(_value);
            case RespType.Integer:
                return _value;
            case RespType.BulkString when _object is byte[] bytes:
                if (RespReader.TryParseDouble(bytes, out var parsed))
                {
                    return parsed;
                }

                break;
            case RespType.SimpleString:
            case RespType.BigNumber:
                if (RespReader.TryParseDouble(Encoding.UTF8.GetBytes((string)_object!), out var value))
                {
                    return value;
                }

                break;
        }

        return ThrowHelper.ThrowInvalidCast<double>(Type, "a double");
    }

    /// <summary>A boolean, or an integer (non-zero is true).</summary>
    public bool AsBoolean() => Type is RespType.Boolean or RespType.Integer
        ? _value != 0
        : ThrowHelper.ThrowInvalidCast<bool>(Type, "a boolean");

    /// <summary>A big number or an integer of any size.</summary>
    public BigInteger AsBigInteger() => Type switch
    {
        RespType.Integer => _value,
        RespType.BigNumber => BigInteger.Parse((string)_object!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        RespType.BulkString when _object is byte[] bytes =>
            BigInteger.Parse(Encoding.ASCII.GetString(bytes), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        _ => ThrowHelper.ThrowInvalidCast<BigInteger>(Type, "a big integer"),
    };

    /// <summary>A short, readable rendering for logs and test failures (binary bytes escaped, long values cut).</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Render(builder, 0);
        return builder.ToString();
    }

    internal static RedisResult SimpleString(string value) => new(RespType.SimpleString, value);

    internal static RedisResult Error(string message) => new(RespType.Error, message);

    internal static RedisResult BulkError(string message) => new(RespType.BulkError, message);

    internal static RedisResult BigNumber(string digits) => new(RespType.BigNumber, digits);

    internal static RedisResult Integer(long value) =>
        value is >= SmallIntegerMin and <= SmallIntegerMax ? SmallIntegers[value - SmallIntegerMin] : new(RespType.Integer, null, value);

    internal static RedisResult Double(double value) => new(RespType.Double, null, BitConverter.DoubleToInt64Bits(value));

    internal static RedisResult Boolean(bool value) => value ? True : False;

    internal static RedisResult BulkString(byte[] value) => value.Length == 0 ? EmptyBulkString : new(RespType.BulkString, value);

    internal static RedisResult Verbatim(ReadOnlySpan<byte> format, byte[] content) =>
        new(RespType.VerbatimString, content, format[0] | (format[1] << 8) | (format[2] << 16));

    internal static RedisResult Aggregate(RespType type, RedisResult[] items) =>
        type == RespType.Array && items.Length == 0 ? EmptyArray : new(type, items);

    private static RedisResult[] CreateSmallIntegers()
    {
        var values = new RedisResult[SmallIntegerMax - SmallIntegerMin + 1];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new RedisResult(RespType.Integer, null, i + SmallIntegerMin);
        }

        return values;
    }

    private void Render(StringBuilder builder, int depth)
    {
        const int MaxItems = 16;
        if (IsNull)
        {
            builder.Append(Type switch { RespType.BulkString => "$-1", RespType.Array => "*-1", _ => "_" });
            return;
        }

        switch (Type)
        {
            case RespType.SimpleString:
                builder.Append('+').Append(Cut((string)_object!));
                return;
            case RespType.Error:
                builder.Append('-').Append(Cut((string)_object!));
                return;
            case RespType.BulkError:
                builder.Append('!').Append(Cut((string)_object!));
                return;
            case RespType.BigNumber:
                builder.Append('(').Append(Cut((string)_object!));
                return;
            case RespType.Integer:
                builder.Append(':').Append(_value);
                return;
            case RespType.Double:
                builder.Append(',').Append(AsString());
                return;
            case RespType.Boolean:
                builder.Append(_value != 0 ? "#t" : "#f");
                return;
            case RespType.BulkString:
            case RespType.VerbatimString:
                var bytes = (byte[])_object!;
                builder.Append(Type == RespType.BulkString ? '$' : '=').Append(bytes.Length).Append(" \"");
                if (Type == RespType.VerbatimString)
                {
                    builder.Append(VerbatimFormat).Append(':');
                }

                foreach (var b in bytes.AsSpan(0, Math.Min(bytes.Length, 64)))
                {
                    _ = b is >= 0x20 and < 0x7F && b != '"' && b != '\\' ? builder.Append((char)b) : builder.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
                }

                builder.Append(bytes.Length > 64 ? "\"..." : "\"");
                return;
        }

        var items = (RedisResult[])_object!;
        builder.Append(Type switch { RespType.Map => '%', RespType.Set => '~', RespType.Push => '>', _ => '*' })
            .Append(Type == RespType.Map ? items.Length / 2 : items.Length).Append(" [");
        if (depth >= 4)
        {
            builder.Append(items.Length == 0 ? "]" : "...]");
            return;
        }

        for (var i = 0; i < items.Length && i < MaxItems; i++)
        {
            if (i > 0)
            {
                builder.Append(Type == RespType.Map && i % 2 == 1 ? ": " : ", ");
            }

            items[i].Render(builder, depth + 1);
        }

        builder.Append(items.Length > MaxItems ? ", ...]" : "]");
    }

    private static string Cut(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
