using Baas.Kyc.Providers;

namespace Baas.Kyc.Tests.Providers;

/// <summary>The simulator: stated outcomes, the route's step, every optional field, type errors, and its signature header.</summary>
public sealed class SimulatorAdapterTests
{
    private readonly SimulatorAdapter _adapter = new(Webhook.Secret);

    [Theory]
    [InlineData("pass", ProviderOutcome.Pass)]
    [InlineData("review", ProviderOutcome.Review)]
    [InlineData("retry", ProviderOutcome.Retry)]
    [InlineData("fail", ProviderOutcome.Fail)]
    public void Outcomes_are_taken_as_stated(string outcome, ProviderOutcome expected)
    {
        var parsed = _adapter.Parse(Webhook.Json($"{{'provider':'simulator','outcome':'{outcome}'}}"));
        Assert.Equal(new ProviderResult("simulator", "document", expected, []) with { Reasons = parsed.Reasons }, parsed);
        Assert.Empty(parsed.Reasons);
    }

    [Theory]
    [InlineData("{'outcome':'pass'}", "document")]
    [InlineData("{'outcome':'pass','step':'document'}", "document")]
    [InlineData("{'outcome':'pass','step':'liveness'}", "liveness")]
    [InlineData("{'outcome':'pass','step':null}", "document")]
    public void The_step_defaults_to_document(string json, string step) =>
        Assert.Equal(step, _adapter.Parse(Webhook.Json(json)).Step);

    [Theory]
    [InlineData("{'outcome':'pass'}", "liveness", "liveness")]
    [InlineData("{'outcome':'pass'}", "document", "document")]
    [InlineData("{'outcome':'pass','step':'liveness'}", "liveness", "liveness")]
    public void The_route_supplies_the_step(string json, string routeStep, string step) =>
        Assert.Equal(step, _adapter.Parse(Webhook.Json(json), routeStep).Step);

