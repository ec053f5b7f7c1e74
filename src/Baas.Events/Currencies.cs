namespace Baas.Events;

/// <summary>ISO 4217 currencies: numeric code, alphabetic code and minor-unit exponent.</summary>
public static class Currencies
{
    private static readonly (ushort Numeric, string Alpha, int Exponent)[] Table =
    [
        (36, "AUD", 2), (124, "CAD", 2), (156, "CNY", 2), (203, "CZK", 2), (208, "DKK", 2), (344, "HKD", 2),
        (348, "HUF", 2), (356, "INR", 2), (376, "ILS", 2), (392, "JPY", 0), (410, "KRW", 0), (414, "KWD", 3),
        (484, "MXN", 2), (554, "NZD", 2), (578, "NOK", 2), (643, "RUB", 2), (682, "SAR", 2), (702, "SGD", 2),
        (710, "ZAR", 2), (752, "SEK", 2), (756, "CHF", 2), (764, "THB", 2), (784, "AED", 2), (826, "GBP", 2),
        (840, "USD", 2), (949, "TRY", 2), (978, "EUR", 2), (985, "PLN", 2), (986, "BRL", 2), (48, "BHD", 3),
        (512, "OMR", 3), (788, "TND", 3), (368, "IQD", 3), (400, "JOD", 3), (434, "LYD", 3), (152, "CLP", 0),
        (704, "VND", 0), (360, "IDR", 2), (608, "PHP", 2), (458, "MYR", 2), (32, "ARS", 2), (170, "COP", 2),
    ];

    /// <summary>The alphabetic code for a numeric code, or the number as three digits when unknown.</summary>
    public static string Alpha(ushort numeric)
    {
        foreach (var c in Table)
        {
            if (c.Numeric == numeric)
            {
                return c.Alpha;
            }
        }

        return numeric.ToString("D3");
    }

    /// <summary>The numeric code for an alphabetic or numeric code.</summary>
    public static bool TryNumeric(string? code, out ushort numeric)
    {
        numeric = 0;
        if (code is null)
        {
            return false;
        }

        if (code.Length == 3 && ushort.TryParse(code, out var n) && Array.Exists(Table, c => c.Numeric == n))
        {
            numeric = n;
            return true;
        }

        foreach (var c in Table)
        {
            if (string.Equals(c.Alpha, code, StringComparison.OrdinalIgnoreCase))
            {
                numeric = c.Numeric;
                return true;
            }
        }

        return false;
    }

    /// <summary>The minor-unit exponent (2 for USD, 0 for JPY, 3 for KWD); 2 when unknown.</summary>
    public static int Exponent(ushort numeric)
    {
        foreach (var c in Table)
        {
            if (c.Numeric == numeric)
            {
                return c.Exponent;
            }
        }

        return 2;
    }
}
