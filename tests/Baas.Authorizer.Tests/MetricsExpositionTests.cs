using System.Globalization;
using System.Text.RegularExpressions;
using Baas.Authorizer.Tests.Harness;
using Baas.Iso8583;
using Xunit.Abstractions;

namespace Baas.Authorizer.Tests;

/// <summary>
/// An authorizer after traffic of every kind (approval, retransmission, partial approval, 51, unknown card,
/// reversal, echo, a malformed field, an unreadable message), scraped once: what <c>GET /metrics</c> returned.
/// </summary>
public sealed class MetricsTrafficFixture : IAsyncLifetime
{
    public TestAuthorizer Auth { get; private set; } = null!;

    /// <summary>Each request of the traffic by name, with the MTI and DE39 of its answer ("0110 00").</summary>
    public Dictionary<string, string> Answers { get; } = [];

    /// <summary>Whether the server closed the connection that sent an unreadable message.</summary>
    public bool UnreadableClosed { get; private set; }

    /// <summary>The body of <c>GET /metrics</c> after the traffic.</summary>
    public string Exposition { get; private set; } = "";

    /// <summary>The Content-Type of that response.</summary>
    public string? ContentType { get; private set; }

    /// <summary>The authorization log's head when the metrics were scraped.</summary>
    public long LogHead { get; private set; }

    public async Task InitializeAsync()
    {
        Auth = await TestAuthorizer.StartAsync();
        var (programId, bin) = await Auth.NewProgramAsync();
        var card = await Auth.NewCardAsync(programId, bin, balance: 10_000);
        await using (var client = await Auth.ConnectAsync())
        {
            await SendAsync(client, "echo", Requests.NetworkManagement("301"));
            var purchase = Requests.Authorization(card.Pan, 2_000);
            await SendAsync(client, "purchase", purchase);
            await SendAsync(client, "repeat", Requests.Copy(purchase, 101));
            await SendAsync(client, "insufficient", Requests.Authorization(card.Pan, 50_000));
            await SendAsync(client, "partial", Requests.Authorization(card.Pan, 20_000, de48: "PA0011"));
            await SendAsync(client, "reversal", Requests.Reversal(purchase));
            await SendAsync(client, "unknown_card", Requests.Authorization(Cards.NewPan(bin), 1_000));

            // A malformed amount with MTI and STAN readable: answered 30, counted as a format error.
            var malformed = Requests.Authorization(card.Pan, 1_000);
            var answer = client.ExpectAsync(malformed.GetString(IsoField.Stan)!);
            await client.SendRawAsync(MoreRequests.FrameWithBadField(malformed, IsoField.AmountTransaction, "00000000ABCD"));
            var response = await answer;
            Answers["malformed"] = $"{response.Mti:D4} {response.Code()}";

            // An unreadable message on a second connection: closed, counted as a disconnect.
            await using (var bad = await Auth.ConnectAsync())
            {
                var body = "01X07234054128C08000"u8.ToArray();
                await bad.SendRawAsync((byte[])[(byte)(body.Length >> 8), (byte)body.Length, .. body]);
                UnreadableClosed = await bad.WaitClosedAsync(TimeSpan.FromSeconds(5));
            }

            // Scrape with only the good connection open and nothing in flight.
            await Provisioning.EventuallyAsync(async () => (await ScrapeAsync()).Contains("\nbaas_iso_connections 1\n", StringComparison.Ordinal));
            LogHead = AuthLog.Head(Auth);
            Exposition = await ScrapeAsync();
        }
    }

    private async Task SendAsync(IsoTestClient client, string name, IsoMessage request)
    {
        var response = await client.SendAsync(request);
        Answers[name] = $"{response.Mti:D4} {response.Code()}";
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await Auth.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        ContentType = response.Content.Headers.ContentType?.ToString();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task DisposeAsync() => await Auth.DisposeAsync();
}

/// <summary>
/// The authorizer's <c>GET /metrics</c> after real traffic: <c>promtool check metrics</c> accepts it without a
/// single lint problem, every name ARCHITECTURE.md section 10 gives the authorizer is there with its type and
/// labels, and the counts agree with the traffic. A broken exposition is reported, so the check can fail.
/// </summary>
public sealed partial class MetricsExpositionTests(MetricsTrafficFixture fixture, ITestOutputHelper output) : IClassFixture<MetricsTrafficFixture>
{
    /// <summary>The authorizer's metrics (section 10, plus per-phase timings and ISO errors) and their types.</summary>
    public static readonly TheoryData<string, string> OwnedMetrics = new()
    {
        { "baas_authorization_duration_seconds", "histogram" },
        { "baas_authorizations_total", "counter" },
        { "baas_iso_connections", "gauge" },
        { "baas_inflight_requests", "gauge" },
        { "baas_authlog_commit_duration_seconds", "histogram" },
        { "baas_authlog_head_seq", "gauge" },
        { "baas_authorization_phase_duration_seconds", "histogram" },
        { "baas_iso_format_errors_total", "counter" },
        { "baas_iso_disconnects_total", "counter" },
        { "process_cpu_seconds_total", "counter" },
        { "process_resident_memory_bytes", "gauge" },
        { "process_virtual_memory_bytes", "gauge" },
        { "process_start_time_seconds", "gauge" },
        { "process_open_fds", "gauge" },
        { "process_num_threads", "gauge" },
        { "dotnet_gc_collections_total", "counter" },
        { "dotnet_gc_heap_size_bytes", "gauge" },
        { "dotnet_gc_allocated_bytes_total", "counter" },
        { "dotnet_gc_pause_seconds_total", "counter" },
    };

