using System.Globalization;
using System.Text;
using Baas.Kyc.Providers;

namespace Baas.Kyc.Tests.Providers;

/// <summary>The scored-status vendor: status, score and reason-code mapping, extraction, and the timestamped signature.</summary>
public sealed class ScoredStatusAdapterTests
{
    private readonly ScoredStatusAdapter _adapter = new(Webhook.Secret);

    private static byte[] Body(string status = "PASSED", string? score = "0.93", string codes = "[]", string step = "document", string extra = "")
    {
        var scorePart = score is null ? "" : $"'score':{score},";
        return Webhook.Json(
            $"{{'eventId':'evt_1','verification':{{'id':'v_1','reference':'cus_42','step':'{step}','status':'{status}',{scorePart}'reasonCodes':{codes}{extra}}}}}");
    }

    [Theory]
    [InlineData("PASSED", null, "[]", ProviderOutcome.Pass, false)]
    [InlineData("PASSED", "0.93", "[]", ProviderOutcome.Pass, false)]
    [InlineData("PASSED", "1", "[]", ProviderOutcome.Pass, false)]
    [InlineData("PASSED", "0.6", "[]", ProviderOutcome.Pass, false)]
    [InlineData("PASSED", "0.59", "[]", ProviderOutcome.Review, false)]
    [InlineData("PASSED", "0", "[]", ProviderOutcome.Review, false)]
    [InlineData("WARNING", "0.99", "[]", ProviderOutcome.Review, false)]
    [InlineData("WARNING", null, "['ADDRESS_MISMATCH']", ProviderOutcome.Review, false)]
    [InlineData("WARNING", "0.5", "['SPOOF_DETECTED']", ProviderOutcome.Review, false)]
    [InlineData("REJECTED", "0.2", "['IMAGE_BLURRY']", ProviderOutcome.Retry, false)]
    [InlineData("REJECTED", "0.2", "['GLARE','POOR_LIGHTING']", ProviderOutcome.Retry, false)]
    [InlineData("REJECTED", "0.2", "['DOCUMENT_CROPPED']", ProviderOutcome.Retry, false)]
    [InlineData("REJECTED", "0.2", "['FACE_NOT_VISIBLE']", ProviderOutcome.Retry, false)]
    [InlineData("REJECTED", "0.2", "['DOCUMENT_EXPIRED']", ProviderOutcome.Retry, false)]
    [InlineData("REJECTED", "0.2", "['image_blurry']", ProviderOutcome.Retry, false)]
    [InlineData("REJECTED", "0.2", "['IMAGE_BLURRY','DOCUMENT_TAMPERED']", ProviderOutcome.Fail, true)]
    [InlineData("REJECTED", "0.2", "['DOCUMENT_TAMPERED']", ProviderOutcome.Fail, true)]
    [InlineData("REJECTED", "0.2", "['SPOOF_DETECTED']", ProviderOutcome.Fail, true)]
    [InlineData("REJECTED", "0.2", "['DEEPFAKE']", ProviderOutcome.Fail, true)]
    [InlineData("REJECTED", "0.2", "['PHOTO_OF_PHOTO']", ProviderOutcome.Fail, true)]
    [InlineData("REJECTED", "0.2", "['KNOWN_FRAUD']", ProviderOutcome.Fail, true)]
    [InlineData("REJECTED", "0.2", "['NAME_MISMATCH']", ProviderOutcome.Fail, false)]
    [InlineData("REJECTED", "0.2", "['IMAGE_BLURRY','NAME_MISMATCH']", ProviderOutcome.Fail, false)]
    [InlineData("REJECTED", null, "[]", ProviderOutcome.Fail, false)]
    [InlineData("REJECTED", "0.99", "['UNDERAGE']", ProviderOutcome.Fail, false)]
    public void Statuses_scores_and_codes_map_to_outcomes(string status, string? score, string codes, ProviderOutcome outcome, bool fraud)
    {
        var parsed = _adapter.Parse(Body(status, score, codes));
        Assert.Equal((outcome, fraud), (parsed.Outcome, parsed.FraudSuspected));
        Assert.Equal("scorecheck", parsed.Provider);
    }

