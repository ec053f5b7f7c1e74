using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Baas.Observability;

namespace Baas.SwitchSim;

/// <summary>One second of a run.</summary>
public sealed record TimelinePoint(
    [property: JsonPropertyName("t")] int Second,
    [property: JsonPropertyName("sent")] long Sent,
    [property: JsonPropertyName("received")] long Received,
    [property: JsonPropertyName("p99_us")] double P99Micros);

/// <summary>Latency percentiles in microseconds.</summary>
public sealed record LatencySummary(
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p90")] double P90,
    [property: JsonPropertyName("p99")] double P99,
    [property: JsonPropertyName("p999")] double P999,
    [property: JsonPropertyName("p9999")] double P9999,
    [property: JsonPropertyName("max")] double Max)
{
    public static LatencySummary From(LatencyHistogram h)
    {
        ArgumentNullException.ThrowIfNull(h);
        static double Us(long ns) => Math.Round(ns / 1000.0, 1);
        return new(Us(h.Percentile(50)), Us(h.Percentile(90)), Us(h.Percentile(99)), Us(h.Percentile(99.9)), Us(h.Percentile(99.99)), Us(h.Max));
    }
}

/// <summary>The result of a run (the JSON shape is a contract: other tools read it).</summary>
public sealed record SimReport
{
    [JsonPropertyName("offered_rate")]
    public double OfferedRate { get; init; }

    [JsonPropertyName("achieved_tps")]
    public double AchievedTps { get; init; }

    [JsonPropertyName("duration_s")]
    public double DurationS { get; init; }

    [JsonPropertyName("sent")]
    public long Sent { get; init; }

    [JsonPropertyName("received")]
    public long Received { get; init; }

    [JsonPropertyName("timeouts")]
    public long Timeouts { get; init; }

    [JsonPropertyName("errors")]
    public long Errors { get; init; }

    [JsonPropertyName("mismatches")]
    public long Mismatches { get; init; }

    [JsonPropertyName("by_response_code")]
    public IReadOnlyDictionary<string, long> ByResponseCode { get; init; } = new Dictionary<string, long>();

    [JsonPropertyName("latency_us")]
    public LatencySummary LatencyUs { get; init; } = new(0, 0, 0, 0, 0, 0);

    [JsonPropertyName("throughput_timeline")]
    public IReadOnlyList<TimelinePoint> ThroughputTimeline { get; init; } = [];

    [JsonPropertyName("connections")]
    public int Connections { get; init; }

    [JsonPropertyName("inflight")]
    public int Inflight { get; init; }

    /// <summary>Requests whose outcome the oracle could not know (an account after a timeout, a window edge).</summary>
    [JsonPropertyName("unpredicted")]
    public long Unpredicted { get; init; }

    /// <summary>Responses 91 (budget exceeded or overload): no decision was made.</summary>
    [JsonPropertyName("unavailable")]
    public long Unavailable { get; init; }

    /// <summary>Ticks with no idle account to use.</summary>
    [JsonPropertyName("skipped")]
    public long Skipped { get; init; }

    [JsonPropertyName("late")]
    public long Late { get; init; }

    [JsonPropertyName("unknown")]
    public long Unknown { get; init; }

    [JsonPropertyName("sent_by_kind")]
    public IReadOnlyDictionary<string, long> SentByKind { get; init; } = new Dictionary<string, long>();

    [JsonPropertyName("mismatch_samples")]
    public IReadOnlyList<Run.Mismatch> MismatchSamples { get; init; } = [];

    /// <summary>Non-empty latency buckets: [upper bound in ns, count] (for the percentile plot).</summary>
    [JsonPropertyName("latency_buckets_ns")]
    public IReadOnlyList<long[]> LatencyBuckets { get; init; } = [];

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static SimReport? FromJson(string json) => JsonSerializer.Deserialize<SimReport>(json, Options);

    /// <summary>A few lines for a terminal.</summary>
    public string Summary()
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.Append(c, $"offered {(OfferedRate > 0 ? OfferedRate.ToString("N0", c) + "/s" : "max (closed loop)")}, achieved {AchievedTps.ToString("N0", c)}/s over {DurationS:F1} s ({Connections} connections x {Inflight} in flight)\n");
        s.Append(c, $"sent {Sent:N0}, received {Received:N0}, timeouts {Timeouts:N0}, errors {Errors:N0}, mismatches {Mismatches:N0} (unpredicted {Unpredicted:N0}, 91 unavailable {Unavailable:N0}, late {Late:N0}, unmatched {Unknown:N0})\n");
        s.Append(c, $"latency us: p50 {LatencyUs.P50:F0}, p90 {LatencyUs.P90:F0}, p99 {LatencyUs.P99:F0}, p99.9 {LatencyUs.P999:F0}, p99.99 {LatencyUs.P9999:F0}, max {LatencyUs.Max:F0}\n");
        s.Append("response codes: ").Append(string.Join(", ", ByResponseCode.Select(kv => $"{kv.Key}={kv.Value.ToString("N0", c)}"))).Append('\n');
        return s.ToString();
    }
}
