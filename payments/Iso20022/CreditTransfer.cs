namespace Baas.Payments.Iso20022;

/// <summary>A pacs.008 FI-to-FI customer credit transfer message: group header and its transactions.</summary>
public sealed record CreditTransferMessage
{
    /// <summary>Message identification, unique per sender (Max35Text).</summary>
    public required string MessageId { get; init; }

    /// <summary>Creation date and time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The rail, which sets the clearing system code.</summary>
    public required Rail Rail { get; init; }

    /// <summary>The transactions; RTP, FedNow and Fedwire carry exactly one per message.</summary>
    public required IReadOnlyList<CreditTransfer> Transactions { get; init; }
}

/// <summary>One credit transfer transaction (CdtTrfTxInf).</summary>
public sealed record CreditTransfer
{
    /// <summary>Instruction identification (Max35Text), optional.</summary>
    public string? InstructionId { get; init; }

    /// <summary>End-to-end identification, carried unchanged to the creditor (Max35Text).</summary>
    public required string EndToEndId { get; init; }

    /// <summary>Transaction identification (Max35Text), optional.</summary>
    public string? TransactionId { get; init; }

    /// <summary>Unique end-to-end transaction reference, a version 4 UUID.</summary>
    public required Guid Uetr { get; init; }

    /// <summary>Interbank settlement amount, USD cents.</summary>
    public required long AmountCents { get; init; }

    /// <summary>Interbank settlement date.</summary>
    public required DateOnly SettlementDate { get; init; }

    /// <summary>The debtor (payer).</summary>
    public required Party Debtor { get; init; }

    /// <summary>The debtor's account.</summary>
    public AccountId? DebtorAccount { get; init; }

    /// <summary>ABA routing number of the debtor's bank.</summary>
    public required string DebtorAgentRoutingNumber { get; init; }

    /// <summary>ABA routing number of the creditor's bank.</summary>
    public required string CreditorAgentRoutingNumber { get; init; }

    /// <summary>The creditor (payee).</summary>
    public required Party Creditor { get; init; }

    /// <summary>The creditor's account.</summary>
    public AccountId? CreditorAccount { get; init; }

    /// <summary>Unstructured remittance information, e.g. the purpose (Max140Text).</summary>
    public string? RemittanceInformation { get; init; }
}
