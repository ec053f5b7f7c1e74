using System.Text;
using Baas.Kyc.Providers;

namespace Baas.Kyc.Tests.Providers;

/// <summary>The clear/consider vendor: outcome and step mapping, extraction, non-final events, malformed payloads, signatures.</summary>
public sealed class ClearConsiderAdapterTests
{
    private readonly ClearConsiderAdapter _adapter = new(Webhook.Secret);

    private static byte[] Body(
        string result = "clear",
        string? subResult = null,
        string reasons = "[]",
        string reports = "['document']",
        string action = "check.completed",
        string status = "complete",
        string extra = "")
    {
        var sub = subResult is null ? "" : $"'sub_result':'{subResult}',";
        return Webhook.Json(
            $"{{'payload':{{'resource_type':'check','action':'{action}','object':{{'id':'chk_1','status':'{status}','result':'{result}',{sub}" +
            $"'reasons':{reasons},'reports':{reports},'tags':['env:test','customer:cus_42']{extra}}}}}}}");
    }

    [Theory]
    [InlineData("clear", null, "[]", ProviderOutcome.Pass, false)]
    [InlineData("clear", "clear", "[]", ProviderOutcome.Pass, false)]
    [InlineData("consider", null, "[]", ProviderOutcome.Review, false)]
    [InlineData("consider", "caution", "[]", ProviderOutcome.Review, false)]
    [InlineData("consider", "clear", "[]", ProviderOutcome.Review, false)]
    [InlineData("clear", "caution", "[]", ProviderOutcome.Review, false)]
    [InlineData("consider", "rejected", "['image_quality']", ProviderOutcome.Retry, false)]
    [InlineData("consider", "rejected", "['glare','blur']", ProviderOutcome.Retry, false)]
    [InlineData("consider", "rejected", "['cropped']", ProviderOutcome.Retry, false)]
    [InlineData("consider", "rejected", "['GLARE']", ProviderOutcome.Retry, false)]
    [InlineData("consider", "rejected", "['glare','data_mismatch']", ProviderOutcome.Fail, false)]
    [InlineData("consider", "rejected", "['data_mismatch']", ProviderOutcome.Fail, false)]
    [InlineData("consider", "rejected", "[]", ProviderOutcome.Fail, false)]
    [InlineData("consider", "suspected", "[]", ProviderOutcome.Fail, true)]
    [InlineData("consider", "suspected", "['glare']", ProviderOutcome.Fail, true)]
    [InlineData("clear", "suspected", "[]", ProviderOutcome.Fail, true)]
    public void Results_map_to_outcomes(string result, string? subResult, string reasons, ProviderOutcome outcome, bool fraud)
    {
        var parsed = _adapter.Parse(Body(result, subResult, reasons));
        Assert.Equal((outcome, fraud), (parsed.Outcome, parsed.FraudSuspected));
        Assert.Equal("clearcheck", parsed.Provider);
    }

    [Theory]
    [InlineData("consider", "rejected", "['GLARE',' Blur ']", "glare,blur")]
    [InlineData("consider", "caution", "[]", "caution")]
    [InlineData("consider", "suspected", "[]", "suspected")]
    [InlineData("consider", "rejected", "[]", "rejected")]
    [InlineData("clear", null, "[]", "")]
    [InlineData("clear", "clear", "[]", "")]
    [InlineData("consider", null, "[]", "")]
    public void Reasons_are_lowercased_or_the_sub_result(string result, string? subResult, string reasons, string expected) =>
        Assert.Equal(expected, string.Join(",", _adapter.Parse(Body(result, subResult, reasons)).Reasons));

    [Theory]
    [InlineData("['document']", "document")]
    [InlineData("['facial_similarity']", "liveness")]
    [InlineData("['facial_similarity_photo']", "liveness")]
    [InlineData("['facial_similarity_video']", "liveness")]
    [InlineData("['document','watchlist']", "document")]
    [InlineData("['watchlist','facial_similarity_motion']", "liveness")]
    public void The_step_comes_from_the_reports(string reports, string step) =>
        Assert.Equal(step, _adapter.Parse(Body(reports: reports)).Step);

