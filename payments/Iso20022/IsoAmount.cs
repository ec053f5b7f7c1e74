using System.Globalization;

namespace Baas.Payments.Iso20022;

/// <summary>
/// USD amounts between cents (long) and the decimal text of ISO 20022 (ActiveCurrencyAndAmount): exactly two decimals on
/// output, at most two on input, no sign, no exponent, at most 18 digits.
/// </summary>
public static class IsoAmount
{
    /// <summary>The only currency these messages carry.</summary>
    public const string Currency = "USD";

    /// <summary>123456 → "1234.56", 5 → "0.05".</summary>
    public static string Format(long cents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cents);
        return string.Create(CultureInfo.InvariantCulture, $"{cents / 100}.{cents % 100:D2}");
    }

    /// <summary>Parses "1234.56", "1234.5", "1234" or ".5"; refuses a third decimal, signs, exponents and blanks.</summary>
    public static bool TryParse(string? text, out long cents)
    {
        cents = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        if (fraction.Length > 2 || whole.Length + fraction.Length == 0 || !AllDigits(whole) || !AllDigits(fraction))
        {
            return false;
        }

        var significant = whole.TrimStart('0');
        if (significant.Length + fraction.Length > 18)
        {
            return false;
        }

        long units = significant.Length == 0 ? 0 : long.Parse(significant, NumberStyles.None, CultureInfo.InvariantCulture);
        long hundredths = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(2, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        cents = units * 100 + hundredths;
        return true;
    }

    /// <summary>Like <see cref="TryParse"/>, throwing <see cref="Iso20022FormatException"/> on bad text.</summary>
    public static long Parse(string? text, string path = "Amount") =>
        TryParse(text, out var cents)
            ? cents
            : throw new Iso20022FormatException(path, $"'{text}' is not a USD amount with at most two decimals.");

    private static bool AllDigits(string text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