    [Theory]
    [InlineData(0.8, "0.7", ProviderOutcome.Review)]
    [InlineData(0.8, "0.8", ProviderOutcome.Pass)]
    [InlineData(0.0, "0", ProviderOutcome.Pass)]
    [InlineData(1.0, "0.999", ProviderOutcome.Review)]
    public void The_pass_threshold_is_configurable(double threshold, string score, ProviderOutcome outcome) =>
        Assert.Equal(outcome, new ScoredStatusAdapter(Webhook.Secret, threshold).Parse(Body(score: score)).Outcome);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void A_threshold_outside_0_to_1_is_refused(double threshold) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoredStatusAdapter(Webhook.Secret, threshold));

    [Theory]
    [InlineData("document")]
    [InlineData("liveness")]
    public void The_step_is_taken_as_given(string step) => Assert.Equal(step, _adapter.Parse(Body(step: step)).Step);

    [Fact]
    public void Codes_become_lowercase_reasons_and_everything_else_is_extracted()
    {
        var parsed = _adapter.Parse(Body("REJECTED", "0.25", "['IMAGE_BLURRY','GLARE']", extra:
            ",'document':{'validUntil':'2031-07-04','address':{'line1':'1 Main St','line2':null,'city':'Austin','state':'TX','postalCode':'78701','country':'US'}}"));
        Assert.Equal(["image_blurry", "glare"], parsed.Reasons);
        Assert.Equal(("v_1", "cus_42", 0.25), (parsed.CheckId, parsed.CustomerId, parsed.Score));
        Assert.Equal(new DateOnly(2031, 7, 4), parsed.DocumentExpiry);
        Assert.Equal(new PostalAddress("1 Main St", null, "Austin", "TX", "78701", "US"), parsed.DocumentAddress);
    }

    [Fact]
    public void Pending_verifications_are_ignorable()
    {
        var e = Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(Webhook.Json("{'eventId':'e','verification':{'id':'v_1','status':'PENDING'}}")));
        Assert.True(e.Ignorable);
        Assert.Equal("verification.status", e.Field);
    }

    [Theory]
    [InlineData("{'eventId':'e'}", "verification")]
    [InlineData("{'eventId':5,'verification':{}}", "eventId")]
    [InlineData("{'verification':'v'}", "verification")]
    [InlineData("{'verification':{'id':'v','step':'document'}}", "verification.status")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'passed'}}", "verification.status")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'APPROVED'}}", "verification.status")]
    [InlineData("{'verification':{'id':'v','step':'document','status':1}}", "verification.status")]
    [InlineData("{'verification':{'step':'document','status':'PASSED'}}", "verification.id")]
    [InlineData("{'verification':{'id':['v'],'step':'document','status':'PASSED'}}", "verification.id")]
    [InlineData("{'verification':{'id':'v','status':'PASSED'}}", "verification.step")]
    [InlineData("{'verification':{'id':'v','step':'selfie','status':'PASSED'}}", "verification.step")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'PASSED','reference':{}}}", "verification.reference")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'PASSED','score':1.5}}", "verification.score")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'PASSED','score':-0.1}}", "verification.score")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'PASSED','score':'0.9'}}", "verification.score")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'PASSED','score':1e400}}", "verification.score")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'PASSED','reasonCodes':'GLARE'}}", "verification.reasonCodes")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'PASSED','reasonCodes':[{}]}}", "verification.reasonCodes[0]")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'PASSED','document':{'validUntil':'2030-02-30'}}}", "verification.document.validUntil")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'PASSED','document':{'validUntil':'2030-1-5'}}}", "verification.document.validUntil")]
    [InlineData("{'verification':{'id':'v','step':'document','status':'PASSED','document':{'address':{'line1':'1 A St','country':'US'}}}}", "verification.document.address.city")]
    public void Malformed_payloads_throw_naming_the_field(string json, string field)
    {
        var e = Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(Webhook.Json(json)));
        Assert.False(e.Ignorable);
        Assert.Equal(field, e.Field);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_is_t_and_v1_over_the_timestamp_and_body()
    {
        var body = Body();
        var header = ScoredStatusAdapter.Sign(Webhook.Secret, body, Webhook.Now);
        var t = Webhook.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Webhook.Secret), Encoding.ASCII.GetBytes(t + ".").Concat(body).ToArray());
        Assert.Equal($"t={t},v1={Convert.ToHexStringLower(mac)}", header);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-299)]
    [InlineData(-300)]
    [InlineData(299)]
    [InlineData(300)]
    public void A_signature_inside_the_replay_window_is_accepted(int signedSecondsFromNow)
    {
        var body = Body();
        var header = Webhook.Header("X-Signature", ScoredStatusAdapter.Sign(Webhook.Secret, body, Webhook.Now.AddSeconds(signedSecondsFromNow)));
        Assert.True(_adapter.TryVerifySignature(header, body, Webhook.Now, out var problem), problem);
    }

    [Theory]
    [InlineData(-301, "old")]
    [InlineData(-86400, "old")]
    [InlineData(301, "future")]
    [InlineData(3600, "future")]
    public void A_signature_outside_the_replay_window_is_refused(int signedSecondsFromNow, string problemPart)
    {
        var body = Body();
        var header = Webhook.Header("X-Signature", ScoredStatusAdapter.Sign(Webhook.Secret, body, Webhook.Now.AddSeconds(signedSecondsFromNow)));
        Assert.False(_adapter.TryVerifySignature(header, body, Webhook.Now, out var problem));
        Assert.Contains(problemPart, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData(" ", "missing")]
    [InlineData("garbage", "malformed")]
    [InlineData("t=abc,v1=00", "malformed")]
    [InlineData("t=-5,v1=00", "malformed")]
    [InlineData("t=,v1=00", "malformed")]
    [InlineData("v1=00", "malformed")]
    [InlineData("t=1781524800", "malformed")]
    [InlineData("t=1781524800,t=1781524800,v1=00", "malformed")]
    [InlineData("t=1781524800,=x,v1=00", "malformed")]
    [InlineData("t=99999999999999999999,v1=00", "malformed")]
    [InlineData("t=1781524800,v1=zz", "does not match")]
    [InlineData("t=1781524800,v1=", "does not match")]
    public void Missing_or_malformed_headers_are_refused(string? value, string problemPart)
    {
        Assert.Equal(1781524800, Webhook.Now.ToUnixTimeSeconds());
        Assert.False(_adapter.TryVerifySignature(Webhook.Header("X-Signature", value), Body(), Webhook.Now, out var problem));
        Assert.Contains(problemPart, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Tampering_with_the_body_timestamp_or_secret_is_refused()
    {
        var body = Body();
        var signed = ScoredStatusAdapter.Sign(Webhook.Secret, body, Webhook.Now);
        var v1 = signed[(signed.IndexOf("v1=", StringComparison.Ordinal) + 3)..];

        Assert.False(_adapter.TryVerifySignature(Webhook.Header("X-Signature", signed), Body(status: "WARNING"), Webhook.Now, out _));
        Assert.False(_adapter.TryVerifySignature(Webhook.Header("X-Signature", $"t={Webhook.Now.ToUnixTimeSeconds() + 1},v1={v1}"), body, Webhook.Now, out _));
        Assert.False(_adapter.TryVerifySignature(Webhook.Header("X-Signature", ScoredStatusAdapter.Sign("another", body, Webhook.Now)), body, Webhook.Now, out _));

        // A digest of the body alone (no timestamp bound into it) is not this scheme's signature.
        var bare = ClearConsiderAdapter.Sign(Webhook.Secret, body);
        Assert.False(_adapter.TryVerifySignature(Webhook.Header("X-Signature", $"t={Webhook.Now.ToUnixTimeSeconds()},v1={bare}"), body, Webhook.Now, out _));
    }

    [Fact]
    public void Any_matching_v1_is_enough_for_secret_rotation_and_unknown_schemes_are_ignored()
    {
        var body = Body();
        var signed = ScoredStatusAdapter.Sign(Webhook.Secret, body, Webhook.Now);
        var v1 = signed[(signed.IndexOf("v1=", StringComparison.Ordinal) + 3)..];
        var header = $"t={Webhook.Now.ToUnixTimeSeconds()}, v1={new string('0', 64)}, v0=legacy, v1={v1}";
        Assert.True(_adapter.TryVerifySignature(Webhook.Header("X-Signature", header), body, Webhook.Now, out var problem), problem);
    }

    [Fact]
    public void Without_a_secret_every_signature_is_refused()
    {
        var body = Body();
        var adapter = new ScoredStatusAdapter("");
        Assert.False(adapter.TryVerifySignature(Webhook.Header("X-Signature", ScoredStatusAdapter.Sign(Webhook.Secret, body, Webhook.Now)), body, Webhook.Now, out var problem));
        Assert.Contains("no webhook secret", problem, StringComparison.Ordinal);
    }
}
