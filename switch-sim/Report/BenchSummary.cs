using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baas.SwitchSim;

/// <summary>
/// Puts one <c>./baas bench</c> run together: the BenchmarkDotNet micro-benchmarks (JSON exporter output), the
/// echo baseline, the closed-loop peak and the open-loop runs, as one JSON document, a table for the terminal
/// (each throughput with its ratio to the baseline) and an HTML page. Targets are checked and reported, not
/// enforced: the machines are shared and noisy.
/// </summary>
public static class BenchSummary
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The figures of a bench directory (bdn/, baseline.json, peak.json, open-*.json).</summary>
    public static JsonObject Build(string directory, DateTimeOffset at)
    {
        var doc = new JsonObject
        {
            ["timestamp"] = at.ToString("O", C),
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            },
        };

        var micro = new JsonArray();
        var bdnDirectory = Path.Combine(directory, "bdn");
        var bdnFiles = Directory.Exists(bdnDirectory) ? Directory.GetFiles(bdnDirectory, "*.json", SearchOption.AllDirectories) : [];
        foreach (var file in bdnFiles.Order(StringComparer.Ordinal))
        {
            using var bdn = JsonDocument.Parse(File.ReadAllText(file));
            if (!bdn.RootElement.TryGetProperty("Benchmarks", out var benchmarks))
            {
                continue;
            }

            foreach (var b in benchmarks.EnumerateArray())
            {
                if (!b.TryGetProperty("Statistics", out var stats) || stats.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var parameters = b.TryGetProperty("Parameters", out var p) ? p.GetString() : null;
                micro.Add(new JsonObject
                {
                    ["name"] = b.GetProperty("Type").GetString() + "." + b.GetProperty("Method").GetString() + (string.IsNullOrEmpty(parameters) ? "" : $"({parameters})"),
                    ["median_ns"] = Math.Round(stats.GetProperty("Median").GetDouble(), 1),
                    ["mean_ns"] = Math.Round(stats.GetProperty("Mean").GetDouble(), 1),
                    ["allocated_bytes"] = b.TryGetProperty("Memory", out var memory) && memory.TryGetProperty("BytesAllocatedPerOperation", out var bytes) ? bytes.GetInt64() : null,
                });
            }
        }

        doc["micro"] = micro;
        var baseline = Read(Path.Combine(directory, "baseline.json"));
        var baselineTps = baseline?.AchievedTps ?? 0;
        doc["baseline"] = baseline is null ? null : Run(baseline, 0);
        var peak = Read(Path.Combine(directory, "peak.json"));
        doc["peak"] = peak is null ? null : Run(peak, baselineTps);
        var open = new JsonArray();
        foreach (var file in Directory.GetFiles(directory, "open-*.json").OrderBy(f => Read(f)?.OfferedRate ?? 0))
        {
            if (Read(file) is { } r)
            {
                open.Add(Run(r, baselineTps));
            }
        }

        doc["open_loop"] = open;
        var lag = ReadNode(Path.Combine(directory, "ledger-lag.json"));
        var ingest = ReadNode(Path.Combine(directory, "ledger-ingest.json"));
        doc["ledger"] = lag is null && ingest is null ? null : new JsonObject { ["lag_at_10000"] = lag, ["ingestion"] = ingest };
        doc["targets"] = Targets(peak, baselineTps, open, lag, ingest);
        return doc;
    }

    private static SimReport? Read(string path) => File.Exists(path) ? SimReport.FromJson(File.ReadAllText(path)) : null;

    /// <summary>A <c>baas ledger watch</c> summary without its samples (they stay in the bench directory).</summary>
    private static JsonObject? ReadNode(string path)
    {
        if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path)) is not JsonObject node)
        {
            return null;
        }

        node.Remove("samples");
        return node;
    }

    private static JsonObject Run(SimReport r, double baselineTps) => new()
    {
        ["offered_rate"] = r.OfferedRate,
        ["achieved_tps"] = r.AchievedTps,
        ["ratio_to_baseline"] = baselineTps > 0 ? Math.Round(r.AchievedTps / baselineTps, 3) : null,
        ["sent"] = r.Sent,
        ["received"] = r.Received,
        ["timeouts"] = r.Timeouts,
        ["errors"] = r.Errors,
        ["mismatches"] = r.Mismatches,
        ["unavailable"] = r.Unavailable,
        ["latency_us"] = JsonSerializer.SerializeToNode(r.LatencyUs),
    };

    private static JsonArray Targets(SimReport? peak, double baselineTps, JsonArray open, JsonObject? lag, JsonObject? ingest)
    {
        var targets = new JsonArray();
        void Add(string name, string reached, bool met) => targets.Add(new JsonObject { ["target"] = name, ["reached"] = reached, ["met"] = met });
        if (peak is not null)
        {
            Add("peak >= 100,000 authorizations/s", peak.AchievedTps.ToString("N0", C) + "/s", peak.AchievedTps >= 100_000);
            if (baselineTps > 0)
            {
                Add("peak >= 0.25 of the echo baseline", (peak.AchievedTps / baselineTps).ToString("0.000", C), peak.AchievedTps / baselineTps >= 0.25);
            }
        }

        var tenK = open.OfType<JsonObject>().FirstOrDefault(o => (double)o["offered_rate"]! == 10_000);
        if (tenK is not null)
        {
            var latency = tenK["latency_us"]!;
            var p99 = (double)latency["p99"]!;
            var p999 = (double)latency["p999"]!;
            Add("10k/s open loop: p99 <= 1 ms", p99.ToString("N0", C) + " us", p99 <= 1_000);
            Add("10k/s open loop: p99.9 <= 5 ms", p999.ToString("N0", C) + " us", p999 <= 5_000);
            var clean = (long)tenK["timeouts"]! == 0 && (long)tenK["mismatches"]! == 0;
            Add("10k/s open loop: no timeouts, no mismatches", $"{(long)tenK["timeouts"]!} timeouts, {(long)tenK["mismatches"]!} mismatches", clean);
        }

        if (ingest is not null)
        {
            var rate = (double)ingest["events_per_second"]!;
            Add("ledger ingestion >= 20,000 events/s", rate.ToString("N0", C) + "/s" + ((bool)ingest["reached"]! ? "" : " (did not drain)"), rate >= 20_000 && (bool)ingest["reached"]!);
        }

        if (lag is not null)
        {
            var max = (double)lag["lag_seconds"]!["max"]!;
            Add("ledger lag at 10k/s < 1 s (max of samples)", max.ToString("0.000", C) + " s", max < 1);
        }

        return targets;
    }

    /// <summary>The table printed at the end of the run.</summary>
    public static string Table(JsonObject doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var s = new StringBuilder();
        s.Append("micro-benchmarks (BenchmarkDotNet, short job)\n");
        s.Append(C, $"  {"benchmark",-62} {"median",12} {"allocated",10}\n");
        foreach (var m in doc["micro"]!.AsArray().OfType<JsonObject>())
        {
            var allocated = m["allocated_bytes"] is { } a ? ((long)a).ToString("N0", C) + " B" : "-";
            s.Append(C, $"  {Trim((string)m["name"]!, 62),-62} {(double)m["median_ns"]!,9:N0} ns {allocated,10}\n");
        }

        s.Append("\nauthorizer over loopback TCP (switch-sim), ratio = throughput / echo baseline\n");
        s.Append(C, $"  {"run",-24} {"achieved/s",12} {"ratio",7} {"p50 us",9} {"p99 us",9} {"p99.9 us",9} {"max us",9} {"timeouts",9} {"mismatches",11}\n");
        void Row(string name, JsonNode? run)
        {
            if (run is null)
            {
                return;
            }

            var l = run["latency_us"]!;
            var ratio = run["ratio_to_baseline"] is { } r ? ((double)r).ToString("0.000", C) : "1";
            s.Append(C, $"  {name,-24} {(double)run["achieved_tps"]!,12:N0} {ratio,7} {(double)l["p50"]!,9:N0} {(double)l["p99"]!,9:N0} {(double)l["p999"]!,9:N0} {(double)l["max"]!,9:N0} {(long)run["timeouts"]!,9:N0} {(long)run["mismatches"]!,11:N0}\n");
        }

        Row("echo baseline (8x64)", doc["baseline"]);
        Row("peak, closed loop (8x64)", doc["peak"]);
        foreach (var o in doc["open_loop"]!.AsArray())
        {
            Row($"open loop {(double)o!["offered_rate"]!:N0}/s", o);
        }

        if (doc["ledger"] is JsonObject ledger)
        {
            s.Append("\nledger (stream baas:authlog on Redis into PostgreSQL)\n");
            s.Append(C, $"  {"run",-36} {"events",10} {"seconds",8} {"events/s",10} {"lag p50 s",10} {"lag p99 s",10} {"lag max s",10} {"max behind",11}\n");
            foreach (var run in new[] { ledger["lag_at_10000"], ledger["ingestion"] }.OfType<JsonObject>())
            {
                var l = run["lag_seconds"]!;
                s.Append(C, $"  {Trim((string)run["label"]!, 36),-36} {(long)run["applied"]!,10:N0} {(double)run["seconds"]!,8:F1} {(double)run["events_per_second"]!,10:N0} {(double)l["p50"]!,10:F3} {(double)l["p99"]!,10:F3} {(double)l["max"]!,10:F3} {(long)run["lag_events"]!["max"]!,11:N0}\n");
            }
        }

        s.Append("\ntargets\n");
        foreach (var t in doc["targets"]!.AsArray().OfType<JsonObject>())
        {
            s.Append(C, $"  {((bool)t["met"]! ? "met " : "MISS")}  {(string)t["target"]!,-48} {(string)t["reached"]!}\n");
        }

        return s.ToString();
    }

    /// <summary>A self-contained page: the table, and links to each run's own report page.</summary>
    public static string Html(JsonObject doc, IEnumerable<string> runPages)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>baas bench</title>");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}pre{background:#fafafa;border:1px solid #ddd;padding:12px}</style></head><body>");
        html.Append("<h1>baas bench ").Append(WebUtility.HtmlEncode((string?)doc["timestamp"])).Append("</h1>");
        html.Append("<p>").Append(WebUtility.HtmlEncode(doc["machine"]!.ToJsonString())).Append("</p>");
        html.Append("<pre>").Append(WebUtility.HtmlEncode(Table(doc))).Append("</pre><h2>Runs</h2><ul>");
        foreach (var page in runPages)
        {
            html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(page)).Append("\">").Append(WebUtility.HtmlEncode(page)).Append("</a></li>");
        }

        html.Append("</ul></body></html>\n");
        return html.ToString();
    }

    /// <summary>Writes <paramref name="jsonPath"/> and <paramref name="htmlPath"/>; returns the table.</summary>
    public static string Write(string directory, string jsonPath, string htmlPath)
    {
        var doc = Build(directory, DateTimeOffset.UtcNow);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
        File.WriteAllText(jsonPath, doc.ToJsonString(Indented) + "\n");
        var pages = Directory.GetFiles(directory, "*.html").Select(p => Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(htmlPath))!, p)).Order(StringComparer.Ordinal);
        File.WriteAllText(htmlPath, Html(doc, pages));
        return Table(doc);
    }

    private static string Trim(string s, int width) => s.Length <= width ? s : s[..(width - 1)] + "~";
}
