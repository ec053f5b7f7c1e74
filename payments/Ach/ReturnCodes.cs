using System.Collections.Frozen;
using Baas.Payments.Calendar;

namespace Baas.Payments.Ach;

/// <summary>Which addenda 99 layout a return reason code uses.</summary>
public enum ReturnKind
{
    /// <summary>A return by the RDFI (R01-R53, R80-R85).</summary>
    Return,

    /// <summary>A dishonored return by the ODFI (R61-R70).</summary>
    Dishonored,

    /// <summary>A contested dishonored return by the RDFI (R71-R77).</summary>
    ContestedDishonored,
}

/// <summary>How the deadline of a return is counted.</summary>
public enum ReturnTimeLimitKind
{
    /// <summary>Banking days after the settlement date of the entry being returned.</summary>
    BankingDays,

    /// <summary>Calendar days after the settlement date (extended returns); due the next banking day after.</summary>
    CalendarDays,

    /// <summary>Set by agreement between ODFI and RDFI (R06, R31): no deadline from the rules.</summary>
    PerAgreement,
}

/// <summary>Deadline of a return reason code, relative to the settlement date of the entry it answers.</summary>
public sealed record ReturnTimeLimit(ReturnTimeLimitKind Kind, int Days)
{
    /// <summary>Two banking days: the default for returns and contested dishonored returns.</summary>
    public static ReturnTimeLimit TwoBankingDays { get; } = new(ReturnTimeLimitKind.BankingDays, 2);

    /// <summary>Five banking days: dishonored returns.</summary>
    public static ReturnTimeLimit FiveBankingDays { get; } = new(ReturnTimeLimitKind.BankingDays, 5);

    /// <summary>Sixty calendar days: extended returns.</summary>
    public static ReturnTimeLimit SixtyCalendarDays { get; } = new(ReturnTimeLimitKind.CalendarDays, 60);

    /// <summary>Per agreement.</summary>
    public static ReturnTimeLimit PerAgreement { get; } = new(ReturnTimeLimitKind.PerAgreement, 0);

    /// <summary>
    /// The banking day by whose opening the return must be available to the other DFI, or null when set by agreement.
    /// Banking days count forward from the settlement date; calendar days end on the next banking day after the last day.
    /// </summary>
    public DateOnly? Deadline(DateOnly settlementDate, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Kind switch
        {
            ReturnTimeLimitKind.BankingDays => calendar.AddBusinessDays(settlementDate, Days),
            ReturnTimeLimitKind.CalendarDays => calendar.NextBusinessDay(settlementDate.AddDays(Days)),
            _ => null,
        };
    }
}

/// <summary>
/// A return reason code with its meaning and its deadline. <see cref="IsUnauthorized"/>: the receiver says the debit was not
/// authorized (consumer claims backed by a written statement of unauthorized debit, and R29 for corporate accounts).
/// </summary>
public sealed record ReturnCode(string Code, string Description, bool IsUnauthorized, ReturnTimeLimit TimeLimit, ReturnKind Kind)
{
    /// <summary>True for the codes NACHA counts in the originator's unauthorized return rate (R05, R07, R10, R11, R29, R51).</summary>
    public bool CountsInUnauthorizedReturnRate => Code is "R05" or "R07" or "R10" or "R11" or "R29" or "R51";
}

/// <summary>
/// The NACHA return reason codes R01-R85. Unauthorized debits: R05, R07, R10, R11, R37, R51, R53 (consumer, written
/// statement, 60 calendar days) and R29 (corporate, two banking days). Other extended 60-day returns: R33 (XCK), R38 and
/// R52 (stop payment on a source document). R06 and R31 are per agreement; dishonored returns (R61-R70) have five banking
/// days, contested ones (R71-R77) two. R63-R66 are
/// retired dishonored codes (folded into R69), kept so that old files still read.
/// </summary>
public static class ReturnCodes
{
    private static readonly FrozenDictionary<string, ReturnCode> Table = Build().ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>Every code, in code order.</summary>
    public static IReadOnlyList<ReturnCode> All { get; } = [.. Table.Values.OrderBy(c => c.Code, StringComparer.Ordinal)];

    /// <summary>Looks up a code such as "R01".</summary>
    public static bool TryGet(string code, out ReturnCode returnCode) => Table.TryGetValue(code, out returnCode!);

    /// <summary>Looks up a code such as "R01"; throws for an unknown code.</summary>
    public static ReturnCode Get(string code) =>
        TryGet(code, out var c) ? c : throw new ArgumentException($"'{code}' is not a NACHA return reason code.", nameof(code));

