using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baas.Host.Cli;

/// <summary>
/// <c>baas ledger watch</c>: samples a ledger process's <c>/metrics</c> (consumer position and lag) until a duration
/// passes or the position reaches a sequence, prints a line a second, and sums up: events applied per second, and
/// the lag's median, 99th percentile and maximum. <c>./baas bench</c> measures ledger ingestion and lag with it.
/// </summary>
internal static class LedgerWatch
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var metrics = new Option<string>("--metrics") { Description = "The ledger process's metrics URL.", DefaultValueFactory = _ => "http://127.0.0.1:8080/metrics" };
        var consumer = new Option<string>("--consumer") { Description = "The consumer label.", DefaultValueFactory = _ => "ledger" };
        var until = new Option<long?>("--until-seq") { Description = "Stop when the position reaches this log sequence." };
        var duration = new Option<double>("--seconds") { Description = "Stop after this many seconds (with --until-seq: give up).", DefaultValueFactory = _ => 600 };
        var interval = new Option<int>("--interval-ms") { Description = "Time between samples.", DefaultValueFactory = _ => 250 };
        var json = new Option<string?>("--json") { Description = "Write the samples and the summary here." };
        var label = new Option<string>("--label") { Description = "A name for the run in the JSON.", DefaultValueFactory = _ => "ledger" };
        var command = new Command("watch", "Sample a ledger's consumer position and lag from its /metrics; report events/s and lag percentiles.")
        {
            metrics, consumer, until, duration, interval, json, label,
        };
        command.SetAction(async (r, cancellation) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var url = new Uri(r.GetValue(metrics)!);
            var name = r.GetValue(consumer)!;
            var target = r.GetValue(until);
            var limit = TimeSpan.FromSeconds(r.GetValue(duration));
            var every = TimeSpan.FromMilliseconds(Math.Max(10, r.GetValue(interval)));
            var samples = new List<Sample>();
            var clock = Stopwatch.StartNew();
            var lastPrint = TimeSpan.Zero;
            var failures = 0;
            while (clock.Elapsed < limit && !cancellation.IsCancellationRequested)
            {
                try
                {
                    var text = await http.GetStringAsync(url, cancellation);
                    var sample = new Sample(
                        clock.Elapsed.TotalSeconds,
                        (long)(Value(text, "baas_consumer_position_seq", name) ?? -1),
                        (long)(Value(text, "baas_consumer_lag_events", name) ?? 0),
                        Value(text, "baas_consumer_lag_seconds", name) ?? 0);
                    samples.Add(sample);
                    if (clock.Elapsed - lastPrint >= TimeSpan.FromSeconds(1))
                    {
                        lastPrint = clock.Elapsed;
                        await Console.Out.WriteLineAsync(string.Create(C, $"  {sample.T,6:F1} s  position {sample.Position,10:N0}  lag {sample.LagEvents,8:N0} events {sample.LagSeconds,7:F3} s"));
                    }

                    if (target is { } seq && sample.Position >= seq)
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
                {
                    if (++failures > 40)
                    {
                        await Console.Error.WriteLineAsync($"baas ledger watch: {url} did not answer: {e.Message}");
                        return 2;
                    }
                }

                await Task.Delay(every, cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            var summary = Summarize(r.GetValue(label)!, samples, target);
            await Console.Out.WriteLineAsync(string.Create(C,
                $"ledger watch ({summary["label"]}): {(long)summary["applied"]!:N0} events in {(double)summary["seconds"]!:F1} s = {(double)summary["events_per_second"]!:N0} events/s; lag p50 {(double)summary["lag_seconds"]!["p50"]!:F3} s, p99 {(double)summary["lag_seconds"]!["p99"]!:F3} s, max {(double)summary["lag_seconds"]!["max"]!:F3} s; max {(long)summary["lag_events"]!["max"]!:N0} events behind"));
            if (r.GetValue(json) is { } path)
            {
                summary["samples"] = new JsonArray([.. samples.Select(s => (JsonNode)new JsonArray(Math.Round(s.T, 3), s.Position, s.LagEvents, Math.Round(s.LagSeconds, 4)))]);
                await File.WriteAllTextAsync(path, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellation);
            }

            return target is { } want && (samples.Count == 0 || samples[^1].Position < want) ? 1 : 0;
        });
        return command;
    }

    /// <summary>
    /// The run's figures. The rate counts from the last sample before the position first moved to the last sample,
    /// so a consumer that starts late is not charged for waiting.
    /// </summary>
    internal static JsonObject Summarize(string label, IReadOnlyList<Sample> samples, long? target)
    {
        var moved = 1;
        while (moved < samples.Count && samples[moved].Position == samples[0].Position)
        {
            moved++;
        }

        var first = samples.Count == 0 ? default : samples[Math.Max(0, moved - 1)];
        var last = samples.Count == 0 ? default : samples[^1];
        var applied = Math.Max(0, last.Position - first.Position);
        var seconds = last.T - first.T;
        var lagSeconds = samples.Select(s => s.LagSeconds).Order().ToArray();
        var lagEvents = samples.Select(s => (double)s.LagEvents).Order().ToArray();
        return new JsonObject
        {
            ["label"] = label,
            ["samples_taken"] = samples.Count,
            ["target_seq"] = target,
            ["reached"] = target is null || (samples.Count > 0 && last.Position >= target),
            ["start_position"] = samples.Count == 0 ? null : samples[0].Position,
            ["end_position"] = samples.Count == 0 ? null : last.Position,
            ["applied"] = applied,
            ["seconds"] = Math.Round(seconds, 3),
            ["events_per_second"] = seconds > 0 ? Math.Round(applied / seconds, 0) : 0,
            ["lag_seconds"] = new JsonObject { ["p50"] = Percentile(lagSeconds, 0.5), ["p99"] = Percentile(lagSeconds, 0.99), ["max"] = lagSeconds.Length == 0 ? 0 : lagSeconds[^1] },
            ["lag_events"] = new JsonObject { ["p50"] = (long)Percentile(lagEvents, 0.5), ["p99"] = (long)Percentile(lagEvents, 0.99), ["max"] = lagEvents.Length == 0 ? 0 : (long)lagEvents[^1] },
        };
    }

    /// <summary>The value of <paramref name="metric"/> for the consumer, from Prometheus text; null when absent.</summary>
    internal static double? Value(string exposition, string metric, string consumer)
    {
        var label = $"consumer=\"{consumer}\"";
        foreach (var line in exposition.AsSpan().EnumerateLines())
        {
            if (line.StartsWith(metric) && line.Length > metric.Length && line[metric.Length] == '{' && line.Contains(label, StringComparison.Ordinal))
            {
                var value = line[(line.LastIndexOf(' ') + 1)..];
                return double.TryParse(value, NumberStyles.Float, C, out var v) ? v : null;
            }
        }

        return null;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 4);

    /// <summary>One sample: seconds since the start, position, and lag in events and seconds.</summary>
    internal readonly record struct Sample(double T, long Position, long LagEvents, double LagSeconds);
}
