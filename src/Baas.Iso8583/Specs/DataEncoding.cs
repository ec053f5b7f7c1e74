namespace Baas.Iso8583.Specs;

/// <summary>How a field's value is represented on the wire.</summary>
public enum DataEncoding : byte
{
    /// <summary>One ASCII (Latin-1) byte per character.</summary>
    Ascii,
    /// <summary>One EBCDIC (code page 1047) byte per character.</summary>
    Ebcdic,
    /// <summary>Packed BCD, two digits per byte; odd lengths carry one pad nibble.</summary>
    Bcd,
    /// <summary>Raw bytes.</summary>
    Binary,
    /// <summary>Bytes shown as hexadecimal ASCII text, two characters per byte (either case in, upper case out).</summary>
    Hex,
}
