using System.Buffers.Binary;

namespace Baas.Events;

/// <summary>Writes little-endian fields into a span; the caller sizes the span for the largest body.</summary>
public ref struct BodyWriter
{
    private readonly Span<byte> _dest;
    private int _pos;

    /// <summary>Writes into <paramref name="dest"/> from its start.</summary>
    public BodyWriter(Span<byte> dest)
    {
        _dest = dest;
        _pos = 0;
    }

    /// <summary>Bytes written.</summary>
    public readonly int Written => _pos;

    public void U8(byte value) => _dest[_pos++] = value;

    public void Bool(bool value) => _dest[_pos++] = value ? (byte)1 : (byte)0;

    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_dest[_pos..], value);
        _pos += 2;
    }

    public void I32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_dest[_pos..], value);
        _pos += 4;
    }

    public void I64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_dest[_pos..], value);
        _pos += 8;
    }

    /// <summary>A length byte then up to 255 bytes.</summary>
    public void Text(ReadOnlySpan<byte> value)
    {
        var n = Math.Min(value.Length, 255);
        _dest[_pos++] = (byte)n;
        value[..n].CopyTo(_dest[_pos..]);
        _pos += n;
    }

    /// <summary>Bytes as they are, no length.</summary>
    public void Raw(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_dest[_pos..]);
        _pos += value.Length;
    }
}

/// <summary>Reads what <see cref="BodyWriter"/> wrote; reading past the end sets <see cref="Failed"/> and returns zeros.</summary>
public ref struct BodyReader
{
    private readonly ReadOnlySpan<byte> _src;
    private int _pos;

    /// <summary>Reads <paramref name="src"/> from its start.</summary>
    public BodyReader(ReadOnlySpan<byte> src)
    {
        _src = src;
        _pos = 0;
        Failed = false;
    }

    /// <summary>True once a read ran past the end.</summary>
    public bool Failed { get; private set; }

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _src.Length - _pos;

    public byte U8() => Take(1) ? _src[_pos - 1] : (byte)0;

    public bool Bool() => U8() != 0;

    public ushort U16() => Take(2) ? BinaryPrimitives.ReadUInt16LittleEndian(_src[(_pos - 2)..]) : (ushort)0;

    public int I32() => Take(4) ? BinaryPrimitives.ReadInt32LittleEndian(_src[(_pos - 4)..]) : 0;

    public long I64() => Take(8) ? BinaryPrimitives.ReadInt64LittleEndian(_src[(_pos - 8)..]) : 0;

    public ReadOnlySpan<byte> Text()
    {
        var n = U8();
        return Take(n) ? _src.Slice(_pos - n, n) : default;
    }

    public ReadOnlySpan<byte> Raw(int length) => Take(length) ? _src.Slice(_pos - length, length) : default;

    private bool Take(int n)
    {
        if (Failed || _src.Length - _pos < n)
        {
            Failed = true;
            return false;
        }

        _pos += n;
        return true;
    }
}