    [Theory]
    [InlineData("['document','facial_similarity_photo']")]
    [InlineData("[]")]
    [InlineData("['watchlist']")]
    [InlineData("'document'")]
    [InlineData("[1]")]
    public void Reports_without_exactly_one_step_are_refused(string reports)
    {
        var e = Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(Body(reports: reports)));
        Assert.StartsWith("payload.object.reports", e.Field, StringComparison.Ordinal);
        Assert.Contains("payload.object.reports", e.Message, StringComparison.Ordinal);
        Assert.False(e.Ignorable);
    }

    [Fact]
    public void Ids_expiry_and_address_are_extracted()
    {
        var parsed = _adapter.Parse(Body(extra:
            ",'document':{'expires_on':'2030-01-31','address':{'line1':'1 Main St','line2':'Apt 2','city':'Austin','state':'TX','postal_code':'78701','country':'US'}}"));
        Assert.Equal("chk_1", parsed.CheckId);
        Assert.Equal("cus_42", parsed.CustomerId);
        Assert.Equal(new DateOnly(2030, 1, 31), parsed.DocumentExpiry);
        Assert.Equal(new PostalAddress("1 Main St", "Apt 2", "Austin", "TX", "78701", "US"), parsed.DocumentAddress);
        Assert.Null(parsed.Score);
    }

    [Fact]
    public void A_partial_document_address_keeps_what_is_there()
    {
        var parsed = _adapter.Parse(Body(extra: ",'document':{'address':{'line1':'Hauptstraße 5','city':'Berlin','country':'DE'}}"));
        Assert.Equal(new PostalAddress("Hauptstraße 5", null, "Berlin", "", "", "DE"), parsed.DocumentAddress);
        Assert.Null(parsed.DocumentExpiry);
    }

    [Fact]
    public void Without_a_customer_tag_the_customer_is_unknown()
    {
        var parsed = _adapter.Parse(Webhook.Json(
            "{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'chk_9','status':'complete','result':'clear','reports':['document']}}}"));
        Assert.Equal((null, "chk_9", ProviderOutcome.Pass), (parsed.CustomerId, parsed.CheckId, parsed.Outcome));
        Assert.Empty(parsed.Reasons);
    }

    [Theory]
    [InlineData("check.started", "complete", "payload.action")]
    [InlineData("check.withdrawn", "complete", "payload.action")]
    [InlineData("check.completed", "in_progress", "payload.object.status")]
    [InlineData("check.completed", "awaiting_applicant", "payload.object.status")]
    public void Events_that_are_not_a_completed_check_are_ignorable(string action, string status, string field)
    {
        var e = Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(Body(action: action, status: status)));
        Assert.True(e.Ignorable);
        Assert.Equal(field, e.Field);
        Assert.Contains("not a completed check", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_resource_types_are_ignorable()
    {
        var e = Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(Webhook.Json(
            "{'payload':{'resource_type':'report','action':'report.completed','object':{'id':'rep_1','status':'complete'}}}")));
        Assert.True(e.Ignorable);
    }

    [Fact]
    public void A_started_check_without_a_result_is_ignorable_not_malformed()
    {
        var e = Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(Webhook.Json(
            "{'payload':{'resource_type':'check','action':'check.started','object':{'id':'chk_1','status':'in_progress'}}}")));
        Assert.True(e.Ignorable);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("{", "")]
    [InlineData("{'payload':{'resource_type':'check'", "")]
    [InlineData("[]", "")]
    [InlineData("null", "")]
    [InlineData("'payload'", "")]
    [InlineData("{} {}", "")]
    [InlineData("{'payload':{},'payload':{}}", "")]
    [InlineData("{'payload':1}", "payload")]
    [InlineData("{}", "payload")]
    [InlineData("{'payload':{'action':'check.completed'}}", "payload.resource_type")]
    [InlineData("{'payload':{'resource_type':7}}", "payload.resource_type")]
    [InlineData("{'payload':{'resource_type':'check'}}", "payload.action")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed'}}", "payload.object")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':[]}}", "payload.object")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c'}}}", "payload.object.status")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'status':'complete','result':'clear','reports':['document']}}}", "payload.object.id")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':5,'status':'complete','result':'clear','reports':['document']}}}", "payload.object.id")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':' ','status':'complete','result':'clear','reports':['document']}}}", "payload.object.id")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','reports':['document']}}}", "payload.object.result")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'maybe','reports':['document']}}}", "payload.object.result")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':true,'reports':['document']}}}", "payload.object.result")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'CLEAR','reports':['document']}}}", "payload.object.result")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'consider','sub_result':'odd','reports':['document']}}}", "payload.object.sub_result")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'reasons':'glare'}}}", "payload.object.reasons")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'reasons':[null]}}}", "payload.object.reasons[0]")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'tags':[1]}}}", "payload.object.tags[0]")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'tags':['customer:']}}}", "payload.object.tags")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'document':'passport'}}}", "payload.object.document")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'document':{'expires_on':'2030-13-01'}}}}", "payload.object.document.expires_on")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'document':{'expires_on':'31/01/2030'}}}}", "payload.object.document.expires_on")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'document':{'expires_on':'2030-02-30'}}}}", "payload.object.document.expires_on")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'document':{'expires_on':20300131}}}}", "payload.object.document.expires_on")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'document':{'address':{'city':'Austin','country':'US'}}}}}", "payload.object.document.address.line1")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'document':{'address':{'line1':'1 A St','city':'Austin','country':'USA'}}}}}", "payload.object.document.address.country")]
    [InlineData("{'payload':{'resource_type':'check','action':'check.completed','object':{'id':'c','status':'complete','result':'clear','reports':['document'],'document':{'address':{'line1':'1 A St','city':'Austin','country':'US','postal_code':78701}}}}}", "payload.object.document.address.postal_code")]
    public void Malformed_payloads_throw_naming_the_field(string json, string field)
    {
        var e = Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(Webhook.Json(json)));
        Assert.False(e.Ignorable);
        Assert.Equal(field, e.Field);
        if (field.Length > 0)
        {
            Assert.Contains(field, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Invalid_utf8_is_a_payload_error()
    {
        byte[] body = [.. "{\"payload\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(body));
    }

    [Fact]
    public void Sign_is_lowercase_hex_hmac_sha256_of_the_body()
    {
        // RFC 4231-style known answer: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        Assert.Equal(
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            ClearConsiderAdapter.Sign("key", "The quick brown fox jumps over the lazy dog"u8));
    }

    [Fact]
    public void A_valid_signature_is_accepted_at_any_time()
    {
        var body = Body();
        var header = Webhook.Header("x-clearcheck-signature", ClearConsiderAdapter.Sign(Webhook.Secret, body));
        Assert.True(_adapter.TryVerifySignature(header, body, Webhook.Now, out var problem));
        Assert.Null(problem);
        Assert.True(_adapter.TryVerifySignature(header, body, Webhook.Now.AddDays(30), out _));
    }

    [Fact]
    public void Uppercase_hex_is_the_same_signature()
    {
        var body = Body();
        var header = Webhook.Header(ClearConsiderAdapter.SignatureHeader, ClearConsiderAdapter.Sign(Webhook.Secret, body).ToUpperInvariant());
        Assert.True(_adapter.TryVerifySignature(header, body, Webhook.Now, out _));
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("", "missing")]
    [InlineData("not-hex", "does not match")]
    [InlineData("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", "does not match")]
    [InlineData("f7bc83f4", "does not match")]
    public void Missing_or_wrong_signatures_are_refused(string? value, string problemPart)
    {
        Assert.False(_adapter.TryVerifySignature(Webhook.Header(ClearConsiderAdapter.SignatureHeader, value), Body(), Webhook.Now, out var problem));
        Assert.Contains(problemPart, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_body_or_another_secret_is_refused()
    {
        var body = Body();
        var signature = ClearConsiderAdapter.Sign(Webhook.Secret, body);
        var tampered = Body(result: "consider");
        Assert.False(_adapter.TryVerifySignature(Webhook.Header(ClearConsiderAdapter.SignatureHeader, signature), tampered, Webhook.Now, out _));
        Assert.False(_adapter.TryVerifySignature(Webhook.Header(ClearConsiderAdapter.SignatureHeader, ClearConsiderAdapter.Sign("other", body)), body, Webhook.Now, out _));
        Assert.False(_adapter.TryVerifySignature(Webhook.Header("X-Signature", signature), body, Webhook.Now, out _));
    }

    [Fact]
    public void Without_a_secret_every_signature_is_refused()
    {
        var body = Body();
        var adapter = new ClearConsiderAdapter(null);
        Assert.False(adapter.TryVerifySignature(Webhook.Header(ClearConsiderAdapter.SignatureHeader, ClearConsiderAdapter.Sign(Webhook.Secret, body)), body, Webhook.Now, out var problem));
        Assert.Contains("no webhook secret", problem, StringComparison.Ordinal);
        Assert.Equal(ProviderOutcome.Pass, adapter.Parse(body).Outcome);
    }

    [Fact]
    public void The_secret_is_used_as_utf8()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Webhook.Secret), body));
        Assert.Equal(expected, ClearConsiderAdapter.Sign(Webhook.Secret, body));
    }
}
