namespace Baas.Ops.Tests;

/// <summary>promtool accepts ops/rules.yml and ops/prometheus.yml as they are committed.</summary>
public sealed class PromtoolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [RequiresToolFact(Tools.Promtool)]
    public async Task Rules_pass_promtool_check_rules()
    {
        Tools.Require(Tools.Promtool);

        var (exitCode, output) = await Tools.RunAsync(Tools.Promtool, ["check", "rules", OpsFiles.Rules], Timeout);

        Assert.True(exitCode == 0, $"promtool check rules {OpsFiles.Rules} exited {exitCode}:\n{output}");
    }

    [RequiresToolFact(Tools.Promtool)]
    public async Task Config_passes_promtool_check_config()
    {
        Tools.Require(Tools.Promtool);

        // check config also checks the rule files it names (rules.yml, relative to the config).
        var (exitCode, output) = await Tools.RunAsync(Tools.Promtool, ["check", "config", OpsFiles.PrometheusConfig], Timeout);

        Assert.True(exitCode == 0, $"promtool check config {OpsFiles.PrometheusConfig} exited {exitCode}:\n{output}");
        Assert.Contains("rules.yml", output, StringComparison.Ordinal);
    }

    [RequiresToolFact(Tools.Promtool)]
    public async Task Promtool_rejects_a_broken_rule_so_the_checks_above_can_fail()
    {
        Tools.Require(Tools.Promtool);
        var dir = Directory.CreateTempSubdirectory("baas-ops-");
        try
        {
            var file = Path.Combine(dir.FullName, "broken.yml");
            await File.WriteAllTextAsync(file, "groups:\n  - name: broken\n    rules:\n      - record: job:x:p99\n        expr: histogram_quantile(0.99, sum by (le) (rate(x_bucket[1m]))\n");

            var (exitCode, _) = await Tools.RunAsync(Tools.Promtool, ["check", "rules", file], Timeout);

            Assert.NotEqual(0, exitCode);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
