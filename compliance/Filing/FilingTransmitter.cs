namespace Baas.Compliance.Filing;

/// <summary>Who transmits the batch to the BSA E-Filing System (one per batch, written into every activity).</summary>
public sealed record FilingTransmitter
{
    /// <summary>Legal name (at most 150 characters).</summary>
    public required string LegalName { get; init; }

    /// <summary>TIN of the transmitter, 9 digits (a hyphen is removed).</summary>
    public required string Tin { get; init; }

    /// <summary>Transmitter Control Code (TCC) FinCEN assigned to the transmitter.</summary>
    public required string TransmitterControlCode { get; init; }

    /// <summary>Address of the transmitter.</summary>
    public required FilingAddress Address { get; init; }

    /// <summary>Phone number (digits are kept, at most 16).</summary>
    public required string Phone { get; init; }

    /// <summary>Name of the transmitter's contact person (at most 150 characters).</summary>
    public required string ContactName { get; init; }
}
