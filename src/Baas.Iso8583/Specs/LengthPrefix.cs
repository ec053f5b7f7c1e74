namespace Baas.Iso8583.Specs;

/// <summary>How a variable-length field's length prefix is written.</summary>
public enum PrefixEncoding : byte
{
    /// <summary>ASCII decimal digits, one byte per digit.</summary>
    Ascii,
    /// <summary>Packed BCD: LL in one byte, LLL and LLLL in two.</summary>
    Bcd,
    /// <summary>Unsigned big-endian binary: L and LL in one byte, LLL and LLLL in two.</summary>
    Binary,
    /// <summary>EBCDIC decimal digits, one byte per digit.</summary>
    Ebcdic,
}

/// <summary>What a length prefix counts.</summary>
public enum LengthUnit : byte
{
    /// <summary>Characters of the value: text and hex characters, BCD digits (pad nibble excluded), raw bytes.</summary>
    Characters,
    /// <summary>Bytes of the value as written on the wire.</summary>
    Bytes,
    /// <summary>Half-bytes: BCD digits, or twice the byte count of raw binary.</summary>
    Nibbles,
}

/// <summary>A field's length: fixed (<see cref="Digits"/> = 0) or a prefix of 1 to 4 decimal digits (L, LL, LLL, LLLL).</summary>
/// <param name="Digits">0 for fixed length; otherwise the number of decimal digits of the prefix.</param>
/// <param name="Encoding">How the prefix is written.</param>
/// <param name="Unit">What the prefix counts.</param>
public readonly record struct LengthPrefix(int Digits, PrefixEncoding Encoding, LengthUnit Unit)
{
    /// <summary>A fixed-length field: no prefix.</summary>
    public static LengthPrefix Fixed => default;

    /// <summary>True when the field has no prefix.</summary>
    public bool IsFixed => Digits == 0;

    /// <summary>The number of bytes the prefix occupies on the wire.</summary>
    public int Width => Encoding switch
    {
        _ when Digits == 0 => 0,
        PrefixEncoding.Ascii or PrefixEncoding.Ebcdic => Digits,
        PrefixEncoding.Bcd or PrefixEncoding.Binary => Digits <= 2 ? 1 : 2,
        _ => 0,
    };

    /// <summary>The largest value the prefix can express.</summary>
    public int MaxValue => Encoding == PrefixEncoding.Binary
        ? (Width == 1 ? 255 : 65535)
        : Digits switch { 1 => 9, 2 => 99, 3 => 999, 4 => 9999, _ => 0 };
}
