namespace Baas.Ops.Tests;

/// <summary>The helpers the checks rely on find what they must: names, labels, rules.</summary>
public sealed class ParserTests
{
    [Fact]
    public void PromQl_scan_finds_metrics_and_labels_but_not_functions_keywords_strings_or_durations()
    {
        var refs = PromQl.Scan(
            "histogram_quantile(0.99, sum by (job, le) (rate(a_bucket{job=~\"x|y\",mti!=\"0100\"}[$__rate_interval])))"
            + " / on (job) group_left sum(b_total offset 5m) > bool 1e-3 and c unless d:rec:p99 or count(e{reason=\"f_total\"}) without (g)");

        Assert.Equal(["a_bucket", "b_total", "c", "d:rec:p99", "e"], refs.Selectors.Select(s => s.Metric));
        Assert.Equal(["job", "mti"], refs.Selectors[0].MatcherLabels);
        Assert.Equal(["reason"], refs.Selectors[4].MatcherLabels);
        Assert.Equal(["job", "le", "job", "g"], refs.GroupingLabels);
    }

    [Fact]
    public void Rules_file_reader_sees_every_rule_of_ops_rules_yml()
    {
        var text = File.ReadAllText(OpsFiles.Rules);
        var rules = OpsFiles.ReadRules();

        var declared = text.Split('\n').Count(l => l.TrimStart().StartsWith("- record:", StringComparison.Ordinal) || l.TrimStart().StartsWith("- alert:", StringComparison.Ordinal));
        Assert.Equal(declared, rules.Count);
        Assert.All(rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Expr), r.Name));
        Assert.Contains(rules, r => r.IsRecording && r.Name == "job:baas_authorization_duration_seconds:p99");
        var multiLine = Assert.Single(rules, r => r.Name == "AuthorizationLogCommitStalled");
        Assert.Contains("delta(baas_authlog_committed_seq[2m]) == 0", multiLine.Expr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_and_a_description()
    {
        var text = File.ReadAllText(OpsFiles.Rules).Replace("\r\n", "\n", StringComparison.Ordinal);
        var alerts = text.Split("- alert:")[1..];

        Assert.NotEmpty(alerts);
        Assert.All(alerts, a =>
        {
            // Up to the next group or rule: one alert's block.
            var block = a.Split(["\n  - name:", "\n      - record:"], StringSplitOptions.None)[0];
            Assert.Matches(@"\n\s+severity: (critical|warning)\n", block);
            Assert.Matches(@"\n\s+summary: \S", block);
            Assert.Matches(@"\n\s+description: \S", block);
        });
    }

    [Fact]
    public void Exposition_strips_histogram_suffixes_only_from_histograms()
    {
        var families = Exposition.Parse(
            "# TYPE h histogram\nh_bucket{le=\"+Inf\",mti=\"0100\"} 1\nh_sum 1\nh_count 1\n# TYPE c_count counter\nc_count 3\n# TYPE g gauge\ng 1\n");

        Assert.Equal("h", Exposition.FamilyOf("h_bucket", families));
        Assert.Equal("h", Exposition.FamilyOf("h_count", families));
        Assert.Equal("c_count", Exposition.FamilyOf("c_count", families));
        Assert.Equal("g_sum", Exposition.FamilyOf("g_sum", families));
        Assert.Equal(["le", "mti"], families["h"].SampleLabels["h_bucket"].Order(StringComparer.Ordinal));
        Assert.False(families["h"].SampleLabels.ContainsKey("h"));
    }
}
