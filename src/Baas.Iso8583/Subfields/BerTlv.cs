namespace Baas.Iso8583.Subfields;

/// <summary>Lookups and writing over EMV BER-TLV data (DE55).</summary>
public static class BerTlv
{
    /// <summary>Finds the first element with <paramref name="tag"/>, searching inside constructed elements too.</summary>
    public static bool TryFind(ReadOnlySpan<byte> data, uint tag, out ReadOnlySpan<byte> value)
    {
        var reader = new BerTlvReader(data);
        while (reader.Read())
        {
            if (reader.Tag == tag)
            {
                value = reader.Value;
                return true;
            }

            if (reader.IsConstructed && TryFind(reader.Value, tag, out value))
            {
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>True when the whole of <paramref name="data"/> is a sequence of well-formed elements.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> data)
    {
        var reader = new BerTlvReader(data);
        while (reader.Read())
        {
        }

        return !reader.IsMalformed;
    }

    /// <summary>Bytes needed to write one element.</summary>
    public static int SizeOf(uint tag, int valueLength) => TagBytes(tag) + LengthBytes(valueLength) + valueLength;

    /// <summary>Writes one element into <paramref name="dest"/> and returns the bytes written; 0 when it does not fit.</summary>
    public static int Write(uint tag, ReadOnlySpan<byte> value, Span<byte> dest)
    {
        var size = SizeOf(tag, value.Length);
        if (dest.Length < size)
        {
            return 0;
        }

        var pos = 0;
        for (var i = TagBytes(tag) - 1; i >= 0; i--)
        {
            dest[pos++] = (byte)(tag >> (i * 8));
        }

        var len = value.Length;
        var lengthBytes = LengthBytes(len);
        if (lengthBytes == 1)
        {
            dest[pos++] = (byte)len;
        }
        else
        {
            dest[pos++] = (byte)(0x80 | (lengthBytes - 1));
            for (var i = lengthBytes - 2; i >= 0; i--)
            {
                dest[pos++] = (byte)(len >> (i * 8));
            }
        }

        value.CopyTo(dest[pos..]);
        return size;
    }

    private static int TagBytes(uint tag) => tag > 0xFFFFFF ? 4 : tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1;

    private static int LengthBytes(int length) => length < 0x80 ? 1 : length <= 0xFF ? 2 : length <= 0xFFFF ? 3 : 4;
}
