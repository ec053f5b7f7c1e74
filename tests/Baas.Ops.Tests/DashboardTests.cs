using System.Text.Json;

namespace Baas.Ops.Tests;

/// <summary>The Grafana dashboard imports anywhere: one data source input, unique panels, the panels operators look for.</summary>
public sealed class DashboardTests
{
    private static readonly JsonElement Root = JsonDocument.Parse(File.ReadAllText(OpsFiles.Dashboard)).RootElement;

    [Fact]
    public void Dashboard_takes_its_data_source_from_the_DS_PROMETHEUS_input()
    {
        Assert.Equal(39, Root.GetProperty("schemaVersion").GetInt32());
        var input = Assert.Single(Root.GetProperty("__inputs").EnumerateArray());
        Assert.Equal("DS_PROMETHEUS", input.GetProperty("name").GetString());
        Assert.Equal("prometheus", input.GetProperty("pluginId").GetString());

        var sources = Panels().Where(p => p.GetProperty("type").GetString() != "row")
            .SelectMany(p => new[] { p.GetProperty("datasource") }.Concat(p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("datasource"))))
            .Select(d => d.GetProperty("uid").GetString())
            .ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, uid => Assert.Equal("${DS_PROMETHEUS}", uid));
    }

    [Fact]
    public void Panels_have_unique_ids_and_do_not_overlap()
    {
        var panels = Panels().ToList();
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());

        var cells = new HashSet<(int X, int Y)>();
        foreach (var panel in panels)
        {
            var grid = panel.GetProperty("gridPos");
            var (x, y, w, h) = (grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            Assert.True(x >= 0 && w > 0 && x + w <= 24, $"{panel.GetProperty("title")} is outside the 24-column grid");
            for (var i = x; i < x + w; i++)
            {
                for (var j = y; j < y + h; j++)
                {
                    Assert.True(cells.Add((i, j)), $"{panel.GetProperty("title")} overlaps another panel at ({i}, {j})");
                }
            }
        }
    }

    [Fact]
    public void Dashboard_has_the_panels_operators_need()
    {
        var exprs = OpsFiles.ReadDashboardExpressions().Select(e => e.Expr).ToList();
        var heatmap = Assert.Single(Panels(), p => p.GetProperty("type").GetString() == "heatmap");
        Assert.Contains("baas_authorization_duration_seconds_bucket", heatmap.GetProperty("targets")[0].GetProperty("expr").GetString(), StringComparison.Ordinal);
        Assert.Equal("heatmap", heatmap.GetProperty("targets")[0].GetProperty("format").GetString());
        foreach (var quantile in new[] { "0.5", "0.99", "0.999" })
        {
            Assert.Contains(exprs, e => e.StartsWith($"histogram_quantile({quantile}, sum by (le) (rate(baas_authorization_duration_seconds_bucket", StringComparison.Ordinal));
        }

        foreach (var needle in new[]
        {
            "sum by (mti) (rate(baas_authorizations_total", "sum by (response_code) (rate(baas_authorizations_total", "baas_inflight_requests{",
            "baas_iso_connections{", "sum by (reason) (rate(baas_iso_disconnects_total", "baas_authlog_commit_duration_seconds_bucket", "baas_engine_queue_depth{",
        })
        {
            Assert.Contains(exprs, e => e.Contains(needle, StringComparison.Ordinal));
        }
    }

    private static IEnumerable<JsonElement> Panels()
    {
        foreach (var panel in Root.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }
}
