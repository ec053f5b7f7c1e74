namespace Baas.Payments.Ach;

/// <summary>ABA routing transit numbers: the check digit (weights 3, 7, 1) and validation.</summary>
public static class RoutingNumber
{
    /// <summary>The check digit for the first eight digits of a routing number.</summary>
    public static int CheckDigit(ReadOnlySpan<char> firstEight)
    {
        if (firstEight.Length != 8 || !IsDigits(firstEight))
        {
            throw new ArgumentException("A routing number prefix is eight digits.", nameof(firstEight));
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var weight = (i % 3) switch { 0 => 3, 1 => 7, _ => 1 };
            sum += (firstEight[i] - '0') * weight;
        }

        return (10 - sum % 10) % 10;
    }

    /// <summary>True when <paramref name="routingNumber"/> is nine digits with a correct check digit.</summary>
    public static bool IsValid(ReadOnlySpan<char> routingNumber) =>
        routingNumber.Length == 9 && IsDigits(routingNumber) && CheckDigit(routingNumber[..8]) == routingNumber[8] - '0';

    /// <summary>The nine-digit routing number for an eight-digit DFI identification.</summary>
    public static string WithCheckDigit(string firstEight) =>
        string.Concat(firstEight, ((char)('0' + CheckDigit(firstEight))).ToString());

    internal static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }
}
