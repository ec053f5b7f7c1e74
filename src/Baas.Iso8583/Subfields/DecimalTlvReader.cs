using Baas.Iso8583.Specs;

namespace Baas.Iso8583.Subfields;

/// <summary>
/// Reads tag-length-value subfields with a fixed-width character tag and a decimal length, as private
/// fields such as DE48 and DE62 often carry ("01" "003" "ABC").
/// </summary>
public ref struct DecimalTlvReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _tagLength;
    private readonly int _lengthDigits;
    private int _pos;

    /// <summary>Reads <paramref name="data"/> with the widths of <paramref name="spec"/>.</summary>
    public DecimalTlvReader(ReadOnlySpan<byte> data, SubfieldSpec spec)
        : this(data, spec?.TagLength ?? 2, spec?.LengthDigits ?? 3)
    {
    }

    /// <summary>Reads <paramref name="data"/> with the given widths.</summary>
    public DecimalTlvReader(ReadOnlySpan<byte> data, int tagLength, int lengthDigits)
    {
        _data = data;
        _tagLength = tagLength;
        _lengthDigits = lengthDigits;
        _pos = 0;
        Tag = default;
        Value = default;
        IsMalformed = false;
    }

    /// <summary>The current tag.</summary>
    public ReadOnlySpan<byte> Tag { get; private set; }

    /// <summary>The current value.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>True once the data was found malformed.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Moves to the next subfield; false at the end or when malformed.</summary>
    public bool Read()
    {
        if (IsMalformed || _pos >= _data.Length)
        {
            return false;
        }

        if (_data.Length - _pos < _tagLength + _lengthDigits
            || !Digits.TryParse(_data.Slice(_pos + _tagLength, _lengthDigits), out int length)
            || _data.Length - _pos - _tagLength - _lengthDigits < length)
        {
            IsMalformed = true;
            return false;
        }

        Tag = _data.Slice(_pos, _tagLength);
        Value = _data.Slice(_pos + _tagLength + _lengthDigits, length);
        _pos += _tagLength + _lengthDigits + length;
        return true;
    }

    /// <summary>Finds a subfield by tag.</summary>
    public static bool TryFind(ReadOnlySpan<byte> data, SubfieldSpec spec, ReadOnlySpan<byte> tag, out ReadOnlySpan<byte> value)
    {
        var reader = new DecimalTlvReader(data, spec);
        while (reader.Read())
        {
            if (reader.Tag.SequenceEqual(tag))
            {
                value = reader.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
