namespace Baas.Iso8583;

/// <summary>The Luhn (mod 10) check digit of card numbers (ISO/IEC 7812-1).</summary>
public static class Luhn
{
    /// <summary>The check digit to append to <paramref name="digits"/> (ASCII digits).</summary>
    public static char CheckDigit(ReadOnlySpan<char> digits) => (char)('0' + ((10 - (Sum(digits, doubleLast: true) % 10)) % 10));

    /// <summary>Whether <paramref name="digits"/> (ASCII digits, check digit last) passes the check.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits) => Sum(digits, doubleLast: false) % 10 == 0;

    private static int Sum(ReadOnlySpan<char> digits, bool doubleLast)
    {
        var sum = 0;
        var alternate = doubleLast;
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

        return sum;
    }
}
