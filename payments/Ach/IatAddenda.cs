namespace Baas.Payments.Ach;

/// <summary>Common field of the IAT addenda 10-18: the last seven digits of the entry's trace number.</summary>
public abstract record IatAddenda : Addenda
{
    /// <summary>Last seven digits of the entry's trace number.</summary>
    public required int EntryDetailSequenceNumber { get; init; }
}

/// <summary>IAT addenda 10: transaction type, foreign payment amount and trace, receiver name.</summary>
public sealed record Addenda10 : IatAddenda
{
    /// <inheritdoc />
    public override string TypeCode => "10";

    /// <summary>Transaction type code, e.g. "ANN", "BUS", "SAL" (3).</summary>
    public required string TransactionTypeCode { get; init; }

    /// <summary>Amount in the foreign currency, minor units (18 digits).</summary>
    public required long ForeignPaymentAmount { get; init; }

    /// <summary>Foreign trace number (22).</summary>
    public string ForeignTraceNumber { get; init; } = "";

    /// <summary>Receiving company or individual name (35).</summary>
    public required string ReceiverName { get; init; }
}

/// <summary>IAT addenda 11: originator name and street address.</summary>
public sealed record Addenda11 : IatAddenda
{
    /// <inheritdoc />
    public override string TypeCode => "11";

    /// <summary>Originator name (35).</summary>
    public required string OriginatorName { get; init; }

    /// <summary>Originator street address (35).</summary>
    public required string OriginatorStreetAddress { get; init; }
}

/// <summary>IAT addenda 12: originator city/state and country/postal code ("*" separated, "\" terminated).</summary>
public sealed record Addenda12 : IatAddenda
{
    /// <inheritdoc />
    public override string TypeCode => "12";

    /// <summary>Originator city and state (35).</summary>
    public required string OriginatorCityStateProvince { get; init; }

    /// <summary>Originator country and postal code (35).</summary>
    public required string OriginatorCountryPostalCode { get; init; }
}

/// <summary>Common layout of IAT addenda 13 and 14: a financial institution's name, identifier and branch country.</summary>
public abstract record IatInstitutionAddenda : IatAddenda
{
    /// <summary>Institution name (35).</summary>
    public required string Name { get; init; }

    /// <summary>Identification number qualifier: 01 national clearing system, 02 BIC, 03 IBAN (2).</summary>
    public required string IdNumberQualifier { get; init; }

    /// <summary>Identification (34).</summary>
    public required string Identification { get; init; }

    /// <summary>Branch country code (3).</summary>
    public required string BranchCountryCode { get; init; }
}

/// <summary>IAT addenda 13: the originating DFI.</summary>
public sealed record Addenda13 : IatInstitutionAddenda
{
    /// <inheritdoc />
    public override string TypeCode => "13";
}

/// <summary>IAT addenda 14: the receiving DFI.</summary>
public sealed record Addenda14 : IatInstitutionAddenda
{
    /// <inheritdoc />
    public override string TypeCode => "14";
}

/// <summary>IAT addenda 15: receiver identification number and street address.</summary>
public sealed record Addenda15 : IatAddenda
{
    /// <inheritdoc />
    public override string TypeCode => "15";

    /// <summary>Receiver identification number (15).</summary>
    public string ReceiverIdentificationNumber { get; init; } = "";

    /// <summary>Receiver street address (35).</summary>
    public required string ReceiverStreetAddress { get; init; }
}

/// <summary>IAT addenda 16: receiver city/state and country/postal code.</summary>
public sealed record Addenda16 : IatAddenda
{
    /// <inheritdoc />
    public override string TypeCode => "16";

    /// <summary>Receiver city and state (35).</summary>
    public required string ReceiverCityStateProvince { get; init; }

    /// <summary>Receiver country and postal code (35).</summary>
    public required string ReceiverCountryPostalCode { get; init; }
}

/// <summary>IAT addenda 17: remittance information, at most two per entry.</summary>
public sealed record Addenda17 : IatAddenda
{
    /// <inheritdoc />
    public override string TypeCode => "17";

    /// <summary>Payment-related information (80).</summary>
    public required string PaymentRelatedInformation { get; init; }

    /// <summary>Addenda sequence number, 1 or 2.</summary>
    public required int SequenceNumber { get; init; }
}

/// <summary>IAT addenda 18: a foreign correspondent bank, at most five per entry.</summary>
public sealed record Addenda18 : IatAddenda
{
    /// <inheritdoc />
    public override string TypeCode => "18";

    /// <summary>Foreign correspondent bank name (35).</summary>
    public required string BankName { get; init; }

    /// <summary>Identification number qualifier (2).</summary>
    public required string IdNumberQualifier { get; init; }

    /// <summary>Identification number (34).</summary>
    public required string IdNumber { get; init; }

    /// <summary>Branch country code (3).</summary>
    public required string BranchCountryCode { get; init; }

    /// <summary>Addenda sequence number, 1 to 5.</summary>
    public required int SequenceNumber { get; init; }
}
