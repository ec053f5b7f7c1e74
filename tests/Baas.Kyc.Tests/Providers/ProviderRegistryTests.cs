using Baas.Kyc.Providers;

namespace Baas.Kyc.Tests.Providers;

/// <summary>The registry: names, case-insensitive lookup, secrets handed to the right adapter, and its clock.</summary>
public sealed class ProviderRegistryTests
{
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["clearcheck"] = "clear-secret",
        ["scorecheck"] = "score-secret",
        ["simulator"] = "sim-secret",
    };

    [Fact]
    public void Default_has_all_three_adapters()
    {
        var registry = ProviderRegistry.Default(Secrets);
        Assert.Equal(["clearcheck", "scorecheck", "simulator"], registry.Names);
        Assert.True(registry.TryGet("clearcheck", out var clear));
        Assert.IsType<ClearConsiderAdapter>(clear);
        Assert.True(registry.TryGet("scorecheck", out var score));
        Assert.IsType<ScoredStatusAdapter>(score);
        Assert.True(registry.TryGet("simulator", out var simulator));
        Assert.IsType<SimulatorAdapter>(simulator);
    }

    [Fact]
    public void Default_without_secrets_still_parses_but_refuses_signatures()
    {
        var registry = ProviderRegistry.Default(new Dictionary<string, string>());
        Assert.Equal(3, registry.Names.Count);
        Assert.True(registry.TryGet("simulator", out var simulator));
        var body = Webhook.Json("{'outcome':'pass'}");
        Assert.Equal(ProviderOutcome.Pass, simulator.Parse(body).Outcome);
        Assert.False(simulator.TryVerifySignature(Webhook.Header(SimulatorAdapter.SignatureHeader, SimulatorAdapter.Sign("sim-secret", body, Webhook.Now)), body, Webhook.Now, out var problem));
        Assert.Contains("no webhook secret", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SIMULATOR")]
    [InlineData("Simulator")]
    [InlineData("simulator")]
    public void Lookup_ignores_case(string name) => Assert.True(new ProviderRegistry(Secrets).TryGet(name, out _));

    [Theory]
    [InlineData("onfido")]
    [InlineData("")]
    [InlineData(" simulator")]
    [InlineData(null)]
    public void Unknown_names_are_not_found(string? name) => Assert.False(new ProviderRegistry(Secrets).TryGet(name!, out _));

    [Fact]
    public void Each_adapter_gets_its_own_secret()
    {
        var registry = new ProviderRegistry(Secrets);
        var body = "{}"u8.ToArray();
        registry.TryGet("clearcheck", out var clear);
        registry.TryGet("scorecheck", out var score);
        registry.TryGet("simulator", out var simulator);

        Assert.True(clear!.TryVerifySignature(Webhook.Header(ClearConsiderAdapter.SignatureHeader, ClearConsiderAdapter.Sign("clear-secret", body)), body, Webhook.Now, out _));
        Assert.True(score!.TryVerifySignature(Webhook.Header(ScoredStatusAdapter.SignatureHeader, ScoredStatusAdapter.Sign("score-secret", body, Webhook.Now)), body, Webhook.Now, out _));
        Assert.True(simulator!.TryVerifySignature(Webhook.Header(SimulatorAdapter.SignatureHeader, SimulatorAdapter.Sign("sim-secret", body, Webhook.Now)), body, Webhook.Now, out _));
        Assert.False(simulator.TryVerifySignature(Webhook.Header(SimulatorAdapter.SignatureHeader, SimulatorAdapter.Sign("score-secret", body, Webhook.Now)), body, Webhook.Now, out _));
    }

    [Fact]
    public void Secret_keys_are_matched_case_insensitively()
    {
        var registry = new ProviderRegistry(new Dictionary<string, string> { ["SIMULATOR"] = "s" });
        registry.TryGet("simulator", out var simulator);
        var body = "{}"u8.ToArray();
        Assert.True(simulator!.TryVerifySignature(Webhook.Header(SimulatorAdapter.SignatureHeader, SimulatorAdapter.Sign("s", body, Webhook.Now)), body, Webhook.Now, out _));
    }

    [Fact]
    public void A_secret_for_an_unknown_provider_is_a_configuration_error()
    {
        var e = Assert.Throws<ArgumentException>(() => new ProviderRegistry(new Dictionary<string, string> { ["onfido"] = "x" }));
        Assert.Contains("onfido", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"x\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryVerify_uses_the_registry_clock()
    {
        var body = Webhook.Json("{'outcome':'pass'}");
        var header = Webhook.Header(SimulatorAdapter.SignatureHeader, SimulatorAdapter.Sign("sim-secret", body, Webhook.Now));

        Assert.True(new ProviderRegistry(Secrets, new FixedTime(Webhook.Now.AddSeconds(200))).TryVerify("simulator", header, body, out var adapter, out _));
        Assert.IsType<SimulatorAdapter>(adapter);

        Assert.False(new ProviderRegistry(Secrets, new FixedTime(Webhook.Now.AddSeconds(400))).TryVerify("simulator", header, body, out adapter, out var problem));
        Assert.Null(adapter);
        Assert.Contains("old", problem, StringComparison.Ordinal);

        Assert.False(new ProviderRegistry(Secrets).TryVerify("nobody", header, body, out _, out problem));
        Assert.Equal("unknown provider", problem);
    }

    [Fact]
    public void Custom_adapters_can_be_registered_but_not_twice()
    {
        var registry = new ProviderRegistry([new ScoredStatusAdapter("s", passThreshold: 0.9)]);
        Assert.Equal(["scorecheck"], registry.Names);
        registry.TryGet("scorecheck", out var score);
        Assert.Equal(0.9, Assert.IsType<ScoredStatusAdapter>(score).PassThreshold);
        Assert.Same(TimeProvider.System, registry.Time);

        Assert.Throws<ArgumentException>(() => new ProviderRegistry([new SimulatorAdapter("a"), new SimulatorAdapter("b")]));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
