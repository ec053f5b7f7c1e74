namespace Baas.Kyc.Providers;

/// <summary>Turns one identity-verification vendor's webhooks into vendor-neutral <see cref="ProviderResult"/>s.</summary>
public interface IKycProviderAdapter
{
    /// <summary>The provider's name as it appears in routes and in recorded checks (lowercase).</summary>
    string Name { get; }

    /// <summary>
    /// Checks the webhook's signature header(s) over the raw body; false with a problem message when it is missing,
    /// wrong, or too old (replay). Never throws for anything a caller sends.
    /// </summary>
    bool TryVerifySignature(Func<string, string?> header, ReadOnlySpan<byte> body, DateTimeOffset now, out string? problem);

    /// <summary>
    /// Maps the vendor's payload to a <see cref="ProviderResult"/>; throws <see cref="ProviderPayloadException"/>
    /// (message names the bad field) for anything malformed, and never any other exception type.
    /// </summary>
    ProviderResult Parse(ReadOnlySpan<byte> body);
}
