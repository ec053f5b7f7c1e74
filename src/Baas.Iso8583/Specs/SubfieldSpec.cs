namespace Baas.Iso8583.Specs;

/// <summary>How the inside of a composite field is structured.</summary>
public enum SubfieldKind : byte
{
    /// <summary>Consecutive fixed-length parts.</summary>
    Positional,
    /// <summary>Tag, decimal length, value; tag and length widths configured (for example DE48 "TTLLL").</summary>
    Tlv,
    /// <summary>BER-TLV as used by EMV (DE55).</summary>
    BerTlv,
}

/// <summary>One part of a positional layout.</summary>
/// <param name="Name">The part's name.</param>
/// <param name="Length">Its length in characters.</param>
public sealed record PositionalPart(string Name, int Length);

/// <summary>The structure inside a composite field such as DE43, DE48, DE55, DE62, DE90 or DE95.</summary>
public sealed record SubfieldSpec(SubfieldKind Kind)
{
    /// <summary>The parts, for <see cref="SubfieldKind.Positional"/>.</summary>
    public IReadOnlyList<PositionalPart> Parts { get; init; } = [];

    /// <summary>Characters in each tag, for <see cref="SubfieldKind.Tlv"/>.</summary>
    public int TagLength { get; init; } = 2;

    /// <summary>Decimal digits in each length, for <see cref="SubfieldKind.Tlv"/>.</summary>
    public int LengthDigits { get; init; } = 3;

    /// <summary>Positional layout of the given parts.</summary>
    public static SubfieldSpec Positional(params PositionalPart[] parts) => new(SubfieldKind.Positional) { Parts = parts };

    /// <summary>Tag-length-value with decimal widths.</summary>
    public static SubfieldSpec DecimalTlv(int tagLength, int lengthDigits) =>
        new(SubfieldKind.Tlv) { TagLength = tagLength, LengthDigits = lengthDigits };

    /// <summary>EMV BER-TLV.</summary>
    public static SubfieldSpec Ber { get; } = new(SubfieldKind.BerTlv);
}
