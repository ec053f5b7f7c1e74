namespace Baas.Payments.Iso20022;

/// <summary>Transaction or group status of a pacs.002 (ExternalPaymentTransactionStatus1Code).</summary>
public enum PaymentStatus
{
    /// <summary>ACTC: accepted after technical validation.</summary>
    AcceptedTechnicalValidation,

    /// <summary>ACSP: accepted, settlement in process.</summary>
    AcceptedSettlementInProcess,

    /// <summary>ACSC: accepted, settlement completed on the debtor side.</summary>
    AcceptedSettlementCompleted,

    /// <summary>ACCC: accepted, settlement completed on the creditor's account.</summary>
    AcceptedCreditSettlementCompleted,

    /// <summary>RJCT: rejected.</summary>
    Rejected,

    /// <summary>PDNG: pending.</summary>
    Pending,
}

/// <summary>The four-letter codes of <see cref="PaymentStatus"/>.</summary>
public static class PaymentStatusCodes
{
    /// <summary>"ACTC", "ACSP", "ACSC", "ACCC", "RJCT" or "PDNG".</summary>
    public static string ToCode(this PaymentStatus status) => status switch
    {
        PaymentStatus.AcceptedTechnicalValidation => "ACTC",
        PaymentStatus.AcceptedSettlementInProcess => "ACSP",
        PaymentStatus.AcceptedSettlementCompleted => "ACSC",
        PaymentStatus.AcceptedCreditSettlementCompleted => "ACCC",
        PaymentStatus.Rejected => "RJCT",
        PaymentStatus.Pending => "PDNG",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown status."),
    };

    /// <summary>Parses a status code.</summary>
    public static bool TryParse(string code, out PaymentStatus status)
    {
        foreach (var candidate in Enum.GetValues<PaymentStatus>())
        {
            if (candidate.ToCode() == code)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}

/// <summary>Well-known ISO external reason codes used by the rails (status, return and cancellation reasons).</summary>
public static class ReasonCodes
{
    /// <summary>AC03: invalid creditor account number.</summary>
    public const string InvalidCreditorAccount = "AC03";

    /// <summary>AC04: closed account number.</summary>
    public const string ClosedAccount = "AC04";

    /// <summary>AC06: blocked account.</summary>
    public const string BlockedAccount = "AC06";

    /// <summary>AM04: insufficient funds.</summary>
    public const string InsufficientFunds = "AM04";

    /// <summary>FF01: invalid file format.</summary>
    public const string InvalidFileFormat = "FF01";

    /// <summary>NARR: narrative; the reason is in the additional information.</summary>
    public const string Narrative = "NARR";

    /// <summary>MD07: end customer deceased.</summary>
    public const string EndCustomerDeceased = "MD07";

    /// <summary>CUST: requested by customer.</summary>
    public const string RequestedByCustomer = "CUST";

    /// <summary>FOCR: following cancellation request.</summary>
    public const string FollowingCancellationRequest = "FOCR";

    /// <summary>DUPL: duplicate payment.</summary>
    public const string Duplicate = "DUPL";

    /// <summary>FRAD: fraudulent origin.</summary>
    public const string Fraud = "FRAD";

    /// <summary>TECH: technical problem.</summary>
    public const string Technical = "TECH";
}

/// <summary>A status reason: an external code (e.g. AC03) and free lines; NARR needs at least one line.</summary>
public sealed record StatusReason(string Code, IReadOnlyList<string> AdditionalInformation)
{
    /// <summary>A reason with a code only.</summary>
    public StatusReason(string code)
        : this(code, [])
    {
    }
}

/// <summary>A pacs.002 FI-to-FI payment status report.</summary>
public sealed record PaymentStatusReport
{
    /// <summary>Message identification (Max35Text).</summary>
    public required string MessageId { get; init; }

    /// <summary>Creation date and time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Status of a whole original message, optional.</summary>
    public OriginalGroupStatus? Group { get; init; }

    /// <summary>Statuses of individual transactions.</summary>
    public IReadOnlyList<TransactionStatus> Transactions { get; init; } = [];
}

/// <summary>OrgnlGrpInfAndSts: the status of a whole original message.</summary>
public sealed record OriginalGroupStatus
{
    /// <summary>MsgId of the original message.</summary>
    public required string OriginalMessageId { get; init; }

    /// <summary>Name of the original message, e.g. "pacs.008.001.08".</summary>
    public string OriginalMessageNameId { get; init; } = IsoNamespaces.Pacs008Id;

    /// <summary>Group status, optional.</summary>
    public PaymentStatus? Status { get; init; }

    /// <summary>Reasons.</summary>
    public IReadOnlyList<StatusReason> Reasons { get; init; } = [];
}

/// <summary>TxInfAndSts: the status of one original transaction.</summary>
public sealed record TransactionStatus
{
    /// <summary>Status identification (Max35Text), optional.</summary>
    public string? StatusId { get; init; }

    /// <summary>MsgId of the original message (written as OrgnlGrpInf; empty when a report read omits it).</summary>
    public required string OriginalMessageId { get; init; }

    /// <summary>Name of the original message (empty when a report read omits it).</summary>
    public string OriginalMessageNameId { get; init; } = IsoNamespaces.Pacs008Id;

    /// <summary>Original instruction identification, optional.</summary>
    public string? OriginalInstructionId { get; init; }

    /// <summary>Original end-to-end identification (empty when a report read omits it).</summary>
    public required string OriginalEndToEndId { get; init; }

    /// <summary>Original transaction identification, optional.</summary>
    public string? OriginalTransactionId { get; init; }

    /// <summary>Original UETR, optional.</summary>
    public Guid? OriginalUetr { get; init; }

    /// <summary>The status.</summary>
    public required PaymentStatus Status { get; init; }

    /// <summary>Reasons; a rejection needs at least one.</summary>
    public IReadOnlyList<StatusReason> Reasons { get; init; } = [];

    /// <summary>When the transaction was accepted, optional.</summary>
    public DateTimeOffset? AcceptedAt { get; init; }

    /// <summary>Effective interbank settlement date, optional.</summary>
    public DateOnly? EffectiveSettlementDate { get; init; }
}
