using System.Collections.Frozen;
using System.Text.Json;

namespace Baas.Kyc.Providers;

/// <summary>Adapter for <c>clearcheck</c>, a vendor that concludes a check as clear or consider with a sub-result.</summary>
/// <remarks>
/// <para>Webhook body (our own shape for this kind of vendor):</para>
/// <code>
/// {"payload":{"resource_type":"check","action":"check.completed",
///   "object":{"id":"chk_1","status":"complete","result":"consider","sub_result":"rejected",
///             "reasons":["glare"],"reports":["document"],"tags":["customer:cus_1"],
///             "document":{"expires_on":"2030-01-31",
///                         "address":{"line1":"1 Main St","line2":null,"city":"Austin","state":"TX","postal_code":"78701","country":"US"}}}}}
/// </code>
/// <para>
/// The step comes from <c>reports</c>: <c>document</c> is the document step, any <c>facial_similarity*</c> report the
/// liveness step; a check with both, or neither, is refused. <c>tags</c> may carry <c>customer:&lt;id&gt;</c>.
/// </para>
/// <para>
/// Outcome (the worse of result and sub_result wins): sub_result <c>suspected</c> is a failure pointing at fraud;
/// <c>rejected</c> is a retry when every reason is about the picture (image_quality, glare, blur, cropped...) and a
/// failure otherwise; <c>caution</c> is a review; otherwise <c>clear</c> passes and <c>consider</c> goes to review.
/// Reasons are the payload's <c>reasons</c>, lowercased, or the sub_result when there are none and the check did not pass.
/// </para>
/// <para>
/// Events other than a completed check (another resource type, an action other than <c>check.completed</c>, a status
/// other than <c>complete</c>) throw an <see cref="ProviderPayloadException.Ignorable"/> exception.
/// </para>
/// <para>
/// Signature: header <c>X-Clearcheck-Signature</c> is the lowercase hex HMAC-SHA256 of the raw body under the
/// secret. The scheme carries no timestamp, so a replayed delivery is stopped by each check id being applied once,
/// not here.
/// </para>
/// </remarks>
public sealed class ClearConsiderAdapter : IKycProviderAdapter
{
    /// <summary>The provider name.</summary>
    public const string ProviderName = "clearcheck";

    /// <summary>The header carrying the signature.</summary>
    public const string SignatureHeader = "X-Clearcheck-Signature";

    private static readonly FrozenSet<string> PictureReasons = new[]
    {
        "image_quality", "glare", "blur", "blurry", "cropped", "dark", "poor_lighting", "low_resolution", "obscured",
        "document_expired",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly byte[]? _key;

    /// <summary>An adapter checking signatures with <paramref name="webhookSecret"/>; without one every signature is refused.</summary>
    public ClearConsiderAdapter(string? webhookSecret) => _key = WebhookSignature.Key(webhookSecret);

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <summary>The <see cref="SignatureHeader"/> value for <paramref name="body"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return WebhookSignature.Hex(WebhookSignature.Key(secret)!, [], body);
    }

    /// <inheritdoc/>
    public bool TryVerifySignature(Func<string, string?> header, ReadOnlySpan<byte> body, DateTimeOffset now, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(header);
        return WebhookSignature.TryVerifyHex(_key, SignatureHeader, header(SignatureHeader), body, out problem);
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

    private static ProviderResult ParseCore(ReadOnlySpan<byte> body)
    {
        using var document = PayloadJson.ParseObject(body);
        var payload = PayloadJson.RequiredObject(document.RootElement, "payload", "payload");
        if (PayloadJson.RequiredString(payload, "resource_type", "payload.resource_type") != "check")
        {
            throw new ProviderPayloadException("payload.resource_type is not a check: not a completed check", "payload.resource_type", ignorable: true);
        }

        if (PayloadJson.RequiredString(payload, "action", "payload.action") != "check.completed")
        {
            throw new ProviderPayloadException("payload.action is not check.completed: not a completed check", "payload.action", ignorable: true);
        }

        var check = PayloadJson.RequiredObject(payload, "object", "payload.object");
        if (PayloadJson.RequiredString(check, "status", "payload.object.status") != "complete")
        {
            throw new ProviderPayloadException("payload.object.status is not complete: not a completed check", "payload.object.status", ignorable: true);
        }

        var id = PayloadJson.RequiredString(check, "id", "payload.object.id", PayloadJson.MaxIdLength);
        var result = PayloadJson.RequiredChoice(check, "result", "payload.object.result", "clear", "consider");
        var subResult = PayloadJson.OptionalChoice(check, "sub_result", "payload.object.sub_result", "clear", "caution", "rejected", "suspected");
        var step = StepOf(check);
        var reasons = PayloadJson.StringList(check, "reasons", "payload.object.reasons", lowercase: true);
        var customerId = CustomerOf(check);

        DateOnly? expiry = null;
        PostalAddress? address = null;
        if (PayloadJson.OptionalObject(check, "document", "payload.object.document") is { } shown)
        {
            expiry = PayloadJson.OptionalDate(shown, "expires_on", "payload.object.document.expires_on");
            address = PayloadJson.OptionalAddress(shown, "address", "payload.object.document.address", "postal_code");
        }

        var (outcome, fraud) = subResult switch
        {
            "suspected" => (ProviderOutcome.Fail, true),
            "rejected" => (reasons.Count > 0 && reasons.All(PictureReasons.Contains) ? ProviderOutcome.Retry : ProviderOutcome.Fail, false),
            "caution" => (ProviderOutcome.Review, false),
            _ => (result == "clear" ? ProviderOutcome.Pass : ProviderOutcome.Review, false),
        };

        if (reasons.Count == 0 && outcome != ProviderOutcome.Pass && subResult is not null and not "clear")
        {
            reasons = [subResult];
        }

        return new ProviderResult(ProviderName, step, outcome, reasons, fraud, id, customerId, DocumentExpiry: expiry, DocumentAddress: address);
    }

    private static string StepOf(JsonElement check)
    {
        var reports = PayloadJson.StringList(check, "reports", "payload.object.reports", lowercase: false);
        var document = reports.Contains("document");
        var face = reports.Any(r => r.StartsWith("facial_similarity", StringComparison.Ordinal));
        return (document, face) switch
        {
            (true, false) => "document",
            (false, true) => "liveness",
            (true, true) => throw new ProviderPayloadException("payload.object.reports has both document and facial_similarity reports; one step per check", "payload.object.reports"),
            _ => throw new ProviderPayloadException("payload.object.reports needs a document or facial_similarity report", "payload.object.reports"),
        };
    }

    private static string? CustomerOf(JsonElement check)
    {
        foreach (var tag in PayloadJson.StringList(check, "tags", "payload.object.tags", lowercase: false))
        {
            if (tag.StartsWith("customer:", StringComparison.Ordinal))
            {
                var id = tag["customer:".Length..].Trim();
                return id.Length is > 0 and <= PayloadJson.MaxIdLength
                    ? id
                    : throw new ProviderPayloadException("payload.object.tags has a customer tag without a usable id", "payload.object.tags");
            }
        }

        return null;
    }
}
