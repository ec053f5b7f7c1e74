namespace Baas.Iso8583.Subfields;

/// <summary>
/// Reads EMV BER-TLV elements in order: multi-byte tags, short and long-form lengths (up to four length bytes),
/// and zero padding bytes between elements. Unknown tags are simply returned like any other.
/// </summary>
public ref struct BerTlvReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    /// <summary>Starts reading at the beginning of <paramref name="data"/>.</summary>
    public BerTlvReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
        Tag = 0;
        Value = default;
        IsMalformed = false;
        TagLength = 0;
        Offset = 0;
    }

    /// <summary>The current element's tag with its bytes in order (9F26 for 9F 26).</summary>
    public uint Tag { get; private set; }

    /// <summary>Bytes the current tag occupies.</summary>
    public int TagLength { get; private set; }

    /// <summary>The current element's value.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>The offset of the current element's tag in the data.</summary>
    public int Offset { get; private set; }

    /// <summary>True when the current element is constructed (its value holds more elements).</summary>
    public readonly bool IsConstructed => TagLength > 0 && ((Tag >> ((TagLength - 1) * 8)) & 0x20) != 0;

    /// <summary>True once the data was found not to be well-formed BER-TLV.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Moves to the next element; false at the end or when the data is malformed.</summary>
    public bool Read()
    {
        if (IsMalformed)
        {
            return false;
        }

        while (_pos < _data.Length && _data[_pos] == 0x00)
        {
            _pos++;
        }

        if (_pos >= _data.Length)
        {
            return false;
        }

        Offset = _pos;
        uint tag = _data[_pos++];
        var tagLength = 1;
        if ((tag & 0x1F) == 0x1F)
        {
            byte b;
            do
            {
                if (_pos >= _data.Length || tagLength == 4)
                {
                    return Fail();
                }

                b = _data[_pos++];
                tag = (tag << 8) | b;
                tagLength++;
            }
            while ((b & 0x80) != 0);
        }

        if (_pos >= _data.Length)
        {
            return Fail();
        }

        int length = _data[_pos++];
        if (length > 0x80)
        {
            var count = length & 0x7F;
            if (count > 3 || _data.Length - _pos < count)
            {
                return Fail();
            }

            length = 0;
            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | _data[_pos++];
            }
        }
        else if (length == 0x80)
        {
            // Indefinite length is not used by EMV.
            return Fail();
        }

        if (_data.Length - _pos < length)
        {
            return Fail();
        }

        Tag = tag;
        TagLength = tagLength;
        Value = _data.Slice(_pos, length);
        _pos += length;
        return true;
    }

    private bool Fail()
    {
        IsMalformed = true;
        Value = default;
        return false;
    }
}
