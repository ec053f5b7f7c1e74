using System.Diagnostics.CodeAnalysis;

namespace Baas.Kyc.Providers;

/// <summary>Adapter for <c>simulator</c>, the stand-in vendor used by tests and the demo: the caller states the outcome.</summary>
/// <remarks>
/// <para>Body, for a direct submission or a webhook:</para>
/// <code>
/// {"provider":"simulator","outcome":"retry","step":"document","reasons":["glare"],"fraud":false,
///  "checkId":"sim_1","customerId":"cus_1","score":0.4,"documentExpiry":"2030-01-31",
///  "documentAddress":{"line1":"1 Main St","line2":null,"city":"Austin","state":"TX","postalCode":"78701","country":"US"}}
/// </code>
/// <para>
/// <c>outcome</c> (pass, review, retry, fail) is required. <c>provider</c>, when present, must be "simulator".
/// <c>step</c> defaults to document; a direct submission gets its step from the route through
/// <see cref="Parse(ReadOnlySpan{byte}, string)"/>, and a body naming another step is refused. <c>fraud</c> may only
/// be true with outcome fail. Reasons are kept as given, lowercased.
/// </para>
/// <para>
/// Signature: header <c>X-Simulator-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;." + body)&gt;</c>,
/// with the same 300-second replay window as scorecheck; <see cref="Sign"/> produces it.
/// </para>
/// </remarks>
public sealed class SimulatorAdapter : IKycProviderAdapter
{
    /// <summary>The provider name.</summary>
    public const string ProviderName = "simulator";

    /// <summary>The header carrying the timestamped signature.</summary>
    public const string SignatureHeader = "X-Simulator-Signature";

    private readonly byte[]? _key;

    /// <summary>An adapter checking signatures with <paramref name="webhookSecret"/>; without one every signature is refused.</summary>
    public SimulatorAdapter(string? webhookSecret) => _key = WebhookSignature.Key(webhookSecret);

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <summary>The <see cref="SignatureHeader"/> value for <paramref name="body"/> signed at <paramref name="now"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        WebhookSignature.SignTimestamped(secret, body, now);

    /// <inheritdoc/>
    public bool TryVerifySignature(Func<string, string?> header, ReadOnlySpan<byte> body, DateTimeOffset now, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(header);
        return WebhookSignature.TryVerifyTimestamped(_key, SignatureHeader, header(SignatureHeader), body, now, out problem);
    }

    /// <inheritdoc/>
    public ProviderResult Parse(ReadOnlySpan<byte> body) => ParseCore(body, null);

    /// <summary>Parses a direct submission for <paramref name="step"/> (document or liveness), which the route supplies.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Called on the adapter instance, next to IKycProviderAdapter.Parse.")]
    public ProviderResult Parse(ReadOnlySpan<byte> body, string step)
    {
        if (step is not ("document" or "liveness"))
        {
            throw new ProviderPayloadException("step must be document or liveness", "step");
        }

        return ParseCore(body, step);
    }

    private static ProviderResult ParseCore(ReadOnlySpan<byte> body, string? routeStep)
    {
        try
        {
            return Map(body, routeStep);
        }
        catch (Exception e) when (PayloadJson.IsReadFailure(e))
        {
            throw PayloadJson.ReadFailure(e);
        }
    }

    private static ProviderResult Map(ReadOnlySpan<byte> body, string? routeStep)
    {
        using var document = PayloadJson.ParseObject(body);
        var root = document.RootElement;
        PayloadJson.OptionalChoice(root, "provider", "provider", ProviderName);
        var outcome = PayloadJson.RequiredChoice(root, "outcome", "outcome", "pass", "review", "retry", "fail") switch
        {
            "pass" => ProviderOutcome.Pass,
            "review" => ProviderOutcome.Review,
            "retry" => ProviderOutcome.Retry,
            _ => ProviderOutcome.Fail,
        };

        var bodyStep = PayloadJson.OptionalChoice(root, "step", "step", "document", "liveness");
        if (routeStep is not null && bodyStep is not null && bodyStep != routeStep)
        {
            throw new ProviderPayloadException($"step in the body does not match the route's step ({routeStep})", "step");
        }

        var fraud = PayloadJson.OptionalBoolean(root, "fraud", "fraud") ?? false;
        if (fraud && outcome != ProviderOutcome.Fail)
        {
            throw new ProviderPayloadException("fraud can only be true with outcome fail", "fraud");
        }

        return new ProviderResult(
            ProviderName,
            routeStep ?? bodyStep ?? "document",
            outcome,
            PayloadJson.StringList(root, "reasons", "reasons", lowercase: true),
            fraud,
            PayloadJson.OptionalString(root, "checkId", "checkId", PayloadJson.MaxIdLength),
            PayloadJson.OptionalString(root, "customerId", "customerId", PayloadJson.MaxIdLength),
            PayloadJson.OptionalScore(root, "score", "score"),
            PayloadJson.OptionalDate(root, "documentExpiry", "documentExpiry"),
            PayloadJson.OptionalAddress(root, "documentAddress", "documentAddress", "postalCode"));
    }
}
