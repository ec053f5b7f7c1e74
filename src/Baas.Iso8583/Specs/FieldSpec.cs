namespace Baas.Iso8583.Specs;

/// <summary>
/// How one data element is laid out: content class, data encoding, length prefix, maximum length and padding.
/// Lengths are in characters of the value: digits for numerics (also when packed BCD), characters for text,
/// bytes for binary (also when shown as hex).
/// </summary>
/// <param name="Number">Field number, 2 to 192 (1 and 65 are bitmaps).</param>
/// <param name="Name">Human name, for documentation and error messages.</param>
/// <param name="Content">The content class used for validation.</param>
/// <param name="Encoding">How the value is written.</param>
/// <param name="Length">Fixed, or the variable-length prefix.</param>
/// <param name="MaxLength">The fixed length, or the maximum for variable fields.</param>
public sealed record FieldSpec(int Number, string Name, ContentClass Content, DataEncoding Encoding, LengthPrefix Length, int MaxLength)
{
    /// <summary>Padding for short fixed values and for the odd nibble of BCD.</summary>
    public Padding Padding { get; init; }

    /// <summary>Optional structure inside the value (TLV or positional), for readers that ask for it.</summary>
    public SubfieldSpec? Subfields { get; init; }

    /// <summary>True when the field is fixed length.</summary>
    public bool IsFixed => Length.IsFixed;

    /// <summary>Checks that the spec is internally consistent; returns a message naming the problem, or null.</summary>
    public string? Validate()
    {
        if (Number is < 2 or > IsoMessage.MaxField || Number == 65)
        {
            return $"field {Number}: number must be 2-192 and not 65 (bitmap)";
        }

        if (MaxLength <= 0)
        {
            return $"field {Number}: maximum length must be positive";
        }

        var binaryContent = Content == ContentClass.B;
        var binaryEncoding = Encoding is DataEncoding.Binary or DataEncoding.Hex;
        if (binaryContent != binaryEncoding)
        {
            return $"field {Number}: content {Content} cannot use encoding {Encoding}";
        }

        if (Encoding == DataEncoding.Bcd && Content is not (ContentClass.N or ContentClass.Z or ContentClass.XN))
        {
            return $"field {Number}: BCD holds only n, z and x+n content";
        }

        if (Encoding == DataEncoding.Bcd && Padding.Side != PadSide.None && !IsHexDigit(Padding.Char))
        {
            return $"field {Number}: BCD pad must be a hex digit";
        }

        if (Length.Digits is < 0 or > 4)
        {
            return $"field {Number}: length prefix must have 0 to 4 digits";
        }

        if (!Length.IsFixed)
        {
            if (Length.Unit == LengthUnit.Nibbles && Encoding is DataEncoding.Ascii or DataEncoding.Ebcdic or DataEncoding.Hex)
            {
                return $"field {Number}: a nibble count only applies to BCD or raw binary";
            }

            var maxPrefix = FieldLayout.PrefixValueFor(this, MaxLength);
            if (maxPrefix > Length.MaxValue)
            {
                return $"field {Number}: maximum length {MaxLength} does not fit its {Length.Digits}-digit prefix";
            }
        }

        return null;
    }

    private static bool IsHexDigit(char c) => c is (>= '0' and <= '9') or (>= 'A' and <= 'F') or (>= 'a' and <= 'f');
}
