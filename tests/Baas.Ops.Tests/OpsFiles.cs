using System.Text.Json;

namespace Baas.Ops.Tests;

/// <summary>The files under <c>ops/</c>, found from the test's output directory by walking up to the solution.</summary>
internal static class OpsFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Rules => Path.Combine(RepositoryRoot, "ops", "rules.yml");

    public static string PrometheusConfig => Path.Combine(RepositoryRoot, "ops", "prometheus.yml");

    public static string Dashboard => Path.Combine(RepositoryRoot, "ops", "grafana", "authorizer.json");

    /// <summary>The rules of rules.yml: name (record or alert), whether it records, and its PromQL.</summary>
    public static IReadOnlyList<Rule> ReadRules() => RulesFile.Parse(File.ReadAllText(Rules));

    /// <summary>Every PromQL expression of the dashboard: panel targets (rows included) and template variable queries.</summary>
    public static IReadOnlyList<(string Where, string Expr)> ReadDashboardExpressions()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Dashboard));
        var found = new List<(string, string)>();
        foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
        {
            AddPanel(panel, found);
        }

        if (doc.RootElement.TryGetProperty("templating", out var templating))
        {
            foreach (var variable in templating.GetProperty("list").EnumerateArray())
            {
                if (variable.GetProperty("type").GetString() != "query")
                {
                    continue;
                }

                var query = variable.GetProperty("query");
                var text = query.ValueKind == JsonValueKind.String ? query.GetString() : query.GetProperty("query").GetString();
                found.Add(("variable " + variable.GetProperty("name").GetString(), text!));
            }
        }

        return found;
    }

    private static void AddPanel(JsonElement panel, List<(string, string)> found)
    {
        var title = panel.TryGetProperty("title", out var t) ? t.GetString() : "?";
        if (panel.TryGetProperty("targets", out var targets))
        {
            foreach (var target in targets.EnumerateArray())
            {
                if (target.TryGetProperty("expr", out var expr))
                {
                    found.Add(("panel " + title, expr.GetString()!));
                }
            }
        }

        if (panel.TryGetProperty("panels", out var nested))
        {
            foreach (var inner in nested.EnumerateArray())
            {
                AddPanel(inner, found);
            }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Baas.Processor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Baas.Processor.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>One rule of a Prometheus rule file.</summary>
internal sealed record Rule(string Name, bool IsRecording, string Expr);

/// <summary>
/// Reads the rules of a Prometheus rule file, enough of YAML for ours: <c>record:</c>/<c>alert:</c> and <c>expr:</c>
/// either on one line or as a block scalar (<c>|</c>, <c>&gt;</c>). promtool checks the file as real YAML.
/// </summary>
internal static class RulesFile
{
    public static IReadOnlyList<Rule> Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var rules = new List<Rule>();
        string? name = null;
        var recording = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripListMarker(lines[i].Trim());
            if (line.StartsWith("record:", StringComparison.Ordinal) || line.StartsWith("alert:", StringComparison.Ordinal))
            {
                recording = line.StartsWith("record:", StringComparison.Ordinal);
                name = Unquote(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
                continue;
            }

            if (!line.StartsWith("expr:", StringComparison.Ordinal))
            {
                continue;
            }

            var value = line["expr:".Length..].Trim();
            string expr;
            if (value.StartsWith('|') || value.StartsWith('>'))
            {
                var indent = Indent(lines[i]);
                var block = new List<string>();
                while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || Indent(lines[i + 1]) > indent))
                {
                    block.Add(lines[++i].Trim());
                }

                expr = string.Join(' ', block.Where(b => b.Length > 0));
            }
            else
            {
                expr = Unquote(value);
            }

            rules.Add(new Rule(name ?? throw new FormatException($"expr before record/alert at line {i + 1}"), recording, expr));
            name = null;
        }

        return rules;
    }

    private static string StripListMarker(string line) => line.StartsWith("- ", StringComparison.Ordinal) ? line[2..].TrimStart() : line;

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
