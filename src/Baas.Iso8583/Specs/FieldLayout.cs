namespace Baas.Iso8583.Specs;

/// <summary>Arithmetic between a value's length in characters, its wire length and its prefix value.</summary>
internal static class FieldLayout
{
    /// <summary>Bytes on the wire for a value of <paramref name="chars"/> characters.</summary>
    public static int WireLength(DataEncoding encoding, ContentClass content, int chars) => encoding switch
    {
        DataEncoding.Hex => chars * 2,
        DataEncoding.Bcd when content == ContentClass.XN => chars == 0 ? 0 : 1 + (chars / 2),
        DataEncoding.Bcd => (chars + 1) / 2,
        _ => chars,
    };

    /// <summary>The value a length prefix carries for a value of <paramref name="chars"/> characters.</summary>
    public static int PrefixValueFor(FieldSpec spec, int chars) =>
        PrefixValueFor(spec.Encoding, spec.Content, spec.Length.Unit, chars);

    public static int PrefixValueFor(DataEncoding encoding, ContentClass content, LengthUnit unit, int chars) => unit switch
    {
        LengthUnit.Bytes => WireLength(encoding, content, chars),
        LengthUnit.Nibbles when encoding == DataEncoding.Binary => chars * 2,
        _ when encoding == DataEncoding.Hex => chars * 2,
        _ => chars,
    };

    /// <summary>
    /// The value's length in characters for a prefix value; false when the prefix value cannot describe a whole
    /// value (an odd count of hex characters or nibbles of raw binary).
    /// </summary>
    public static bool TryCharsFromPrefix(DataEncoding encoding, ContentClass content, LengthUnit unit, int prefix, out int chars)
    {
        chars = prefix;
        switch (encoding)
        {
            case DataEncoding.Hex:
                if ((prefix & 1) != 0)
                {
                    return false;
                }

                chars = prefix / 2;
                return true;
            case DataEncoding.Binary:
                if (unit == LengthUnit.Nibbles)
                {
                    if ((prefix & 1) != 0)
                    {
                        return false;
                    }

                    chars = prefix / 2;
                }

                return true;
            case DataEncoding.Bcd when unit == LengthUnit.Bytes:
                // A byte count cannot tell whether the first nibble is padding, so every nibble is a digit.
                chars = content == ContentClass.XN ? (prefix == 0 ? 0 : 1 + ((prefix - 1) * 2)) : prefix * 2;
                return true;
            default:
                return true;
        }
    }
}