    private string Text => fixture.Exposition;

    [RequiresPromtoolFact]
    public async Task Exposition_after_mixed_traffic_passes_promtool_check_metrics()
    {
        var (exitCode, problems) = await Promtool.CheckMetricsAsync(Text);

        output.WriteLine($"{Text.Length} bytes, {Text.Split('\n').Length} lines; promtool exit {exitCode}");
        Assert.True(exitCode == 0 && problems.Length == 0, $"promtool check metrics exited {exitCode}:\n{problems}\n--- input ---\n{Text}");
        Assert.StartsWith("text/plain", fixture.ContentType, StringComparison.Ordinal);
        Assert.Contains("version=0.0.4", fixture.ContentType, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OwnedMetrics))]
    public void Every_metric_the_authorizer_owns_is_exposed_with_help_type_and_a_sample(string name, string type)
    {
        Assert.Contains($"\n# TYPE {name} {type}\n", "\n" + Text);
        Assert.Matches(new Regex($"(^|\\n)# HELP {Regex.Escape(name)} \\S"), Text);
        var suffixes = type == "histogram" ? new[] { "_bucket", "_sum", "_count" } : [""];
        foreach (var suffix in suffixes)
        {
            Assert.True(Samples(name + suffix).Count > 0, $"no sample of {name}{suffix}");
        }
    }

