using System.Collections.Frozen;

namespace Baas.Payments.Ach;

/// <summary>A field of the original entry that a notification of change corrects.</summary>
public enum NocField
{
    AccountNumber,
    RoutingNumber,

    /// <summary>The transaction code, i.e. checking versus savings.</summary>
    TransactionCode,

    /// <summary>Individual name or receiving company name.</summary>
    Name,

    /// <summary>Individual identification number or receiver identification number.</summary>
    IndividualId,

    /// <summary>IAT: the receiving DFI identification (C08).</summary>
    ReceivingDfiIdentification,
    CompanyName,
    CompanyIdentification,

    /// <summary>C13: the addenda format is wrong; the corrected data explains.</summary>
    AddendaFormat,

    /// <summary>C14: the entry should have been IAT.</summary>
    SecCode,
}

/// <summary>A change code: what it corrects, or for C61-C69 why a notification of change is refused.</summary>
public sealed record NocCode(string Code, string Description, IReadOnlyList<NocField> Fields, bool IsRefusal);

/// <summary>Notification-of-change codes C01-C14 and the refusal codes C61-C69.</summary>
public static class NocCodes
{
    private static readonly FrozenDictionary<string, NocCode> Table = Build().ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>Every code, in code order.</summary>
    public static IReadOnlyList<NocCode> All { get; } = [.. Table.Values.OrderBy(c => c.Code, StringComparer.Ordinal)];

    /// <summary>Looks up a code such as "C01".</summary>
    public static bool TryGet(string code, out NocCode nocCode) => Table.TryGetValue(code, out nocCode!);

    /// <summary>Looks up a code such as "C01"; throws for an unknown code.</summary>
    public static NocCode Get(string code) =>
        TryGet(code, out var c) ? c : throw new ArgumentException($"'{code}' is not a NACHA change code.", nameof(code));

    private static IEnumerable<NocCode> Build()
    {
        static NocCode C(string code, string description, params NocField[] fields) => new(code, description, fields, false);
        static NocCode Refused(string code, string description) => new(code, description, [], true);

        yield return C("C01", "Incorrect DFI account number", NocField.AccountNumber);
        yield return C("C02", "Incorrect routing number", NocField.RoutingNumber);
        yield return C("C03", "Incorrect routing number and incorrect DFI account number", NocField.RoutingNumber, NocField.AccountNumber);
        yield return C("C04", "Incorrect individual name/receiving company name", NocField.Name);
        yield return C("C05", "Incorrect transaction code", NocField.TransactionCode);
        yield return C("C06", "Incorrect DFI account number and incorrect transaction code", NocField.AccountNumber, NocField.TransactionCode);
        yield return C("C07", "Incorrect routing number, incorrect DFI account number, and incorrect transaction code", NocField.RoutingNumber, NocField.AccountNumber, NocField.TransactionCode);
        yield return C("C08", "Incorrect receiving DFI identification (IAT only)", NocField.ReceivingDfiIdentification);
        yield return C("C09", "Incorrect individual identification number/incorrect receiver identification number", NocField.IndividualId);
        yield return C("C10", "Incorrect company name", NocField.CompanyName);
        yield return C("C11", "Incorrect company identification", NocField.CompanyIdentification);
        yield return C("C12", "Incorrect company name and company identification", NocField.CompanyName, NocField.CompanyIdentification);
        yield return C("C13", "Addenda format error", NocField.AddendaFormat);
        yield return C("C14", "Incorrect SEC code for outbound international payment", NocField.SecCode);
        yield return Refused("C61", "Misrouted notification of change");
        yield return Refused("C62", "Incorrect trace number");
        yield return Refused("C63", "Incorrect company identification number");
        yield return Refused("C64", "Incorrect individual identification number/identification number");
        yield return Refused("C65", "Incorrectly formatted corrected data");
        yield return Refused("C66", "Incorrect discretionary data");
        yield return Refused("C67", "Routing number not from original entry detail record");
        yield return Refused("C68", "DFI account number not from original entry detail record");
        yield return Refused("C69", "Incorrect transaction code");
    }
}
