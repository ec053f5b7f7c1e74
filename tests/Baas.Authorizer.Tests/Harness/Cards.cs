namespace Baas.Authorizer.Tests.Harness;

/// <summary>Luhn-valid test card numbers in a BIN.</summary>
public static class Cards
{
    private static long _next = 1000;

    public static string NewPan(string bin = "400000")
    {
        var body = bin + Interlocked.Increment(ref _next).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        return body + CheckDigit(body);
    }

    public static char CheckDigit(string digits)
    {
        var sum = 0;
        var alternate = true;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (alternate)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            alternate = !alternate;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