    private static IEnumerable<ReturnCode> Build()
    {
        var two = ReturnTimeLimit.TwoBankingDays;
        var sixty = ReturnTimeLimit.SixtyCalendarDays;
        var agreement = ReturnTimeLimit.PerAgreement;
        var five = ReturnTimeLimit.FiveBankingDays;

        static ReturnCode R(string code, string description, ReturnTimeLimit limit, bool unauthorized = false, ReturnKind kind = ReturnKind.Return) =>
            new(code, description, unauthorized, limit, kind);

        yield return R("R01", "Insufficient funds", two);
        yield return R("R02", "Account closed", two);
        yield return R("R03", "No account/unable to locate account", two);
        yield return R("R04", "Invalid account number structure", two);
        yield return R("R05", "Unauthorized debit to consumer account using corporate SEC code", sixty, unauthorized: true);
        yield return R("R06", "Returned per ODFI's request", agreement);
        yield return R("R07", "Authorization revoked by customer", sixty, unauthorized: true);
        yield return R("R08", "Payment stopped", two);
        yield return R("R09", "Uncollected funds", two);
        yield return R("R10", "Customer advises originator is not known to receiver and/or is not authorized to debit the account", sixty, unauthorized: true);
        yield return R("R11", "Customer advises entry not in accordance with the terms of the authorization", sixty, unauthorized: true);
        yield return R("R12", "Account sold to another DFI", two);
        yield return R("R13", "Invalid ACH routing number", two);
        yield return R("R14", "Representative payee deceased or unable to continue in that capacity", two);
        yield return R("R15", "Beneficiary or account holder (other than a representative payee) deceased", two);
        yield return R("R16", "Account frozen/entry returned per OFAC instruction", two);
        yield return R("R17", "File record edit criteria / entry with invalid account number initiated under questionable circumstances", two);
        yield return R("R18", "Improper effective entry date", two);
        yield return R("R19", "Amount field error", two);
        yield return R("R20", "Non-transaction account", two);
        yield return R("R21", "Invalid company identification", two);
        yield return R("R22", "Invalid individual ID number", two);
        yield return R("R23", "Credit entry refused by receiver", two);
        yield return R("R24", "Duplicate entry", two);
        yield return R("R25", "Addenda error", two);
        yield return R("R26", "Mandatory field error", two);
        yield return R("R27", "Trace number error", two);
        yield return R("R28", "Routing number check digit error", two);
        yield return R("R29", "Corporate customer advises not authorized", two, unauthorized: true);
        yield return R("R30", "RDFI not participant in check truncation program", two);
        yield return R("R31", "Permissible return entry (CCD and CTX only)", agreement);
        yield return R("R32", "RDFI non-settlement", two);
        yield return R("R33", "Return of XCK entry", sixty);
        yield return R("R34", "Limited participation DFI", two);
        yield return R("R35", "Return of improper debit entry", two);
        yield return R("R36", "Return of improper credit entry", two);
        yield return R("R37", "Source document presented for payment", sixty, unauthorized: true);
        yield return R("R38", "Stop payment on source document", sixty);
        yield return R("R39", "Improper source document/source document presented for payment", two);
        yield return R("R40", "Return of ENR entry by federal government agency", two);
        yield return R("R41", "Invalid transaction code (ENR)", two);
        yield return R("R42", "Routing number/check digit error (ENR)", two);
        yield return R("R43", "Invalid DFI account number (ENR)", two);
        yield return R("R44", "Invalid individual ID number/identification number (ENR)", two);
        yield return R("R45", "Invalid individual name/company name (ENR)", two);
        yield return R("R46", "Invalid representative payee indicator (ENR)", two);
        yield return R("R47", "Duplicate enrollment (ENR)", two);
        yield return R("R50", "State law affecting RCK acceptance", two);
        yield return R("R51", "Item related to RCK entry is ineligible or RCK entry is improper", sixty, unauthorized: true);
        yield return R("R52", "Stop payment on item related to RCK entry", sixty);
        yield return R("R53", "Item and RCK entry presented for payment", sixty, unauthorized: true);
        yield return R("R61", "Misrouted return", five, kind: ReturnKind.Dishonored);
        yield return R("R62", "Return of erroneous or reversing debit", five, kind: ReturnKind.Dishonored);
        yield return R("R63", "Incorrect dollar amount (retired; now R69)", five, kind: ReturnKind.Dishonored);
        yield return R("R64", "Incorrect individual identification (retired; now R69)", five, kind: ReturnKind.Dishonored);
        yield return R("R65", "Incorrect transaction code (retired; now R69)", five, kind: ReturnKind.Dishonored);
        yield return R("R66", "Incorrect company identification (retired; now R69)", five, kind: ReturnKind.Dishonored);
        yield return R("R67", "Duplicate return", five, kind: ReturnKind.Dishonored);
        yield return R("R68", "Untimely return", five, kind: ReturnKind.Dishonored);
        yield return R("R69", "Field error(s)", five, kind: ReturnKind.Dishonored);
        yield return R("R70", "Permissible return entry not accepted/return not requested by ODFI", five, kind: ReturnKind.Dishonored);
        yield return R("R71", "Misrouted dishonored return", two, kind: ReturnKind.ContestedDishonored);
        yield return R("R72", "Untimely dishonored return", two, kind: ReturnKind.ContestedDishonored);
        yield return R("R73", "Timely original return", two, kind: ReturnKind.ContestedDishonored);
        yield return R("R74", "Corrected return", two, kind: ReturnKind.ContestedDishonored);
        yield return R("R75", "Return not a duplicate", two, kind: ReturnKind.ContestedDishonored);
        yield return R("R76", "No errors found", two, kind: ReturnKind.ContestedDishonored);
        yield return R("R77", "Non-acceptance of R62 dishonored return", two, kind: ReturnKind.ContestedDishonored);
        yield return R("R80", "IAT entry coding error", two);
        yield return R("R81", "Non-participant in IAT program", two);
        yield return R("R82", "Invalid foreign receiving DFI identification", two);
        yield return R("R83", "Foreign receiving DFI unable to settle", two);
        yield return R("R84", "Entry not processed by gateway", two);
        yield return R("R85", "Incorrectly coded outbound international payment", two);
    }
}
