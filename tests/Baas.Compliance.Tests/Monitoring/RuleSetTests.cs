using Baas.Compliance.Monitoring;

namespace Baas.Compliance.Tests.Monitoring;

public class RuleSetTests
{
    [Fact]
    public void The_default_rule_set_loads_with_every_kind()
    {
        var rules = RuleSet.Default;
        Assert.False(string.IsNullOrWhiteSpace(rules.Version));
        Assert.Equal(RuleKinds.All.Order(StringComparer.Ordinal), rules.Rules.Select(r => r.Kind).Order(StringComparer.Ordinal));
        Assert.Equal(TimeSpan.FromHours(168), rules.LongestWindow);
    }

    [Fact]
    public void A_rule_set_survives_its_own_json()
    {
        var again = RuleSet.Parse(RuleSet.Default.ToJson());
        Assert.Equal(RuleSet.Default.ToJson(), again.ToJson());
    }

    [Theory]
    [InlineData("""{"rules":[]}""", "version is required")]
    [InlineData("""{"version":"1","rules":[{"id":"x","kind":"teleport","score":5}]}""", "kind 'teleport'")]
    [InlineData("""{"version":"1","rules":[{"id":"s","kind":"structuring","score":5,"windowHours":72,"minCount":2}]}""", "needs minFraction")]
    [InlineData("""{"version":"1","rules":[{"id":"s","kind":"card_testing","score":5,"windowHours":1,"maxAmount":5,"minCount":2,"multiplier":3}]}""", "does not read multiplier")]
    [InlineData("""{"version":"1","rules":[{"id":"s","kind":"card_testing","score":500,"windowHours":1,"maxAmount":5,"minCount":2}]}""", "score must be 1 to 100")]
    [InlineData("""{"version":"1","highRiskCountries":["Iran"],"rules":[]}""", "not an ISO 3166")]
    [InlineData("""{"version":"1","rules":[{"id":"h","kind":"high_risk_jurisdiction","score":5,"minAmount":0}]}""", "no countries")]
    [InlineData("""{"version":"1","rules":[],"threshold":3}""", "not valid JSON for this format")]
    [InlineData("""{"version":"1","rules":[{"id":"a","kind":"dormant_reactivation","score":5,"minAmount":1,"dormantDays":90},{"id":"a","kind":"dormant_reactivation","score":5,"minAmount":1,"dormantDays":90}]}""", "used twice")]
    public void Bad_rule_sets_are_refused_with_the_reason(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => RuleSet.Parse(json));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
