namespace Baas.Payments.Ach;

/// <summary>Company/batch header record (type 5): the originator, SEC code, description and effective date of a batch.</summary>
public sealed record BatchHeader
{
    /// <summary>Which entries the batch may hold.</summary>
    public required ServiceClass ServiceClass { get; init; }

    /// <summary>Originator's name as the receiver knows it (16). Blank for IAT.</summary>
    public string CompanyName { get; init; } = "";

    /// <summary>Originator/ODFI codes for their own use (20). Blank for IAT.</summary>
    public string CompanyDiscretionaryData { get; init; } = "";

    /// <summary>Originator identification (10), usually "1" + EIN; for IAT the originator identification.</summary>
    public required string CompanyIdentification { get; init; }

    /// <summary>Standard entry class of every entry in the batch.</summary>
    public required SecCode SecCode { get; init; }

    /// <summary>Description shown to the receiver, e.g. "PAYROLL" (10).</summary>
    public required string CompanyEntryDescription { get; init; }

    /// <summary>Descriptive date shown to the receiver, free format (6). Blank for IAT.</summary>
    public string CompanyDescriptiveDate { get; init; } = "";

    /// <summary>Date the originator wants the entries to settle; null for ENR (blank by rule) or a zero date when allowed.</summary>
    public DateOnly? EffectiveEntryDate { get; init; }

    /// <summary>Julian settlement date inserted by the ACH operator (3), blank on origination.</summary>
    public string SettlementDate { get; init; } = "";

    /// <summary>Originator status code: '0' ADV by an ACH operator, '1' originator is a DFI, '2' federal government.</summary>
    public char OriginatorStatusCode { get; init; } = '1';

    /// <summary>First eight digits of the ODFI's routing number; the first eight digits of every trace number.</summary>
    public required string OdfiIdentification { get; init; }

    /// <summary>Batch number, ascending in the file.</summary>
    public required int BatchNumber { get; init; }

    /// <summary>IAT-only header fields; null for every other SEC code.</summary>
    public IatBatchHeaderFields? Iat { get; init; }
}

/// <summary>Fields of the IAT batch header that replace company name, discretionary data and descriptive date.</summary>
public sealed record IatBatchHeaderFields
{
    /// <summary>IAT indicator (16), blank unless the entries are IAT corrections.</summary>
    public string IatIndicator { get; init; } = "";

    /// <summary>Foreign exchange indicator: FV fixed-to-variable, VF, FF.</summary>
    public required string ForeignExchangeIndicator { get; init; }

    /// <summary>1 exchange rate, 2 reference number, 3 blank.</summary>
    public required char ForeignExchangeReferenceIndicator { get; init; }

    /// <summary>Exchange rate or reference (15).</summary>
    public string ForeignExchangeReference { get; init; } = "";

    /// <summary>ISO 3166 destination country code (2).</summary>
    public required string DestinationCountryCode { get; init; }

    /// <summary>ISO 4217 originating currency (3).</summary>
    public required string OriginatingCurrencyCode { get; init; }

    /// <summary>ISO 4217 destination currency (3).</summary>
    public required string DestinationCurrencyCode { get; init; }
}
