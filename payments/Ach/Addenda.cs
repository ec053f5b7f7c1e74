namespace Baas.Payments.Ach;

/// <summary>An addenda record (type 7); the concrete type follows the addenda type code.</summary>
public abstract record Addenda
{
    /// <summary>Two-digit addenda type code ("05", "98", "99"...).</summary>
    public abstract string TypeCode { get; }
}

/// <summary>Addenda 05: payment-related information (PPD, CCD, WEB, CTX...).</summary>
public sealed record Addenda05 : Addenda
{
    /// <inheritdoc />
    public override string TypeCode => "05";

    /// <summary>Free text (80), ANSI ASC X12 segments for CTX.</summary>
    public required string PaymentRelatedInformation { get; init; }

    /// <summary>1 for the first addenda of the entry, ascending.</summary>
    public required int SequenceNumber { get; init; }

    /// <summary>Last seven digits of the entry's trace number.</summary>
    public required int EntryDetailSequenceNumber { get; init; }
}

/// <summary>Addenda 02: point-of-sale terminal information (MTE, POS, SHR).</summary>
public sealed record Addenda02 : Addenda
{
    /// <inheritdoc />
    public override string TypeCode => "02";

    /// <summary>Reference information #1 (7).</summary>
    public string ReferenceInformation1 { get; init; } = "";

    /// <summary>Reference information #2 (3).</summary>
    public string ReferenceInformation2 { get; init; } = "";

    /// <summary>Terminal identification code (6).</summary>
    public required string TerminalIdentificationCode { get; init; }

    /// <summary>Transaction serial number (6).</summary>
    public required string TransactionSerialNumber { get; init; }

    /// <summary>Transaction date, MMDD (4).</summary>
    public required string TransactionDate { get; init; }

    /// <summary>Authorization code or card expiration date (6).</summary>
    public string AuthorizationCodeOrExpireDate { get; init; } = "";

    /// <summary>Terminal location (27).</summary>
    public required string TerminalLocation { get; init; }

    /// <summary>Terminal city (15).</summary>
    public required string TerminalCity { get; init; }

    /// <summary>Terminal state (2).</summary>
    public required string TerminalState { get; init; }

    /// <summary>Same as the entry's trace number.</summary>
    public required string TraceNumber { get; init; }
}

/// <summary>Common fields of addenda 98 (notification of change) and its refusal.</summary>
public abstract record ChangeAddenda : Addenda
{
    /// <inheritdoc />
    public override string TypeCode => "98";

    /// <summary>Trace number of the forward entry being corrected.</summary>
    public required string OriginalTrace { get; init; }

    /// <summary>RDFI identification (8) of the forward entry.</summary>
    public required string OriginalRdfiIdentification { get; init; }

    /// <summary>The corrected data (29), laid out by change code.</summary>
    public required string CorrectedData { get; init; }

    /// <summary>Same as the entry's trace number.</summary>
    public required string TraceNumber { get; init; }
}

/// <summary>Addenda 98: notification of change (COR) with change code C01-C14.</summary>
public sealed record Addenda98 : ChangeAddenda
{
    /// <summary>Change code, e.g. "C01".</summary>
    public required string ChangeCode { get; init; }
}

/// <summary>Addenda 98 of a refused notification of change (refused change code C61-C69).</summary>
public sealed record Addenda98Refused : ChangeAddenda
{
    /// <summary>Refused change code, e.g. "C62".</summary>
    public required string RefusedChangeCode { get; init; }

    /// <summary>Change code of the notification being refused.</summary>
    public required string ChangeCode { get; init; }

    /// <summary>Last seven digits of the refused notification's trace number.</summary>
    public required string TraceSequenceNumber { get; init; }
}

/// <summary>Common fields of the three addenda 99 layouts (return, dishonored return, contested dishonored return).</summary>
public abstract record ReturnAddenda : Addenda
{
    /// <inheritdoc />
    public override string TypeCode => "99";

    /// <summary>Return reason code, e.g. "R01"; R61-R70 dishonored, R71-R77 contested.</summary>
    public required string ReturnReasonCode { get; init; }

    /// <summary>Trace number of the forward entry.</summary>
    public required string OriginalTrace { get; init; }

    /// <summary>RDFI identification (8) of the forward entry.</summary>
    public required string OriginalRdfiIdentification { get; init; }

    /// <summary>Same as the entry's trace number.</summary>
    public required string TraceNumber { get; init; }
}

/// <summary>Addenda 99 of a return entry.</summary>
public sealed record Addenda99 : ReturnAddenda
{
    /// <summary>Date of death (R14, R15).</summary>
    public DateOnly? DateOfDeath { get; init; }

    /// <summary>Free text (44).</summary>
    public string AddendaInformation { get; init; } = "";
}

/// <summary>Addenda 99 of a dishonored return (R61-R70), sent by the ODFI back to the RDFI.</summary>
public sealed record Addenda99Dishonored : ReturnAddenda
{
    /// <summary>Trace number of the return being dishonored.</summary>
    public required string ReturnTraceNumber { get; init; }

    /// <summary>Julian settlement date of the return (3).</summary>
    public string ReturnSettlementDate { get; init; } = "";

    /// <summary>Reason code of the return being dishonored, two digits ("01" for R01).</summary>
    public required string ReturnReasonCodeOfReturn { get; init; }

    /// <summary>Free text (21).</summary>
    public string AddendaInformation { get; init; } = "";
}

/// <summary>Addenda 99 of a contested dishonored return (R71-R77), sent by the RDFI.</summary>
public sealed record Addenda99Contested : ReturnAddenda
{
    /// <summary>Date the original entry was returned, YYMMDD as written (6).</summary>
    public string DateOriginalEntryReturned { get; init; } = "";

    /// <summary>Julian settlement date of the original entry (3).</summary>
    public string OriginalSettlementDate { get; init; } = "";

    /// <summary>Trace number of the return.</summary>
    public required string ReturnTraceNumber { get; init; }

    /// <summary>Julian settlement date of the return (3).</summary>
    public string ReturnSettlementDate { get; init; } = "";

    /// <summary>Reason code of the return, two digits.</summary>
    public required string ReturnReasonCodeOfReturn { get; init; }

    /// <summary>Trace number of the dishonored return.</summary>
    public required string DishonoredReturnTraceNumber { get; init; }

    /// <summary>Julian settlement date of the dishonored return (3).</summary>
    public string DishonoredReturnSettlementDate { get; init; } = "";

    /// <summary>Reason code of the dishonored return, two digits.</summary>
    public required string DishonoredReturnReasonCode { get; init; }
}
