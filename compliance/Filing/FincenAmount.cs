using System.Globalization;

namespace Baas.Compliance.Filing;

/// <summary>
/// Amounts on FinCEN filings are whole US dollars. FinCEN's instructions for the SAR and the CTR say to record every
/// dollar amount rounded up to the next whole dollar ($15,265.25 is recorded as $15,266), so a cents value that is
/// not a whole dollar is rounded up (a ceiling), never to nearest and never down. Rounding up also keeps a reported
/// amount from dropping below a threshold it exceeded ($10,000.01 of cash is reported as $10,001).
/// </summary>
internal static class FincenAmount
{
    /// <summary>The largest amount the schemas' 15-character amount fields hold.</summary>
    public const long MaxDollars = 999_999_999_999_999;

    /// <summary>USD cents as whole dollars, rounded up; refuses a negative amount or one too large for the schema.</summary>
    public static long WholeDollars(long minor, string field)
    {
        if (minor < 0)
        {
            FilingText.Fail(field, "must not be negative");
        }

        var dollars = (minor / 100) + (minor % 100 == 0 ? 0 : 1);
        return dollars <= MaxDollars ? dollars : FilingText.Fail<long>(field, "is too large for a FinCEN amount field");
    }

    /// <summary>Whole dollars as the schemas write them: digits, no separators, no decimals.</summary>
    public static string Text(long dollars) => dollars.ToString(CultureInfo.InvariantCulture);
}
