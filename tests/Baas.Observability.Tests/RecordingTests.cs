using System.Globalization;

namespace Baas.Observability.Tests;

public sealed class RecordingTests
{
    private static readonly string[] Mtis = ["0100", "0200", "0400"];
    private static readonly string[] Outcomes = ["approved", "declined"];
    private static readonly string[] ResponseCodes = ["00", "05", "51"];
    private static readonly string[] Reasons = ["ok", "insufficient_funds"];

    [Fact]
    public void Recording_known_tag_sets_allocates_nothing()
    {
        using var test = new TestMeter();
        var histogram = test.Meter.CreateHistogram<double>("baas_authorization_duration_seconds");
        var counter = test.Meter.CreateCounter<long>("baas_authorizations_total");
        var gauge = test.Meter.CreateGauge<long>("baas_authlog_head_seq");

        var recorded = 0;
        void Record()
        {
            var i = recorded++;
            histogram.Record(i * 1e-6, new("mti", Mtis[i % 3]), new("outcome", Outcomes[i % 2]));
            counter.Add(1, new("mti", Mtis[i % 3]), new("response_code", ResponseCodes[i % 3]), new("reason", Reasons[i % 2]));
            gauge.Record(i, new KeyValuePair<string, object?>("log", "main"));
        }

        // The warm-up inside creates every series once.
        var allocated = Allocations.Steady(Record, iterations: 20_000);

        Assert.Equal(0, allocated);
        var samples = test.Samples();
        Assert.Equal(recorded, samples.Where(s => s.Key.StartsWith("baas_authorizations_total{", StringComparison.Ordinal)).Sum(s => s.Value));
        Assert.Equal(recorded, samples.Where(s => s.Key.StartsWith("baas_authorization_duration_seconds_count{", StringComparison.Ordinal)).Sum(s => s.Value));
    }

    [Fact]
    public void Concurrent_recording_and_scraping_counts_every_measurement_and_keeps_buckets_consistent()
    {
        using var test = new TestMeter();
        var histogram = test.Meter.CreateHistogram<double>("baas_concurrent_seconds");
        var counter = test.Meter.CreateCounter<double>("baas_concurrent_total");
        const int Threads = 4;
        const int PerThread = 50_000;
        var recorders = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                // New tag sets keep appearing while others are scraped, so the table grows under the readers.
                var key = (i % 64).ToString(CultureInfo.InvariantCulture);
                histogram.Record((i % 1000) * 1e-5, new KeyValuePair<string, object?>("k", key));
                counter.Add(0.5, new KeyValuePair<string, object?>("k", key));
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        var scrapes = 0;
        while (!Task.WhenAll(recorders).IsCompleted || scrapes == 0)
        {
            AssertConsistent(test.Scrape());
            scrapes++;
        }

        var samples = Exposition.Samples(test.Scrape());
        Assert.Equal(Threads * PerThread, samples.Where(s => s.Key.StartsWith("baas_concurrent_seconds_count", StringComparison.Ordinal)).Sum(s => s.Value));
        Assert.Equal(Threads * PerThread * 0.5, samples.Where(s => s.Key.StartsWith("baas_concurrent_total", StringComparison.Ordinal)).Sum(s => s.Value));
        Assert.Equal(64, samples.Count(s => s.Key.StartsWith("baas_concurrent_total", StringComparison.Ordinal)));
    }

    /// <summary>In every scrape, each series' buckets never decrease and its count equals its +Inf bucket.</summary>
    private static void AssertConsistent(string text)
    {
        var previous = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in Exposition.Lines(text))
        {
            var space = line.LastIndexOf(' ');
            var value = line[(space + 1)..];
            if (line.StartsWith("baas_concurrent_seconds_bucket{", StringComparison.Ordinal))
            {
                var series = line[..line.IndexOf(",le=", StringComparison.Ordinal)];
                var count = double.Parse(value, CultureInfo.InvariantCulture);
                Assert.True(count >= previous.GetValueOrDefault(series), line);
                previous[series] = count;
                if (line.Contains("le=\"+Inf\"", StringComparison.Ordinal))
                {
                    previous[series + "+Inf"] = count;
                }
            }
            else if (line.StartsWith("baas_concurrent_seconds_count{", StringComparison.Ordinal))
            {
                var series = "baas_concurrent_seconds_bucket" + line["baas_concurrent_seconds_count".Length..space].TrimEnd('}');
                Assert.Equal(previous[series + "+Inf"], double.Parse(value, CultureInfo.InvariantCulture));
            }
        }
    }
}
