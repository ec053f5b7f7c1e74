namespace Baas.Payments.Iso20022;

/// <summary>A camt.056 FI-to-FI payment cancellation request (a recall): the case assignment and the transactions to recall.</summary>
public sealed record CancellationRequest
{
    /// <summary>Assignment identification (Max35Text).</summary>
    public required string AssignmentId { get; init; }

    /// <summary>ABA routing number of the agent asking for the cancellation.</summary>
    public required string AssignerRoutingNumber { get; init; }

    /// <summary>ABA routing number of the agent asked.</summary>
    public required string AssigneeRoutingNumber { get; init; }

    /// <summary>Creation date and time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Case identification (Max35Text), optional; the assigner is its creator.</summary>
    public string? CaseId { get; init; }

    /// <summary>The transactions to cancel.</summary>
    public required IReadOnlyList<CancellationItem> Transactions { get; init; }
}

/// <summary>One transaction to cancel (Undrlyg/TxInf).</summary>
public sealed record CancellationItem
{
    /// <summary>Cancellation identification (Max35Text), optional.</summary>
    public string? CancellationId { get; init; }

    /// <summary>MsgId of the original pacs.008.</summary>
    public required string OriginalMessageId { get; init; }

    /// <summary>Name of the original message.</summary>
    public string OriginalMessageNameId { get; init; } = IsoNamespaces.Pacs008Id;

    /// <summary>Original instruction identification, optional.</summary>
    public string? OriginalInstructionId { get; init; }

    /// <summary>Original end-to-end identification.</summary>
    public required string OriginalEndToEndId { get; init; }

    /// <summary>Original transaction identification, optional.</summary>
    public string? OriginalTransactionId { get; init; }

    /// <summary>Original UETR, optional.</summary>
    public Guid? OriginalUetr { get; init; }

    /// <summary>Original interbank settlement amount, cents.</summary>
    public required long OriginalAmountCents { get; init; }

    /// <summary>Original interbank settlement date.</summary>
    public required DateOnly OriginalSettlementDate { get; init; }

    /// <summary>Cancellation reason code, e.g. DUPL, FRAD, TECH, CUST, AC03.</summary>
    public required string ReasonCode { get; init; }

    /// <summary>Additional information lines (Max105Text each).</summary>
    public IReadOnlyList<string> AdditionalInformation { get; init; } = [];
}
