using System.Text;

namespace Baas.Kyc.Tests.Providers;

/// <summary>Shared pieces for adapter tests: a secret, a fixed now, header lookups and JSON written with single quotes.</summary>
internal static class Webhook
{
    public const string Secret = "whsec_test_sécret";

    public static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>UTF-8 bytes of <paramref name="json"/> with every single quote turned into a double quote.</summary>
    public static byte[] Json(string json) => Encoding.UTF8.GetBytes(json.Replace('\'', '"'));

    /// <summary>A header lookup that knows one header (names compared case-insensitively, as HTTP does).</summary>
    public static Func<string, string?> Header(string name, string? value) =>
        asked => string.Equals(asked, name, StringComparison.OrdinalIgnoreCase) ? value : null;

    /// <summary>A request without headers.</summary>
    public static string? None(string name) => null;
}
