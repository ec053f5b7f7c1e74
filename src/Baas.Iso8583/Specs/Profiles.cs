namespace Baas.Iso8583.Specs;

/// <summary>
/// The built-in wire profiles of ARCHITECTURE.md section 3, made from the ISO 8583:1987 dictionary with the
/// same types a custom profile uses.
/// </summary>
public static class Profiles
{
    /// <summary>All ASCII: hex-text bitmaps, ASCII numerics and prefixes, binary fields as hex text whose prefix counts hex characters.</summary>
    public static MessageSpec Ascii { get; } = Build("ascii", MtiEncoding.Ascii, BitmapEncoding.Hex, TextStyle.Ascii, NumericStyle.Ascii, BinaryStyle.HexCountingCharacters, PrefixEncoding.Ascii);

    /// <summary>As <see cref="Ascii"/>, but raw bitmaps and raw binary fields whose ASCII prefix counts bytes.</summary>
    public static MessageSpec Mixed { get; } = Build("mixed", MtiEncoding.Ascii, BitmapEncoding.Binary, TextStyle.Ascii, NumericStyle.Ascii, BinaryStyle.Raw, PrefixEncoding.Ascii);

    /// <summary>BCD MTI, raw bitmaps, packed BCD numerics and prefixes, ASCII text, raw binary.</summary>
    public static MessageSpec Bcd { get; } = Build("bcd", MtiEncoding.Bcd, BitmapEncoding.Binary, TextStyle.Ascii, NumericStyle.Bcd, BinaryStyle.Raw, PrefixEncoding.Bcd);

    /// <summary>As <see cref="Bcd"/>, with text in EBCDIC (code page 1047).</summary>
    public static MessageSpec BcdEbcdic { get; } = Build("bcd-ebcdic", MtiEncoding.Bcd, BitmapEncoding.Binary, TextStyle.Ebcdic, NumericStyle.Bcd, BinaryStyle.Raw, PrefixEncoding.Bcd);

    /// <summary>The names of the built-in profiles.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ascii", "mixed", "bcd", "bcd-ebcdic"];

    /// <summary>A built-in profile by name, or null.</summary>
    public static MessageSpec? Find(string name) => name.ToLowerInvariant() switch
    {
        "ascii" => Ascii,
        "mixed" => Mixed,
        "bcd" => Bcd,
        "bcd-ebcdic" or "ebcdic" => BcdEbcdic,
        _ => null,
    };

    /// <summary>A built-in profile by name, or a custom profile from a JSON spec file.</summary>
    public static MessageSpec Resolve(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        return Find(nameOrPath) ?? ProfileJson.Load(nameOrPath);
    }

    private enum TextStyle
    {
        Ascii,
        Ebcdic,
    }

    private enum NumericStyle
    {
        Ascii,
        Bcd,
    }

    private enum BinaryStyle
    {
        HexCountingCharacters,
        Raw,
    }

    private static MessageSpec Build(string name, MtiEncoding mti, BitmapEncoding bitmap, TextStyle text, NumericStyle numeric, BinaryStyle binary, PrefixEncoding prefix)
    {
        var fields = new List<FieldSpec>();
        foreach (var e in Iso87.Elements)
        {
            DataEncoding encoding;
            Padding padding;
            var unit = LengthUnit.Characters;
            switch (e.Content)
            {
                case ContentClass.B:
                    encoding = binary == BinaryStyle.Raw ? DataEncoding.Binary : DataEncoding.Hex;
                    unit = binary == BinaryStyle.Raw ? LengthUnit.Bytes : LengthUnit.Characters;
                    padding = Padding.None;
                    break;
                case ContentClass.N or ContentClass.Z or ContentClass.XN:
                    if (numeric == NumericStyle.Bcd)
                    {
                        encoding = DataEncoding.Bcd;
                        padding = e.Content == ContentClass.Z ? Padding.RightF : Padding.LeftZero;
                    }
                    else
                    {
                        encoding = text == TextStyle.Ebcdic ? DataEncoding.Ebcdic : DataEncoding.Ascii;
                        padding = e.PrefixDigits == 0 && e.Content == ContentClass.N ? Padding.LeftZero : Padding.None;
                    }

                    break;
                default:
                    encoding = text == TextStyle.Ebcdic ? DataEncoding.Ebcdic : DataEncoding.Ascii;
                    padding = e.PrefixDigits == 0 ? Padding.RightSpace : Padding.None;
                    break;
            }

            var length = e.PrefixDigits == 0 ? LengthPrefix.Fixed : new LengthPrefix(e.PrefixDigits, prefix, unit);
            fields.Add(new FieldSpec(e.Number, e.Name, e.Content, encoding, length, e.MaxLength)
            {
                Padding = padding,
                Subfields = Iso87.SubfieldsOf(e.Number),
            });
        }

        return new MessageSpec(name, mti, bitmap, fields);
    }
}
