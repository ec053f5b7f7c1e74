using System.Text.Json;
using Baas.Iso8583;
using Baas.SwitchSim.Cards;
using Baas.SwitchSim.Run;

namespace Baas.SwitchSim.Tests;

/// <summary>The sim's parts that need no server: card files, mixes, durations, report shapes.</summary>
public sealed class SimPartsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Card_files_are_deterministic_luhn_valid_and_in_the_bin()
    {
        var a = Generate(500, seed: 3, bin: "412345");
        var b = Generate(500, seed: 3, bin: "412345");
        Assert.Equal(a, b);
        Assert.NotEqual(a, Generate(500, seed: 4, bin: "412345"));

        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, a);
            var (accounts, cards) = CardFile.Read(path);
            Assert.Equal(500, cards.Count);
            Assert.Equal(cards.Count, cards.Select(c => c.Pan).Distinct().Count());
            Assert.All(cards, c =>
            {
                Assert.StartsWith("412345", c.Pan, StringComparison.Ordinal);
                Assert.Equal(16, c.Pan.Length);
                Assert.Equal(c.Pan[^1], Luhn.CheckDigit(c.Pan.AsSpan(0, c.Pan.Length - 1)));
                Assert.Matches("^[0-9]{4}$", c.Expiry);
                Assert.Contains(c.AccountId, accounts.Select(x => x.Id));
            });

            // Every tenth account shares its balance between two cards; balances are opening credits.
            Assert.InRange(accounts.Count, 450, 499);
            Assert.All(accounts, x => Assert.InRange(x.Balance, 5_000, 200_000));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Check_digit_matches_known_numbers()
    {
        Assert.Equal('1', Luhn.CheckDigit("411111111111111"));
        Assert.Equal('4', Luhn.CheckDigit("555555555555444"));
    }

    [Fact]
    public void A_mix_draws_kinds_in_proportion_and_rejects_unknown_kinds()
    {
        var mix = Mix.Parse("purchase=80,atm=20");
        var rng = new Random(1);
        var atm = Enumerable.Range(0, 20_000).Count(_ => mix.Next(rng) == Kind.Atm);
        Assert.InRange(atm, 3_600, 4_400);
        Assert.Throws<ArgumentException>(() => Mix.Parse("purchase=70,teleport=30"));
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("7", 7_000)]
    public void Durations_parse(string text, int milliseconds) => Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Durations.Parse(text));

    [Fact]
    public void The_report_json_has_the_contract_keys_and_no_card_numbers()
    {
        var report = new SimReport { OfferedRate = 1000, AchievedTps = 999.5, Sent = 10, Received = 10, ByResponseCode = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["00"] = 10 } };
        using var doc = JsonDocument.Parse(report.ToJson());
        foreach (var key in new[] { "offered_rate", "achieved_tps", "duration_s", "sent", "received", "timeouts", "errors", "mismatches", "by_response_code", "latency_us", "throughput_timeline" })
        {
            Assert.True(doc.RootElement.TryGetProperty(key, out _), key);
        }

        foreach (var key in new[] { "p50", "p90", "p99", "p999", "p9999", "max" })
        {
            Assert.True(doc.RootElement.GetProperty("latency_us").TryGetProperty(key, out _), key);
        }

        Assert.Equal(10, doc.RootElement.GetProperty("by_response_code").GetProperty("00").GetInt64());
    }

    [Fact]
    public void The_html_report_is_self_contained()
    {
        var html = HtmlReport.Render(new SimReport { Sent = 1, Received = 1 }, "t");
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_summary_quotes_ratios_to_the_baseline_and_checks_targets()
    {
        var dir = Directory.CreateTempSubdirectory("bench-summary").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "baseline.json"), new SimReport { AchievedTps = 400_000 }.ToJson());
            File.WriteAllText(Path.Combine(dir, "peak.json"), new SimReport { AchievedTps = 120_000 }.ToJson());
            File.WriteAllText(Path.Combine(dir, "open-10000.json"), new SimReport { OfferedRate = 10_000, AchievedTps = 10_000, LatencyUs = new LatencySummary(100, 200, 900, 6_000, 7_000, 8_000) }.ToJson());
            var doc = BenchSummary.Build(dir, Now);
            Assert.Equal(0.3, (double)doc["peak"]!["ratio_to_baseline"]!);
            var targets = doc["targets"]!.AsArray().Select(t => ((string)t!["target"]!, (bool)t["met"]!)).ToDictionary(t => t.Item1, t => t.Item2);
            Assert.True(targets["peak >= 100,000 authorizations/s"]);
            Assert.True(targets["peak >= 0.25 of the echo baseline"]);
            Assert.True(targets["10k/s open loop: p99 <= 1 ms"]);
            Assert.False(targets["10k/s open loop: p99.9 <= 5 ms"]);
            Assert.Contains("0.300", BenchSummary.Table(doc), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Bench_summary_reports_the_ledgers_ingestion_and_lag_against_their_targets()
    {
        var dir = Directory.CreateTempSubdirectory("bench-ledger").FullName;
        try
        {
            static string Watch(string label, long applied, double seconds, double maxLag, bool reached) => $$"""
                {"label":"{{label}}","reached":{{(reached ? "true" : "false")}},"applied":{{applied}},"seconds":{{seconds}},"events_per_second":{{Math.Round(applied / seconds)}},
                 "lag_seconds":{"p50":0.1,"p99":{{maxLag}},"max":{{maxLag}}},"lag_events":{"p50":10,"p99":900,"max":1000},"samples":[[0.0,1,0,0]]}
                """;
            File.WriteAllText(Path.Combine(dir, "ledger-ingest.json"), Watch("ingestion", 500_000, 20, 12, reached: true));
            File.WriteAllText(Path.Combine(dir, "ledger-lag.json"), Watch("lag at 10,000/s", 150_000, 15, 1.5, reached: true));
            var doc = BenchSummary.Build(dir, Now);
            var targets = doc["targets"]!.AsArray().Select(t => ((string)t!["target"]!, (bool)t["met"]!)).ToDictionary(t => t.Item1, t => t.Item2);
            Assert.True(targets["ledger ingestion >= 20,000 events/s"]);
            Assert.False(targets["ledger lag at 10k/s < 1 s (max of samples)"]);
            Assert.Null(doc["ledger"]!["ingestion"]!["samples"]);
            Assert.Contains("25,000", BenchSummary.Table(doc), StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(dir, "ledger-ingest.json"), Watch("ingestion", 500_000, 20, 12, reached: false));
            targets = BenchSummary.Build(dir, Now)["targets"]!.AsArray().Select(t => ((string)t!["target"]!, (bool)t["met"]!)).ToDictionary(t => t.Item1, t => t.Item2);
            Assert.False(targets["ledger ingestion >= 20,000 events/s"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_echo_baseline_moves_frames_over_loopback()
    {
        var result = await Baas.SwitchSim.Baseline.EchoBaseline.RunAsync(2, 8, TimeSpan.FromSeconds(1));
        Assert.True(result.Received > 1_000, $"only {result.Received} echoes in a second");
        Assert.Equal(0, result.Errors);
        Assert.True(result.LatencyUs.P50 > 0);
    }

    private static string Generate(int count, int seed, string bin)
    {
        using var writer = new StringWriter();
        CardFile.Generate(writer, count, seed, "p", bin, Now);
        return writer.ToString();
    }
}