    [Theory]
    [InlineData("{'outcome':'pass','step':'liveness'}", "document")]
    [InlineData("{'outcome':'pass'}", "selfie")]
    [InlineData("{'outcome':'pass'}", "")]
    [InlineData("{'outcome':'pass'}", "Document")]
    public void A_step_that_disagrees_with_the_route_or_is_unknown_is_refused(string json, string routeStep)
    {
        var e = Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(Webhook.Json(json), routeStep));
        Assert.Equal("step", e.Field);
    }

    [Fact]
    public void Every_optional_field_is_extracted()
    {
        var parsed = _adapter.Parse(Webhook.Json(
            "{'provider':'simulator','outcome':'fail','step':'liveness','reasons':['Spoof',' Mask '],'fraud':true,'checkId':'sim_7'," +
            "'customerId':'cus_9','score':0.125,'documentExpiry':'2029-12-31'," +
            "'documentAddress':{'line1':'PO Box 12','line2':'c/o X','city':'Austin','state':'TX','postalCode':'78701','country':'US'}}"));
        Assert.Equal(
            new ProviderResult(
                "simulator",
                "liveness",
                ProviderOutcome.Fail,
                parsed.Reasons,
                FraudSuspected: true,
                CheckId: "sim_7",
                CustomerId: "cus_9",
                Score: 0.125,
                DocumentExpiry: new DateOnly(2029, 12, 31),
                DocumentAddress: new PostalAddress("PO Box 12", "c/o X", "Austin", "TX", "78701", "US")),
            parsed);
        Assert.Equal(["spoof", "mask"], parsed.Reasons);
    }

    [Fact]
    public void Reasons_are_capped_at_20_items_of_100_characters()
    {
        var many = string.Join(",", Enumerable.Range(0, 25).Select(i => $"'r{i}'"));
        var parsed = _adapter.Parse(Webhook.Json($"{{'outcome':'retry','reasons':[{many},'{new string('x', 300)}']}}"));
        Assert.Equal(20, parsed.Reasons.Count);
        Assert.Equal("r19", parsed.Reasons[^1]);

        var longOne = _adapter.Parse(Webhook.Json($"{{'outcome':'retry','reasons':['{new string('y', 150)}']}}"));
        Assert.Equal(new string('y', 100), Assert.Single(longOne.Reasons));
    }

    [Fact]
    public void A_cut_reason_never_ends_in_half_a_surrogate_pair()
    {
        var reason = new string('a', 99) + "😀";
        var parsed = _adapter.Parse(Webhook.Json($"{{'outcome':'retry','reasons':['{reason}']}}"));
        Assert.Equal(new string('a', 99), Assert.Single(parsed.Reasons));
    }

    [Theory]
    [InlineData("{}", "outcome")]
    [InlineData("{'outcome':'maybe'}", "outcome")]
    [InlineData("{'outcome':'PASS'}", "outcome")]
    [InlineData("{'outcome':1}", "outcome")]
    [InlineData("{'outcome':null}", "outcome")]
    [InlineData("{'outcome':['pass']}", "outcome")]
    [InlineData("{'provider':'clearcheck','outcome':'pass'}", "provider")]
    [InlineData("{'provider':5,'outcome':'pass'}", "provider")]
    [InlineData("{'outcome':'pass','step':'selfie'}", "step")]
    [InlineData("{'outcome':'pass','step':2}", "step")]
    [InlineData("{'outcome':'pass','fraud':true}", "fraud")]
    [InlineData("{'outcome':'review','fraud':true}", "fraud")]
    [InlineData("{'outcome':'fail','fraud':'yes'}", "fraud")]
    [InlineData("{'outcome':'fail','fraud':1}", "fraud")]
    [InlineData("{'outcome':'pass','reasons':'glare'}", "reasons")]
    [InlineData("{'outcome':'pass','reasons':['a',2]}", "reasons[1]")]
    [InlineData("{'outcome':'pass','checkId':42}", "checkId")]
    [InlineData("{'outcome':'pass','checkId':''}", "checkId")]
    [InlineData("{'outcome':'pass','customerId':true}", "customerId")]
    [InlineData("{'outcome':'pass','score':2}", "score")]
    [InlineData("{'outcome':'pass','score':'high'}", "score")]
    [InlineData("{'outcome':'pass','documentExpiry':'not-a-date'}", "documentExpiry")]
    [InlineData("{'outcome':'pass','documentExpiry':'2030-02-30'}", "documentExpiry")]
    [InlineData("{'outcome':'pass','documentExpiry':'2030-01-01T00:00:00Z'}", "documentExpiry")]
    [InlineData("{'outcome':'pass','documentAddress':'1 Main St'}", "documentAddress")]
    [InlineData("{'outcome':'pass','documentAddress':{'line1':'1 Main St','country':'US'}}", "documentAddress.city")]
    [InlineData("{'outcome':'pass','documentAddress':{'line1':'1 Main St','city':'A','country':'US','postalCode':1}}", "documentAddress.postalCode")]
    public void Wrong_values_and_types_throw_naming_the_field(string json, string field)
    {
        var e = Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(Webhook.Json(json)));
        Assert.Equal(field, e.Field);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        Assert.False(e.Ignorable);
    }

    [Theory]
    [InlineData("{\"outcome\":\"pass\",\"checkId\":\"\\ud800\"}", "checkId")]
    [InlineData("{\"outcome\":\"pass\",\"reasons\":[\"\\udc00x\"]}", "reasons[0]")]
    [InlineData("{\"outcome\":\"\\ud83d\"}", "outcome")]
    [InlineData("{\"\\ud800\":1,\"outcome\":\"pass\"}", "")]
    [InlineData("{\"\\ud800\":1,\"\\ud800\":2,\"outcome\":\"pass\"}", "")]
    [InlineData("{\"outcome\":\"pass\",\"documentAddress\":{\"\\udfff\":1,\"line1\":\"1 A St\",\"city\":\"B\",\"country\":\"US\"}}", "")]
    public void Escaped_lone_surrogates_are_payload_errors(string json, string field)
    {
        // Found by the JSON value-swap property: decoding such a string or member name throws InvalidOperationException
        // inside System.Text.Json. Values are refused naming their field; names are refused by the parser itself.
        var e = Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void A_long_check_id_is_refused()
    {
        var e = Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(Webhook.Json($"{{'outcome':'pass','checkId':'{new string('c', 101)}'}}")));
        Assert.Equal("checkId", e.Field);
    }

    [Fact]
    public void Unknown_members_are_ignored() =>
        Assert.Equal(ProviderOutcome.Review, _adapter.Parse(Webhook.Json("{'outcome':'review','note':{'anything':[1,2,3]}}")).Outcome);

    [Fact]
    public void A_body_over_one_mebibyte_is_refused_before_parsing()
    {
        var body = Webhook.Json("{'outcome':'pass','pad':'" + new string(' ', 1 << 20) + "'}");
        Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(body));
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var body = Webhook.Json("{'outcome':'pass','x':" + new string('[', 100) + new string(']', 100) + "}");
        Assert.Throws<ProviderPayloadException>(() => _adapter.Parse(body));
    }

    [Fact]
    public void The_webhook_signature_uses_its_own_header()
    {
        var body = Webhook.Json("{'provider':'simulator','outcome':'pass','checkId':'sim_1'}");
        var value = SimulatorAdapter.Sign(Webhook.Secret, body, Webhook.Now);
        Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", value);
        Assert.True(_adapter.TryVerifySignature(Webhook.Header("X-Simulator-Signature", value), body, Webhook.Now.AddSeconds(30), out var problem), problem);
        Assert.False(_adapter.TryVerifySignature(Webhook.Header("X-Signature", value), body, Webhook.Now, out problem));
        Assert.Contains("X-Simulator-Signature header is missing", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void The_replay_window_is_300_seconds_either_way(int signedSecondsFromNow, bool accepted)
    {
        var body = Webhook.Json("{'outcome':'pass'}");
        var header = Webhook.Header(SimulatorAdapter.SignatureHeader, SimulatorAdapter.Sign(Webhook.Secret, body, Webhook.Now.AddSeconds(signedSecondsFromNow)));
        Assert.Equal(accepted, _adapter.TryVerifySignature(header, body, Webhook.Now, out _));
    }

    [Fact]
    public void A_tampered_body_is_refused()
    {
        var body = Webhook.Json("{'outcome':'fail'}");
        var header = Webhook.Header(SimulatorAdapter.SignatureHeader, SimulatorAdapter.Sign(Webhook.Secret, body, Webhook.Now));
        Assert.False(_adapter.TryVerifySignature(header, Webhook.Json("{'outcome':'pass'}"), Webhook.Now, out var problem));
        Assert.Contains("does not match", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_without_a_secret_is_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => SimulatorAdapter.Sign("", "{}"u8, Webhook.Now));
}
