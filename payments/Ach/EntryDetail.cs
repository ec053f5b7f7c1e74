namespace Baas.Payments.Ach;

/// <summary>Entry detail record (type 6) with its addenda records (type 7).</summary>
public sealed record EntryDetail
{
    /// <summary>Account type and direction.</summary>
    public required TransactionCode TransactionCode { get; init; }

    /// <summary>First eight digits of the receiving DFI's routing number (for IAT: the gateway or RDFI).</summary>
    public required string RdfiIdentification { get; init; }

    /// <summary>Ninth digit of the receiving DFI's routing number.</summary>
    public required char CheckDigit { get; init; }

    /// <summary>Receiver's account number at the RDFI (17; 15 for ADV; 35 for IAT).</summary>
    public required string DfiAccountNumber { get; init; }

    /// <summary>Amount in cents (10 digits; 12 for ADV).</summary>
    public required long AmountCents { get; init; }

    /// <summary>Positions 40-54: individual identification number, check serial number, original trace (ACK/ATX) by SEC code.</summary>
    public string IdentificationNumber { get; init; } = "";

    /// <summary>Receiver's name: individual name (55-76) or receiving company name (59-74 for CTX/ATX/TRX). Blank for IAT.</summary>
    public string ReceiverName { get; init; } = "";

    /// <summary>Positions 77-78: discretionary data, payment type code (WEB), card transaction type (POS/SHR).</summary>
    public string DiscretionaryData { get; init; } = "";

    /// <summary>The "number of addenda records" field of CTX, ATX, TRX and IAT entries; null for other SEC codes.</summary>
    public int? DeclaredAddendaCount { get; init; }

    /// <summary>Fifteen-digit trace number: ODFI identification (8) + sequence (7). For ADV: operator routing, Julian date, sequence.</summary>
    public required string TraceNumber { get; init; }

    /// <summary>Addenda records in file order; the addenda record indicator is 1 exactly when this is not empty.</summary>
    public IReadOnlyList<Addenda> Addenda { get; init; } = [];

    /// <summary>ADV-only fields; null for every other SEC code.</summary>
    public AdviceEntryFields? Advice { get; init; }

    /// <summary>IAT-only fields; null for every other SEC code.</summary>
    public IatEntryFields? Iat { get; init; }

    /// <summary>Nine-digit routing number of the RDFI.</summary>
    public string RdfiRoutingNumber => RdfiIdentification + CheckDigit;

    /// <summary>Last seven digits of the trace number, which addenda 05 and IAT addenda repeat.</summary>
    public int EntryDetailSequenceNumber => int.Parse(TraceNumber.AsSpan(8), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Fields of an ADV entry that replace the identification number of other entries.</summary>
public sealed record AdviceEntryFields
{
    /// <summary>Routing number of the DFI the advice is about (9).</summary>
    public required string AdviceRoutingNumber { get; init; }

    /// <summary>File identification (5).</summary>
    public string FileIdentification { get; init; } = "";

    /// <summary>ACH operator data (1).</summary>
    public string AchOperatorData { get; init; } = "";
}

/// <summary>Fields of an IAT entry that other entries do not have.</summary>
public sealed record IatEntryFields
{
    /// <summary>Gateway operator OFAC screening indicator (1).</summary>
    public string GatewayOfacScreeningIndicator { get; init; } = "";

    /// <summary>Secondary OFAC screening indicator (1).</summary>
    public string SecondaryOfacScreeningIndicator { get; init; } = "";
}
