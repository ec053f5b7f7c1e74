namespace Baas.Payments.Ach;

/// <summary>One corrected field of a notification of change and its new value.</summary>
public sealed record CorrectedField(NocField Field, string Value);

/// <summary>
/// A notification of change read from a COR entry's addenda 98: the code, the forward entry it corrects, and the
/// corrected data split into fields (C03, C06, C07 and C12 correct more than one). For a refused notification
/// (C61-C69) <see cref="RefusedNotificationCode"/> is the code of the notification being refused and the changes are its.
/// </summary>
public sealed record Correction(NocCode Code, string OriginalTrace, string CorrectedData, IReadOnlyList<CorrectedField> Changes)
{
    /// <summary>RDFI identification (8) of the forward entry.</summary>
    public required string OriginalRdfi { get; init; }

    /// <summary>Trace number of the COR entry.</summary>
    public required string TraceNumber { get; init; }

    /// <summary>For a refusal (C61-C69): the change code of the notification being refused.</summary>
    public NocCode? RefusedNotificationCode { get; init; }

    /// <summary>True for C61-C69.</summary>
    public bool IsRefusal => Code.IsRefusal;

    /// <summary>The corrected account number, if this notification corrects it.</summary>
    public string? AccountNumber => Value(NocField.AccountNumber);

    /// <summary>The corrected nine-digit routing number, if this notification corrects it.</summary>
    public string? RoutingNumber => Value(NocField.RoutingNumber);

    /// <summary>The corrected name, if this notification corrects it.</summary>
    public string? Name => Value(NocField.Name);

    /// <summary>The corrected individual identification, if this notification corrects it.</summary>
    public string? IndividualId => Value(NocField.IndividualId);

    /// <summary>The corrected transaction code (checking versus savings), if this notification corrects it.</summary>
    public TransactionCode? TransactionCode =>
        Value(NocField.TransactionCode) is { } code ? (TransactionCode)int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) : null;

    private string? Value(NocField field) => Changes.FirstOrDefault(c => c.Field == field)?.Value;
}
