namespace Baas.Ops.Tests;

/// <summary>
/// Every metric that ops/rules.yml and the Grafana dashboard read is one the authorizer really exports, with the
/// labels they match on: a typo in a name would otherwise leave a panel empty and an alert silent for ever.
/// </summary>
public sealed class MetricNamesTests(ScrapedAuthorizerFixture fixture) : IClassFixture<ScrapedAuthorizerFixture>
{
    /// <summary>
    /// Exported by other components than the authorizer scraped here (log consumers, the ledger's reconciliation,
    /// compliance's SAR clock; their own tests scrape them). Nothing else may be missing from the scrape.
    /// </summary>
    private static readonly HashSet<string> NotYetExported = new(StringComparer.Ordinal)
    {
        "baas_consumer_lag_events",
        "baas_consumer_lag_seconds",
        "baas_reconciliation_discrepancies",
        "baas_compliance_sar_cases",
    };

    /// <summary>Labels of the metrics above.</summary>
    private static readonly HashSet<string> NotYetExportedLabels = new(StringComparer.Ordinal) { "consumer", "status" };

    /// <summary>Series Prometheus writes itself for every target.</summary>
    private static readonly HashSet<string> PrometheusGenerated = new(StringComparer.Ordinal) { "up" };

    /// <summary>Labels Prometheus attaches to every scraped series: the target's, and ops/prometheus.yml's static labels.</summary>
    private static readonly HashSet<string> TargetLabels = new(StringComparer.Ordinal) { "job", "instance", "component" };

    [Fact]
    public void Every_metric_the_rules_and_the_dashboard_read_is_exported_with_the_labels_they_use()
    {
        var families = fixture.Families;
        var recorded = OpsFiles.ReadRules().Where(r => r.IsRecording).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var exportedLabels = families.Values.SelectMany(f => f.SampleLabels.Values).SelectMany(l => l).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var checkedNames = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (where, expr) in Expressions())
        {
            var references = PromQl.Scan(expr);
            if (references.Selectors.Count == 0)
            {
                problems.Add($"{where}: no metric found in {expr}");
            }

            foreach (var selector in references.Selectors)
            {
                var name = selector.Metric;
                checkedNames.Add(name);
                if (name.Contains(':', StringComparison.Ordinal))
                {
                    if (!recorded.Contains(name))
                    {
                        problems.Add($"{where}: {name} looks like a recording rule, but rules.yml records no such series");
                    }

                    continue;
                }

                if (NotYetExported.Contains(name) || PrometheusGenerated.Contains(name))
                {
                    continue;
                }

                var family = Exposition.FamilyOf(name, families);
                if (!families.TryGetValue(family, out var exposed))
                {
                    problems.Add($"{where}: {name} is not exported by the authorizer");
                }
                else if (!exposed.SampleLabels.TryGetValue(name, out var labels))
                {
                    problems.Add($"{where}: {name} has no series; {family} is a {exposed.Type} with series {string.Join(", ", exposed.SampleLabels.Keys)}");
                }
                else
                {
                    problems.AddRange(selector.MatcherLabels
                        .Where(l => !labels.Contains(l) && !TargetLabels.Contains(l))
                        .Select(l => $"{where}: {name} has no label {l} (it has {(labels.Count == 0 ? "none" : string.Join(", ", labels.Order(StringComparer.Ordinal)))})"));
                }
            }

            problems.AddRange(references.GroupingLabels
                .Where(l => !exportedLabels.Contains(l) && !TargetLabels.Contains(l) && !NotYetExportedLabels.Contains(l))
                .Select(l => $"{where}: no exported series has the label {l}"));
        }

        // The list of metrics nobody exports yet stays honest: each one is used, and none is in fact exported.
        problems.AddRange(NotYetExported.Where(n => !checkedNames.Contains(n)).Select(n => $"{n} is listed as not yet exported but nothing uses it"));
        problems.AddRange(NotYetExported.Where(families.ContainsKey).Select(n => $"{n} is exported now: take it off the not-yet-exported list"));

        Assert.True(problems.Count == 0, string.Join('\n', problems) + "\n--- /metrics ---\n" + fixture.Scrape);
    }

    [Fact]
    public void Every_authorizer_metric_is_on_the_dashboard()
    {
        var onDashboard = OpsFiles.ReadDashboardExpressions()
            .SelectMany(e => PromQl.Scan(e.Expr).Selectors)
            .Select(s => Exposition.FamilyOf(s.Metric, fixture.Families))
            .ToHashSet(StringComparer.Ordinal);

        var missing = fixture.Families.Keys.Where(f => f.StartsWith("baas_", StringComparison.Ordinal) && !onDashboard.Contains(f)).ToList();

        Assert.True(missing.Count == 0, "exported but on no panel: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_contract_metrics_of_the_architecture_are_all_read_somewhere()
    {
        // ARCHITECTURE.md section 10: the names operators rely on.
        string[] contract =
        [
            "baas_authorization_duration_seconds", "baas_authorizations_total", "baas_iso_connections", "baas_inflight_requests",
            "baas_authlog_commit_duration_seconds", "baas_authlog_head_seq", "baas_consumer_lag_events", "baas_consumer_lag_seconds",
            "baas_reconciliation_discrepancies",
        ];
        var read = Expressions()
            .SelectMany(e => PromQl.Scan(e.Expr).Selectors)
            .Select(s => Exposition.FamilyOf(s.Metric, fixture.Families))
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(contract, c => Assert.Contains(c, read));
    }

    /// <summary>Every expression of rules.yml and the dashboard; a label_values(selector, label) variable query as PromQL.</summary>
    private static IEnumerable<(string Where, string Expr)> Expressions()
    {
        foreach (var rule in OpsFiles.ReadRules())
        {
            yield return ("rules.yml " + rule.Name, rule.Expr);
        }

        foreach (var (where, expr) in OpsFiles.ReadDashboardExpressions())
        {
            const string LabelValues = "label_values(";
            if (expr.StartsWith(LabelValues, StringComparison.Ordinal) && expr.EndsWith(')'))
            {
                var inner = expr[LabelValues.Length..^1];
                var comma = inner.LastIndexOf(',');
                yield return ("dashboard " + where, $"count by ({inner[(comma + 1)..].Trim()}) ({inner[..comma]})");
            }
            else
            {
                yield return ("dashboard " + where, expr);
            }
        }
    }
}
