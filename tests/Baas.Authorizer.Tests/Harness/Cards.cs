namespace Baas.Authorizer.Tests.Harness;

/// <summary>Luhn-valid test card numbers in a BIN.</summary>
public static class Cards
{
    private static long _next = 1000;

    public static string NewPan(string bin = "400000")
    {
        var body = bin + Interlocked.Increment(ref _next).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        return body + Baas.Iso8583.Luhn.CheckDigit(body);
    }
}
