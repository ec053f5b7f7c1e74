namespace Baas.Payments.Ach;

/// <summary>A return read from a return entry's addenda 99: why, and which forward entry it answers.</summary>
public sealed record AchReturn(ReturnCode Code, string OriginalTrace, string OriginalRdfi, DateOnly? DateOfDeath, string AddendaInformation)
{
    /// <summary>Trace number of the return entry itself.</summary>
    public required string TraceNumber { get; init; }

    /// <summary>Amount of the return entry, cents.</summary>
    public required long AmountCents { get; init; }

    /// <summary>Transaction code of the return entry (21, 26, 31, 36...).</summary>
    public required TransactionCode TransactionCode { get; init; }

    /// <summary>The addenda as read: <see cref="Addenda99"/>, <see cref="Addenda99Dishonored"/> or <see cref="Addenda99Contested"/>.</summary>
    public required ReturnAddenda Addenda { get; init; }

    /// <summary>Return, dishonored return or contested dishonored return.</summary>
    public ReturnKind Kind => Code.Kind;
}
