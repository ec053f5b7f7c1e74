namespace Baas.Compliance.Filing;

/// <summary>
/// One FinCEN CTR: an activity of a CTR batch, for the cash one or more persons moved on one business day. At least
/// one of <see cref="CashInMinor"/> and <see cref="CashOutMinor"/> must be over the $10,000 threshold.
/// </summary>
public sealed record CtrFiling
{
    /// <summary>Our id of the filing, returned in <see cref="FilingBatchSummary"/> with the activity's SeqNum (the CTR schema has no field for it).</summary>
    public required string FilingId { get; init; }

    /// <summary>The filing institution (also the transaction location).</summary>
    public required FilingInstitution Institution { get; init; }

    /// <summary>One or more persons involved.</summary>
    public required IReadOnlyList<CtrPerson> Persons { get; init; }

    /// <summary>The business date of the transactions.</summary>
    public required DateOnly TransactionDate { get; init; }

    /// <summary>Total cash in, in USD cents.</summary>
    public long CashInMinor { get; init; }

    /// <summary>Total cash out, in USD cents.</summary>
    public long CashOutMinor { get; init; }

    /// <summary>What the cash in was.</summary>
    public CtrCashInType CashInType { get; init; } = CtrCashInType.Deposit;

    /// <summary>What the cash out was.</summary>
    public CtrCashOutType CashOutType { get; init; } = CtrCashOutType.Withdrawal;

    /// <summary>Whether the amounts aggregate several transactions, none of them over the threshold on its own.</summary>
    public bool IsAggregated { get; init; }

    /// <summary>Whether the cash moved at an ATM.</summary>
    public bool ViaAtm { get; init; }
}
