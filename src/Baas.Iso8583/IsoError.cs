namespace Baas.Iso8583;

/// <summary>What went wrong while parsing or packing a message.</summary>
public enum IsoErrorReason : byte
{
    /// <summary>No error.</summary>
    None,
    /// <summary>The message ended inside the MTI, a bitmap, a prefix or a value.</summary>
    Truncated,
    /// <summary>The MTI is not four decimal digits, or is missing when packing.</summary>
    BadMti,
    /// <summary>A bitmap is not valid hex.</summary>
    BadBitmap,
    /// <summary>A bitmap names a field the profile does not define.</summary>
    UnknownField,
    /// <summary>A length prefix is not a valid number for the field.</summary>
    BadLengthPrefix,
    /// <summary>A value is longer than the field allows.</summary>
    OverMaxLength,
    /// <summary>A numeric (n) value holds something other than digits.</summary>
    NonNumeric,
    /// <summary>A value holds a character its content class does not allow.</summary>
    InvalidCharacter,
    /// <summary>A binary value shown as hex is not valid hex.</summary>
    BadHex,
    /// <summary>Bytes remain after the last field the bitmap names.</summary>
    TrailingBytes,
    /// <summary>A value is empty where the field needs one.</summary>
    EmptyValue,
    /// <summary>A fixed-length value is short and the field has no padding.</summary>
    ShortValue,
    /// <summary>A frame's length prefix is not valid.</summary>
    BadFrame,
    /// <summary>A frame's declared length is above the configured maximum.</summary>
    FrameTooLarge,
    /// <summary>The destination buffer is too small for the packed message.</summary>
    DestinationTooSmall,
}

/// <summary>An error as a value: the reason, the field (0 for the MTI or the message as a whole, 1 and 65 for bitmaps) and the byte offset.</summary>
/// <param name="Reason">What went wrong.</param>
/// <param name="Field">Which field.</param>
/// <param name="Offset">Where in the message, in bytes from its start.</param>
public readonly record struct IsoError(IsoErrorReason Reason, int Field, int Offset)
{
    /// <summary>True when this is an error.</summary>
    public bool IsError => Reason != IsoErrorReason.None;

    /// <summary>A short lower-case description of the reason, as the CLI prints it.</summary>
    public string Description => Reason switch
    {
        IsoErrorReason.Truncated => "truncated",
        IsoErrorReason.BadMti => "bad MTI",
        IsoErrorReason.BadBitmap => "bad bitmap",
        IsoErrorReason.UnknownField => "field not defined in profile",
        IsoErrorReason.BadLengthPrefix => "bad length prefix",
        IsoErrorReason.OverMaxLength => "over max length",
        IsoErrorReason.NonNumeric => "non-numeric in n",
        IsoErrorReason.InvalidCharacter => "invalid character for content class",
        IsoErrorReason.BadHex => "bad hex",
        IsoErrorReason.TrailingBytes => "trailing bytes",
        IsoErrorReason.EmptyValue => "empty value",
        IsoErrorReason.ShortValue => "shorter than fixed length",
        IsoErrorReason.BadFrame => "bad frame length prefix",
        IsoErrorReason.FrameTooLarge => "frame over maximum length",
        IsoErrorReason.DestinationTooSmall => "destination buffer too small",
        _ => "none",
    };

    /// <inheritdoc />
    public override string ToString() => IsError ? $"field {Field}: {Description} (offset {Offset})" : "ok";
}
