namespace Baas.Iso8583.Specs;

/// <summary>The ISO 8583 attribute of a field's content, used to validate values on parse and pack.</summary>
public enum ContentClass : byte
{
    /// <summary>Alphabetic characters.</summary>
    A,
    /// <summary>Numeric digits 0-9.</summary>
    N,
    /// <summary>Special (printable, non-alphanumeric) characters.</summary>
    S,
    /// <summary>Alphabetic and numeric.</summary>
    An,
    /// <summary>Alphabetic and special.</summary>
    As,
    /// <summary>Numeric and special.</summary>
    Ns,
    /// <summary>Alphabetic, numeric and special: any printable character.</summary>
    Ans,
    /// <summary>Track 2 and 3 code set: digits plus the separator ('=' or 'D').</summary>
    Z,
    /// <summary>A debit/credit sign ('C' or 'D') followed by numeric digits (amounts x+n).</summary>
    XN,
    /// <summary>Binary data.</summary>
    B,
}