    [Fact]
    public void The_traffic_was_answered_as_intended()
    {
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["echo"] = "0810 00",
                ["purchase"] = "0110 00",
                ["repeat"] = "0110 00",
                ["insufficient"] = "0110 51",
                ["partial"] = "0110 10",
                ["reversal"] = "0410 00",
                ["unknown_card"] = "0110 14",
                ["malformed"] = "0110 30",
            },
            fixture.Answers);
        Assert.True(fixture.UnreadableClosed, "the connection that sent an unreadable message is still open");
    }

    [Fact]
    public void Authorization_counts_by_mti_response_code_and_reason_match_the_traffic()
    {
        // Counted by the MTI of the request: the repeat (0101) under its own MTI, with the original's answer.
        Assert.Equal(1, Value("baas_authorizations_total", ("mti", "0100"), ("response_code", "00"), ("reason", "approved")));
        Assert.Equal(1, Value("baas_authorizations_total", ("mti", "0101"), ("response_code", "00"), ("reason", "approved")));
        Assert.Equal(1, Value("baas_authorizations_total", ("mti", "0100"), ("response_code", "10"), ("reason", "partial_approval")));
        Assert.Equal(1, Value("baas_authorizations_total", ("mti", "0100"), ("response_code", "51"), ("reason", "insufficient_funds")));
        Assert.Equal(1, Value("baas_authorizations_total", ("mti", "0100"), ("response_code", "14"), ("reason", "card_not_found")));
        Assert.Equal(1, Value("baas_authorizations_total", ("mti", "0100"), ("response_code", "30"), ("reason", "format_error")));
        Assert.Equal(1, Value("baas_authorizations_total", ("mti", "0400"), ("response_code", "00"), ("reason", "approved")));
        Assert.Equal(1, Value("baas_authorizations_total", ("mti", "0800"), ("response_code", "00"), ("reason", "approved")));
        Assert.Equal(8, Samples("baas_authorizations_total").Sum(s => s.Value));
        Assert.All(Samples("baas_authorizations_total"), s => Assert.Equal(["mti", "reason", "response_code"], s.Labels.Keys.Order()));
    }

    [Fact]
    public void Durations_are_histograms_fine_enough_for_100_microseconds_and_200_milliseconds()
    {
        foreach (var name in new[] { "baas_authorization_duration_seconds", "baas_authlog_commit_duration_seconds", "baas_authorization_phase_duration_seconds" })
        {
            var bounds = Samples(name + "_bucket").Select(s => s.Labels["le"]).ToHashSet();
            Assert.Superset(new HashSet<string> { "0.0001", "0.2", "+Inf" }, bounds);
            Assert.True(bounds.Count >= 10, $"{name}: only {bounds.Count} buckets");
        }

        // Every answer was timed, by MTI and outcome: the count is the number of answers, +Inf holds them all.
        var count = Samples("baas_authorization_duration_seconds_count");
        Assert.All(count, s => Assert.Equal(["mti", "outcome"], s.Labels.Keys.Order()));
        Assert.Equal(8, count.Sum(s => s.Value));
        Assert.Equal(2, Value("baas_authorization_duration_seconds_count", ("mti", "0100"), ("outcome", "approved")));
        Assert.Equal(1, Value("baas_authorization_duration_seconds_count", ("mti", "0101"), ("outcome", "approved")));
        Assert.Equal(3, Value("baas_authorization_duration_seconds_count", ("mti", "0100"), ("outcome", "declined")));
        Assert.Equal(8, Samples("baas_authorization_duration_seconds_bucket").Where(s => s.Labels["le"] == "+Inf").Sum(s => s.Value));
        Assert.True(Samples("baas_authorization_duration_seconds_sum").Sum(s => s.Value) > 0);

        // Per-phase timings: parse, decide (queue included), commit, encode.
        var phases = Samples("baas_authorization_phase_duration_seconds_count").Select(s => s.Labels["phase"]).ToHashSet();
        Assert.Superset(new HashSet<string> { "parse", "decide", "commit", "encode" }, phases);

        // At least one group commit was written and timed.
        Assert.True(Value("baas_authlog_commit_duration_seconds_count") >= 1);
    }

    [Fact]
    public void Gauges_and_error_counters_agree_with_the_state_at_the_scrape()
    {
        Assert.Equal(1, Value("baas_iso_connections"));
        Assert.Equal(0, Value("baas_inflight_requests"));
        Assert.Equal(fixture.LogHead, Value("baas_authlog_head_seq"));
        Assert.True(fixture.LogHead > 0);
        Assert.Equal(2, Value("baas_iso_format_errors_total"));
        Assert.Equal(1, Value("baas_iso_disconnects_total", ("reason", "unreadable_message")));
        Assert.True(Value("process_cpu_seconds_total") > 0);
        Assert.True(Value("process_resident_memory_bytes") > 0);
        Assert.True(Samples("dotnet_gc_collections_total").Count >= 3);
    }

    [RequiresPromtoolTheory]
    [InlineData("counter_without_total", "counter metrics should have \"_total\" suffix")]
    [InlineData("duplicate_help", "second HELP line")]
    [InlineData("sample_without_value", "parsing error")]
    public async Task Promtool_reports_a_broken_exposition_so_the_check_above_can_fail(string breakage, string expected)
    {
        var broken = breakage switch
        {
            // The same counter, its name without _total.
            "counter_without_total" => Text.Replace("baas_authorizations_total", "baas_authorizations", StringComparison.Ordinal),
            // A HELP line written twice.
            "duplicate_help" => Text.Replace("# HELP baas_iso_connections ", "# HELP baas_iso_connections Twice.\n# HELP baas_iso_connections ", StringComparison.Ordinal),
            // A sample cut before its value.
            _ => Text.Replace("\nbaas_iso_connections 1\n", "\nbaas_iso_connections\n", StringComparison.Ordinal),
        };
        Assert.NotEqual(Text, broken);

        var (exitCode, problems) = await Promtool.CheckMetricsAsync(broken);

        output.WriteLine($"promtool exit {exitCode}: {problems}");
        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, problems, StringComparison.Ordinal);
    }

    /// <summary>The samples of one series name: their labels and value.</summary>
    private List<(Dictionary<string, string> Labels, double Value)> Samples(string name)
    {
        var list = new List<(Dictionary<string, string>, double)>();
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var rest = line[name.Length..];
            if (rest.StartsWith('{'))
            {
                var close = rest.LastIndexOf('}');
                foreach (Match m in Label().Matches(rest[..close]))
                {
                    labels[m.Groups[1].Value] = m.Groups[2].Value;
                }

                rest = rest[(close + 1)..];
            }

            var value = rest.Trim() switch
            {
                "+Inf" => double.PositiveInfinity,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            list.Add((labels, value));
        }

        return list;
    }

    /// <summary>The value of the one sample of <paramref name="name"/> with exactly these labels.</summary>
    private double Value(string name, params (string Name, string Value)[] labels)
    {
        var matching = Samples(name).Where(s => s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).ToList();
        Assert.True(matching.Count == 1, $"{matching.Count} samples of {name}{{{string.Join(',', labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}");
        return matching[0].Value;
    }

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?""")]
    private static partial Regex Label();
}
