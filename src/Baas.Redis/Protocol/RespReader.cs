using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Baas.Redis.Protocol;

/// <summary>
/// Reads RESP2 and RESP3 replies from a buffer that may hold part of a reply, one reply or many. Every
/// <c>Try</c> method returns false on partial input, leaving the reader where the reply starts, and throws
/// <see cref="RedisProtocolException"/> only for bytes that can never become valid RESP.
/// </summary>
/// <remarks>
/// Aggregates are first skipped (which allocates nothing) to learn that they are complete, then read into a
/// <see cref="RedisResult"/> tree, so partial input never allocates and a claimed element count never sizes an
/// array before the elements are there. RESP3 attributes are skipped; streamed strings and aggregates
/// (<c>$?</c>, <c>*?</c>) are not supported (Redis does not send them).
/// </remarks>
[SkipLocalsInit]
public ref struct RespReader
{
    /// <summary>Redis' own default <c>proto-max-bulk-len</c>.</summary>
    public const long DefaultMaxBulkLength = 512L * 1024 * 1024;

    /// <summary>Deepest nesting accepted; Redis replies nest a handful of levels, and recursion must stay bounded.</summary>
    public const int MaxDepth = 64;

    /// <summary>Longest simple string, error or big number line accepted.</summary>
    public const int MaxLineLength = 64 * 1024;

    // "-9223372036854775808" is 20 bytes and the longest "%.17g" double 24: anything past 32 is garbage.
    private const int MaxNumberLength = 32;

    private readonly long _maxBulkLength;
    private SequenceReader<byte> _reader;

    public RespReader(ReadOnlySequence<byte> buffer, long maxBulkLength = DefaultMaxBulkLength)
    {
        _reader = new SequenceReader<byte>(buffer);
        _maxBulkLength = maxBulkLength;
    }

    /// <summary>Where the next reply starts (everything before it has been read).</summary>
    public readonly SequencePosition Position => _reader.Position;

    /// <summary>Bytes read so far.</summary>
    public readonly long Consumed => _reader.Consumed;

    /// <summary>Bytes not read yet.</summary>
    public readonly long Remaining => _reader.Remaining;

    /// <summary>Reads one whole reply, or returns false (and reads nothing) if the buffer ends inside it.</summary>
    public bool TryReadValue([NotNullWhen(true)] out RedisResult? result)
    {
        var start = _reader;
        if (!_reader.TryPeek(out var prefix))
        {
            result = null;
            return false;
        }

        if (prefix is (byte)'*' or (byte)'%' or (byte)'~' or (byte)'>' or (byte)'|')
        {
            if (!TryReadCore(0, build: false, out _))
            {
                _reader = start;
                result = null;
                return false;
            }

            _reader = start;
            if (!TryReadCore(0, build: true, out var built))
            {
                ThrowHelper.ThrowInvalidOperation("A reply that was complete when skipped was incomplete when read.");
            }

            result = built!;
            return true;
        }

        if (TryReadCore(0, build: true, out var scalar))
        {
            result = scalar!;
            return true;
        }

        _reader = start;
        result = null;
        return false;
    }

    /// <summary>Skips one whole reply without allocating, or returns false (and skips nothing) if it is incomplete.</summary>
    public bool TrySkipValue()
    {
        var start = _reader;
        if (TryReadCore(0, build: false, out _))
        {
            return true;
        }

        _reader = start;
        return false;
    }

    /// <summary>Strict decimal: an optional '-', then 1 to 19 digits, no '+', no spaces, no overflow.</summary>
    internal static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var negative = !text.IsEmpty && text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.IsEmpty || digits.Length > 19)
        {
            return false;
        }

        ulong magnitude = 0;
        foreach (var b in digits)
        {
            var digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false;
            }

            // 19 digits stay below ulong.MaxValue, so only the final range check is needed.
            magnitude = (magnitude * 10) + digit;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = unchecked((long)(0 - magnitude));
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>A RESP3 double: <c>inf</c>, <c>-inf</c>, <c>nan</c> or a decimal with optional sign and exponent.</summary>
    internal static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        if (text.SequenceEqual("inf"u8) || text.SequenceEqual("+inf"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (text.SequenceEqual("-inf"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }

        if (text.SequenceEqual("nan"u8) || text.SequenceEqual("-nan"u8))
        {
            value = double.NaN;
            return true;
        }

        return double.TryParse(
            text,
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture,
            out value);
    }

    private bool TryReadCore(int depth, bool build, out RedisResult? result)
    {
        result = null;
        Span<byte> scratch = stackalloc byte[MaxNumberLength];
        while (true)
        {
            if (!_reader.TryRead(out var prefix))
            {
                return false;
            }

            switch (prefix)
            {
                case (byte)'+':
                    {
                        if (!TryReadTextLine(out var line))
                        {
                            return false;
                        }

                        if (build)
                        {
                            result = SimpleString(line);
                        }

                        return true;
                    }

                case (byte)'-':
                    {
                        if (!TryReadTextLine(out var line))
                        {
                            return false;
                        }

                        if (build)
                        {
                            result = RedisResult.Error(Encoding.UTF8.GetString(line));
                        }

                        return true;
                    }

                case (byte)':':
                    {
                        if (!TryReadInteger(out var value))
                        {
                            return false;
                        }

                        if (build)
                        {
                            result = RedisResult.Integer(value);
                        }

                        return true;
                    }

                case (byte)'$':
                    {
                        if (!TryReadInteger(out var length))
                        {
                            return false;
                        }

                        if (length == -1)
                        {
                            result = RedisResult.NullBulkString;
                            return true;
                        }

                        if (!TryReadBlob(length, build, out var bytes))
                        {
                            return false;
                        }

                        if (build)
                        {
                            result = RedisResult.BulkString(bytes!);
                        }

                        return true;
                    }

                case (byte)'!':
                    {
                        if (!TryReadInteger(out var length) || !TryReadBlob(length, build, out var bytes))
                        {
                            return false;
                        }

                        if (build)
                        {
                            result = RedisResult.BulkError(Encoding.UTF8.GetString(bytes!));
                        }

                        return true;
                    }

                case (byte)'=':
                    return TryReadVerbatim(build, out result);

                case (byte)'_':
                    {
                        if (!TryReadLine(out var line, MaxNumberLength))
                        {
                            return false;
                        }

                        if (!line.IsEmpty)
                        {
                            ThrowHelper.ThrowProtocol("A RESP3 null '_' must be followed directly by CRLF.");
                        }

                        result = RedisResult.Null;
                        return true;
                    }

                case (byte)'#':
                    {
                        if (!TryReadLine(out var line, MaxNumberLength))
                        {
                            return false;
                        }

                        var text = Flatten(line, scratch);
                        if (text.Length != 1 || (text[0] != 't' && text[0] != 'f'))
                        {
                            ThrowHelper.ThrowProtocol("A RESP3 boolean must be '#t' or '#f'.");
                        }

                        result = RedisResult.Boolean(text[0] == 't');
                        return true;
                    }

                case (byte)',':
                    {
                        if (!TryReadLine(out var line, MaxNumberLength))
                        {
                            return false;
                        }

                        if (!TryParseDouble(Flatten(line, scratch), out var value))
                        {
                            ThrowHelper.ThrowProtocol("A RESP3 double is not a number.");
                        }

                        if (build)
                        {
                            result = RedisResult.Double(value);
                        }

                        return true;
                    }

                case (byte)'(':
                    {
                        if (!TryReadLine(out var line, MaxLineLength))
                        {
                            return false;
                        }

                        if (!IsBigNumber(line))
                        {
                            ThrowHelper.ThrowProtocol("A RESP3 big number must be an optional '-' and decimal digits.");
                        }

                        if (build)
                        {
                            result = RedisResult.BigNumber(Encoding.ASCII.GetString(line));
                        }

                        return true;
                    }

                case (byte)'*':
                case (byte)'%':
                case (byte)'~':
                case (byte)'>':
                case (byte)'|':
                    {
                        if (!TryReadInteger(out var count))
                        {
                            return false;
                        }

                        if (count == -1 && prefix == '*')
                        {
                            result = RedisResult.NullArray;
                            return true;
                        }

                        if (count < 0)
                        {
                            ThrowHelper.ThrowProtocol($"Negative element count {count} for a '{(char)prefix}' aggregate.");
                        }

                        if (depth >= MaxDepth)
                        {
                            ThrowHelper.ThrowProtocol($"Replies nested deeper than {MaxDepth} levels are not accepted.");
                        }

                        var paired = prefix is (byte)'%' or (byte)'|';
                        if (count > (paired ? Array.MaxLength / 2 : Array.MaxLength))
                        {
                            ThrowHelper.ThrowProtocol($"Element count {count} is larger than any array.");
                        }

                        var items = (int)(paired ? count * 2 : count);
                        if (prefix == '|')
                        {
                            // An attribute describes the reply that follows it; we drop it and read that reply.
                            for (var i = 0; i < items; i++)
                            {
                                if (!TryReadCore(depth + 1, build: false, out _))
                                {
                                    return false;
                                }
                            }

                            continue;
                        }

                        // Only ever built after a skip pass found every element present, so the count is real.
                        var array = build ? items == 0 ? [] : new RedisResult[items] : null;
                        for (var i = 0; i < items; i++)
                        {
                            if (!TryReadCore(depth + 1, build, out var item))
                            {
                                return false;
                            }

                            if (array is not null)
                            {
                                array[i] = item!;
                            }
                        }

                        if (array is not null)
                        {
                            var type = prefix switch
                            {
                                (byte)'%' => RespType.Map,
                                (byte)'~' => RespType.Set,
                                (byte)'>' => RespType.Push,
                                _ => RespType.Array,
                            };
                            result = RedisResult.Aggregate(type, array);
                        }

                        return true;
                    }

                default:
                    ThrowHelper.ThrowProtocol($"Unknown RESP type byte 0x{prefix:x2} at offset {_reader.Consumed - 1}.");
                    return false;
            }
        }
    }

    private static RedisResult SimpleString(ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            var span = line.FirstSpan;
            if (span.SequenceEqual("OK"u8))
            {
                return RedisResult.Ok;
            }

            if (span.SequenceEqual("PONG"u8))
            {
                return RedisResult.Pong;
            }
        }

        return RedisResult.SimpleString(Encoding.UTF8.GetString(line));
    }

    private static ReadOnlySpan<byte> Flatten(in ReadOnlySequence<byte> line, Span<byte> scratch)
    {
        if (line.IsSingleSegment)
        {
            return line.FirstSpan;
        }

        line.CopyTo(scratch);
        return scratch[..(int)line.Length];
    }

    private static bool IsBigNumber(in ReadOnlySequence<byte> line)
    {
        var digits = 0;
        var first = true;
        foreach (var memory in line)
        {
            foreach (var b in memory.Span)
            {
                if (first && b == '-')
                {
                    first = false;
                    continue;
                }

                first = false;
                if ((uint)(b - '0') > 9)
                {
                    return false;
                }

                digits++;
            }
        }

        return digits > 0;
    }

    // A line up to CRLF, CRLF consumed. A line that cannot end within maxLength bytes is garbage.
    private bool TryReadLine(out ReadOnlySequence<byte> line, int maxLength)
    {
        if (!_reader.TryReadTo(out line, (byte)'\r', advancePastDelimiter: true))
        {
            if (_reader.Remaining > maxLength)
            {
                ThrowHelper.ThrowProtocol($"No CRLF within {maxLength} bytes of a RESP line.");
            }

            return false;
        }

        if (line.Length > maxLength)
        {
            ThrowHelper.ThrowProtocol($"A RESP line is longer than {maxLength} bytes.");
        }

        if (!_reader.TryRead(out var lf))
        {
            return false;
        }

        if (lf != '\n')
        {
            ThrowHelper.ThrowProtocol("CR not followed by LF in a RESP line.");
        }

        return true;
    }

    private bool TryReadTextLine(out ReadOnlySequence<byte> line)
    {
        if (!TryReadLine(out line, MaxLineLength))
        {
            return false;
        }

        if (line.PositionOf((byte)'\n') is not null)
        {
            ThrowHelper.ThrowProtocol("A RESP simple string or error contains LF.");
        }

        return true;
    }

    private bool TryReadInteger(out long value)
    {
        if (!TryReadLine(out var line, MaxNumberLength))
        {
            value = 0;
            return false;
        }

        Span<byte> scratch = stackalloc byte[MaxNumberLength];
        if (!TryParseInt64(Flatten(line, scratch), out value))
        {
            ThrowHelper.ThrowProtocol("A RESP integer or length is not a 64-bit decimal.");
        }

        return true;
    }

    // The payload of a length-prefixed string and its CRLF; the length is checked before anything is buffered.
    private bool TryReadBlob(long length, bool build, out byte[]? bytes)
    {
        bytes = null;
        if (length < 0 || length > _maxBulkLength)
        {
            ThrowHelper.ThrowProtocol($"Bulk length {length} is outside 0..{_maxBulkLength}.");
        }

        if (_reader.Remaining < length + 2)
        {
            return false;
        }

        if (build)
        {
            bytes = length == 0 ? [] : new byte[length];
            _reader.TryCopyTo(bytes);
        }

        _reader.Advance(length);
        _reader.TryRead(out var cr);
        _reader.TryRead(out var lf);
        if (cr != '\r' || lf != '\n')
        {
            ThrowHelper.ThrowProtocol("A bulk string is not followed by CRLF (its length is wrong).");
        }

        return true;
    }

    private bool TryReadVerbatim(bool build, out RedisResult? result)
    {
        result = null;
        if (!TryReadInteger(out var length))
        {
            return false;
        }

        if (length < 4)
        {
            ThrowHelper.ThrowProtocol("A verbatim string must start with a three-letter format and ':'.");
        }

        if (length > _maxBulkLength)
        {
            ThrowHelper.ThrowProtocol($"Bulk length {length} is outside 0..{_maxBulkLength}.");
        }

        if (_reader.Remaining < length + 2)
        {
            return false;
        }

        Span<byte> format = stackalloc byte[4];
        _reader.TryCopyTo(format);
        if (format[3] != ':')
        {
            ThrowHelper.ThrowProtocol("A verbatim string must start with a three-letter format and ':'.");
        }

        _reader.Advance(4);
        if (!TryReadBlob(length - 4, build, out var content))
        {
            return false;
        }

        if (build)
        {
            result = RedisResult.Verbatim(format, content!);
        }

        return true;
    }
}
