namespace Baas.Payments.Ach;

/// <summary>Company/batch control record (type 8): counts, entry hash and totals of one batch.</summary>
public sealed record BatchControl
{
    /// <summary>Same as the batch header.</summary>
    public required ServiceClass ServiceClass { get; init; }

    /// <summary>Entry detail plus addenda records in the batch.</summary>
    public required int EntryAddendaCount { get; init; }

    /// <summary>Sum of the eight-digit RDFI identifications of the entries, rightmost ten digits.</summary>
    public required long EntryHash { get; init; }

    /// <summary>Total debit amount, cents.</summary>
    public required long TotalDebitCents { get; init; }

    /// <summary>Total credit amount, cents.</summary>
    public required long TotalCreditCents { get; init; }

    /// <summary>Same as the batch header (not present for ADV).</summary>
    public string CompanyIdentification { get; init; } = "";

    /// <summary>Message authentication code (19), usually blank.</summary>
    public string MessageAuthenticationCode { get; init; } = "";

    /// <summary>ADV only: ACH operator data (19).</summary>
    public string AchOperatorData { get; init; } = "";

    /// <summary>Same as the batch header.</summary>
    public required string OdfiIdentification { get; init; }

    /// <summary>Same as the batch header.</summary>
    public required int BatchNumber { get; init; }
}
