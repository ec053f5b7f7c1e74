using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Baas.Redis.Protocol;

/// <summary>
/// Encodes commands as RESP arrays of bulk strings into an <see cref="IBufferWriter{T}"/>, writing through a
/// cached span and committing once at the end. Call <see cref="Commit"/> before the writer goes out of scope.
/// </summary>
[SkipLocalsInit]
internal ref struct RespWriter
{
    // '$' or '*', 20 digits, CRLF.
    private const int MaxHeaderLength = 1 + 20 + 2;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;

    public RespWriter(IBufferWriter<byte> output)
    {
        _output = output;
        _span = output.GetSpan();
        _buffered = 0;
    }

    /// <summary>Encodes a whole command: <c>*n</c> then one bulk string per part.</summary>
    public static void WriteCommand(IBufferWriter<byte> output, string command, ReadOnlySpan<RedisValue> args)
    {
        var writer = new RespWriter(output);
        writer.WriteArrayHeader(1 + args.Length);
        writer.WriteBulkString(command);
        foreach (ref readonly var arg in args)
        {
            writer.WriteBulkString(arg);
        }

        writer.Commit();
    }

    public void WriteArrayHeader(int count) => WriteHeader((byte)'*', count);

    public void WriteBulkString(in RedisValue value)
    {
        switch (value.Kind)
        {
            case RedisValueKind.Text:
                WriteBulkString(value.Text!);
                break;
            case RedisValueKind.Bytes:
                WriteBulkString(value.Bytes.Span);
                break;
            case RedisValueKind.Integer:
                WriteBulkString(value.Integer);
                break;
            case RedisValueKind.Double:
                WriteBulkString(value.Double);
                break;
            default:
                ThrowHelper.ThrowArgument(nameof(value), "A null or default RedisValue cannot be sent.");
                break;
        }
    }

    public void WriteBulkString(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteHeader((byte)'$', length);
        Ensure(length + 2);
        var written = Encoding.UTF8.GetBytes(text, _span);
        WriteCrlf(written);
    }

    public void WriteBulkString(scoped ReadOnlySpan<byte> bytes)
    {
        WriteHeader((byte)'$', bytes.Length);
        if (bytes.Length + 2 <= _span.Length)
        {
            bytes.CopyTo(_span);
            WriteCrlf(bytes.Length);
            return;
        }

        // A payload larger than the space left goes in pieces, so it never needs one contiguous buffer.
        while (!bytes.IsEmpty)
        {
            if (_span.IsEmpty)
            {
                Grow(1);
            }

            var count = Math.Min(_span.Length, bytes.Length);
            bytes[..count].CopyTo(_span);
            Advance(count);
            bytes = bytes[count..];
        }

        Ensure(2);
        WriteCrlf(0);
    }

    public void WriteBulkString(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
        WriteBulkString(digits[..length]);
    }

    public void WriteBulkString(double value)
    {
        if (double.IsInfinity(value))
        {
            WriteBulkString(value > 0 ? "+inf"u8 : "-inf"u8);
            return;
        }

        Span<byte> digits = stackalloc byte[32];
        value.TryFormat(digits, out var length, "R", CultureInfo.InvariantCulture);
        WriteBulkString(digits[..length]);
    }

    public void Commit()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _buffered = 0;
            _span = default;
        }
    }

    private void WriteHeader(byte prefix, long value)
    {
        Ensure(MaxHeaderLength);
        _span[0] = prefix;
        value.TryFormat(_span[1..], out var length, default, CultureInfo.InvariantCulture);
        WriteCrlf(1 + length);
    }

    private void WriteCrlf(int offset)
    {
        _span[offset] = (byte)'\r';
        _span[offset + 1] = (byte)'\n';
        Advance(offset + 2);
    }

    private void Advance(int count)
    {
        _buffered += count;
        _span = _span[count..];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int count)
    {
        if (_span.Length < count)
        {
            Grow(count);
        }
    }

    private void Grow(int count)
    {
        Commit();
        _span = _output.GetSpan(count);
    }
}
