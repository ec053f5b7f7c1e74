namespace Baas.Payments.Iso20022;

/// <summary>A pacs.004 payment return message.</summary>
public sealed record PaymentReturnMessage
{
    /// <summary>Message identification (Max35Text).</summary>
    public required string MessageId { get; init; }

    /// <summary>Creation date and time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The rail, which sets the clearing system code.</summary>
    public required Rail Rail { get; init; }

    /// <summary>The returned transactions; one per message on these rails.</summary>
    public required IReadOnlyList<PaymentReturn> Transactions { get; init; }
}

/// <summary>One returned transaction (TxInf) and why.</summary>
public sealed record PaymentReturn
{
    /// <summary>Return identification (Max35Text).</summary>
    public required string ReturnId { get; init; }

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

    /// <summary>Original interbank settlement amount, cents, optional; the returned amount may not exceed it.</summary>
    public long? OriginalAmountCents { get; init; }

    /// <summary>Original interbank settlement date, optional.</summary>
    public DateOnly? OriginalSettlementDate { get; init; }

    /// <summary>Returned interbank settlement amount, cents.</summary>
    public required long ReturnedAmountCents { get; init; }

    /// <summary>Settlement date of the return.</summary>
    public required DateOnly SettlementDate { get; init; }

    /// <summary>Return reason code, e.g. AC04, AC06, MD07, CUST, FOCR.</summary>
    public required string ReasonCode { get; init; }

    /// <summary>Additional information lines (Max105Text each).</summary>
    public IReadOnlyList<string> AdditionalInformation { get; init; } = [];
}
