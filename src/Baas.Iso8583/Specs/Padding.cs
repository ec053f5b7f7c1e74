namespace Baas.Iso8583.Specs;

/// <summary>Which side a short value is padded on.</summary>
public enum PadSide : byte
{
    /// <summary>Never pad: a short value is refused.</summary>
    None,
    /// <summary>Pad on the left (numerics).</summary>
    Left,
    /// <summary>Pad on the right (text).</summary>
    Right,
}

/// <summary>
/// Padding of fixed-length values and of the odd nibble of packed BCD. For BCD the character is a hex digit
/// ('0' or 'F') naming the pad nibble.
/// </summary>
/// <param name="Side">Where the padding goes.</param>
/// <param name="Char">The pad character (or nibble, for BCD).</param>
public readonly record struct Padding(PadSide Side, char Char)
{
    /// <summary>No padding.</summary>
    public static Padding None => default;

    /// <summary>Left-padded with '0'.</summary>
    public static Padding LeftZero => new(PadSide.Left, '0');

    /// <summary>Right-padded with spaces.</summary>
    public static Padding RightSpace => new(PadSide.Right, ' ');

    /// <summary>Right-padded with 'F' (the usual pad nibble of track data).</summary>
    public static Padding RightF => new(PadSide.Right, 'F');
}
