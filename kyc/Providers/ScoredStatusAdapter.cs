using System.Collections.Frozen;

namespace Baas.Kyc.Providers;

/// <summary>Adapter for <c>scorecheck</c>, a vendor that answers PASSED, WARNING or REJECTED with a score and reason codes.</summary>
/// <remarks>
/// <para>Webhook body (our own shape for this kind of vendor):</para>
/// <code>
/// {"eventId":"evt_1",
///  "verification":{"id":"v_1","reference":"cus_1","step":"document","status":"REJECTED","score":0.12,
///                  "reasonCodes":["IMAGE_BLURRY"],
///                  "document":{"validUntil":"2030-01-31",
///                              "address":{"line1":"1 Main St","line2":null,"city":"Austin","state":"TX","postalCode":"78701","country":"US"}}}}
/// </code>
/// <para>
/// PASSED passes, unless a score below the threshold (0.6 by default) sends it to review; WARNING is a review;
/// REJECTED with any fraud code (DOCUMENT_TAMPERED, SPOOF_DETECTED, DEEPFAKE, PHOTO_OF_PHOTO, KNOWN_FRAUD) is a
/// failure pointing at fraud, REJECTED whose codes are all resubmittable (IMAGE_BLURRY, GLARE, DOCUMENT_CROPPED,
/// FACE_NOT_VISIBLE, DOCUMENT_EXPIRED, POOR_LIGHTING) is a retry, and any other REJECTED a failure. PENDING is a
/// well-formed non-final event (<see cref="ProviderPayloadException.Ignorable"/>). Reasons are the codes, lowercased.
/// </para>
/// <para>
/// Signature: header <c>X-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;." + body)&gt;</c>;
/// refused when missing, malformed, wrong, or when t is more than 300 seconds from now either way (replay).
/// </para>
/// </remarks>
public sealed class ScoredStatusAdapter : IKycProviderAdapter
{
    /// <summary>The provider name.</summary>
    public const string ProviderName = "scorecheck";

    /// <summary>The header carrying the timestamped signature.</summary>
    public const string SignatureHeader = "X-Signature";

    /// <summary>The score below which a PASSED verification goes to review, unless configured otherwise.</summary>
    public const double DefaultPassThreshold = 0.6;

    /// <summary>How far the signed timestamp may be from now, in seconds, either way.</summary>
    public const int ReplayWindowSeconds = WebhookSignature.ReplayWindowSeconds;

    private static readonly FrozenSet<string> Resubmittable = new[]
    {
        "IMAGE_BLURRY", "GLARE", "DOCUMENT_CROPPED", "FACE_NOT_VISIBLE", "DOCUMENT_EXPIRED", "POOR_LIGHTING",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> FraudCodes = new[]
    {
        "DOCUMENT_TAMPERED", "SPOOF_DETECTED", "DEEPFAKE", "PHOTO_OF_PHOTO", "KNOWN_FRAUD",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly byte[]? _key;

    /// <summary>An adapter checking signatures with <paramref name="webhookSecret"/> (none: every signature is refused).</summary>
    /// <param name="webhookSecret">The shared secret, as UTF-8 text.</param>
    /// <param name="passThreshold">A PASSED verification scoring below this goes to review; between 0 and 1.</param>
    public ScoredStatusAdapter(string? webhookSecret, double passThreshold = DefaultPassThreshold)
    {
        if (!(passThreshold is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(passThreshold), passThreshold, "the pass threshold is between 0 and 1");
        }

        _key = WebhookSignature.Key(webhookSecret);
        PassThreshold = passThreshold;
    }

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <summary>The score below which a PASSED verification goes to review.</summary>
    public double PassThreshold { get; }

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
    public ProviderResult Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return ParseCore(body);
        }
        catch (Exception e) when (PayloadJson.IsReadFailure(e))
        {
            throw PayloadJson.ReadFailure(e);
        }
    }

    private ProviderResult ParseCore(ReadOnlySpan<byte> body)
    {
        using var document = PayloadJson.ParseObject(body);
        var root = document.RootElement;
        PayloadJson.OptionalString(root, "eventId", "eventId", PayloadJson.MaxIdLength);
        var verification = PayloadJson.RequiredObject(root, "verification", "verification");
        var status = PayloadJson.RequiredChoice(verification, "status", "verification.status", "PASSED", "WARNING", "REJECTED", "PENDING");
        if (status == "PENDING")
        {
            throw new ProviderPayloadException("verification.status is PENDING: not a final result", "verification.status", ignorable: true);
        }

        var id = PayloadJson.RequiredString(verification, "id", "verification.id", PayloadJson.MaxIdLength);
        var reference = PayloadJson.OptionalString(verification, "reference", "verification.reference", PayloadJson.MaxIdLength);
        var step = PayloadJson.RequiredChoice(verification, "step", "verification.step", "document", "liveness");
        var score = PayloadJson.OptionalScore(verification, "score", "verification.score");
        var codes = PayloadJson.StringList(verification, "reasonCodes", "verification.reasonCodes", lowercase: false);

        DateOnly? expiry = null;
        PostalAddress? address = null;
        if (PayloadJson.OptionalObject(verification, "document", "verification.document") is { } shown)
        {
            expiry = PayloadJson.OptionalDate(shown, "validUntil", "verification.document.validUntil");
            address = PayloadJson.OptionalAddress(shown, "address", "verification.document.address", "postalCode");
        }

        var upper = codes.Select(c => c.ToUpperInvariant()).ToArray();
        var (outcome, fraud) = status switch
        {
            "PASSED" => (score < PassThreshold ? ProviderOutcome.Review : ProviderOutcome.Pass, false),
            "WARNING" => (ProviderOutcome.Review, false),
            _ when upper.Any(FraudCodes.Contains) => (ProviderOutcome.Fail, true),
            _ when upper.Length > 0 && upper.All(Resubmittable.Contains) => (ProviderOutcome.Retry, false),
            _ => (ProviderOutcome.Fail, false),
        };

        var reasons = codes.Select(c => c.ToLowerInvariant()).ToArray();
        return new ProviderResult(ProviderName, step, outcome, reasons, fraud, id, reference, score, expiry, address);
    }
}
