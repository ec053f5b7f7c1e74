using System.Diagnostics.Metrics;

namespace Baas.Observability.Tests;

public sealed class TextFormatTests : IDisposable
{
    private readonly TestMeter _test = new();

    private Meter Meter => _test.Meter;

    public void Dispose() => _test.Dispose();

    [Fact]
    public void Counter_is_written_with_total_suffix_help_and_type()
    {
        var counter = Meter.CreateCounter<long>("baas_requests", description: "Requests handled.");
        counter.Add(2, Tag("mti", "0100"), Tag("outcome", "approved"));
        counter.Add(3, Tag("outcome", "approved"), Tag("mti", "0100"));
        counter.Add(1, Tag("mti", "0200"), Tag("outcome", "declined"));

        Assert.Equal(
            """
            # HELP baas_requests_total Requests handled.
            # TYPE baas_requests_total counter
            baas_requests_total{mti="0100",outcome="approved"} 5
            baas_requests_total{mti="0200",outcome="declined"} 1

            """,
            _test.Scrape());
    }

    [Fact]
    public void Counter_named_with_total_is_not_doubled()
    {
        Meter.CreateCounter<long>("baas_authorizations_total", description: "Authorizations.").Add(7);

        var text = _test.Scrape();

        Assert.Contains("# TYPE baas_authorizations_total counter\n", text);
        Assert.Contains("baas_authorizations_total 7\n", text);
        Assert.DoesNotContain("_total_total", text);
    }

    [Fact]
    public void Double_counter_sums_fractions_and_ignores_negative_deltas()
    {
        var counter = Meter.CreateCounter<double>("baas_amount_total");
        counter.Add(1.25);
        counter.Add(0.5);
        counter.Add(-10);

        Assert.Equal(1.75, _test.Samples()["baas_amount_total"]);
    }

    [Fact]
    public void Up_down_counters_are_gauges_that_go_both_ways()
    {
        var connections = Meter.CreateUpDownCounter<long>("baas_iso_connections", description: "Open ISO connections.");
        var level = Meter.CreateUpDownCounter<double>("baas_level_ratio");
        connections.Add(3);
        connections.Add(-1);
        level.Add(0.5);
        level.Add(-1.75);

        var text = _test.Scrape();
        var samples = Exposition.Samples(text);

        Assert.Contains("# TYPE baas_iso_connections gauge\n", text);
        Assert.Contains("# TYPE baas_level_ratio gauge\n", text);
        Assert.Equal(2, samples["baas_iso_connections"]);
        Assert.Equal(-1.25, samples["baas_level_ratio"]);
    }

    [Fact]
    public void Synchronous_gauge_keeps_the_last_value_per_label_set()
    {
        var gauge = Meter.CreateGauge<double>("baas_authlog_head_seq", description: "Head sequence.");
        gauge.Record(10, Tag("log", "a"));
        gauge.Record(12, Tag("log", "a"));
        gauge.Record(3, Tag("log", "b"));
        var integer = Meter.CreateGauge<long>("baas_queue_items");
        integer.Record(9_007_199_254);

        var text = _test.Scrape();
        var samples = Exposition.Samples(text);

        Assert.Contains("# TYPE baas_authlog_head_seq gauge\n", text);
        Assert.Equal(12, samples["baas_authlog_head_seq{log=\"a\"}"]);
        Assert.Equal(3, samples["baas_authlog_head_seq{log=\"b\"}"]);
        Assert.Contains("baas_queue_items 9007199254\n", text);
        // A gauge is not cleared by a scrape.
        Assert.Equal(12, _test.Samples()["baas_authlog_head_seq{log=\"a\"}"]);
    }

    [Fact]
    public void Every_numeric_measurement_type_is_recorded()
    {
        Meter.CreateCounter<byte>("baas_byte_total").Add(1);
        Meter.CreateCounter<short>("baas_short_total").Add(2);
        Meter.CreateCounter<int>("baas_int_total").Add(3);
        Meter.CreateCounter<float>("baas_float_total").Add(0.5f);
        Meter.CreateUpDownCounter<decimal>("baas_decimal_value").Add(-1.25m);
        Meter.CreateHistogram<int>("baas_int_items").Record(7);
        Meter.CreateHistogram<float>("baas_float_seconds").Record(0.25f);
        Meter.CreateObservableGauge("baas_observed_short", () => (short)4);

        var samples = _test.Samples();

        Assert.Equal(1, samples["baas_byte_total"]);
        Assert.Equal(2, samples["baas_short_total"]);
        Assert.Equal(3, samples["baas_int_total"]);
        Assert.Equal(0.5, samples["baas_float_total"]);
        Assert.Equal(-1.25, samples["baas_decimal_value"]);
        Assert.Equal(7, samples["baas_int_items_sum"]);
        Assert.Equal(1, samples["baas_float_seconds_bucket{le=\"0.25\"}"]);
        Assert.Equal(4, samples["baas_observed_short"]);
    }

    [Fact]
    public async Task Writing_to_a_stream_gives_the_same_text()
    {
        Meter.CreateCounter<long>("baas_streamed_total").Add(1, Tag("a", "b"));
        using var stream = new MemoryStream();

        await _test.Exporter.WriteToAsync(stream);

        Assert.Equal(_test.Scrape(), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Histogram_with_default_buckets_is_cumulative_with_inf_sum_and_count()
    {
        var histogram = Meter.CreateHistogram<double>("baas_authorization_duration_seconds", "s", "Authorization latency.");
        double[] values = [0.00004, 0.00005, 0.00015, 0.0009, 0.18, 3, 42];
        foreach (var value in values)
        {
            histogram.Record(value, Tag("mti", "0100"));
        }

        var text = _test.Scrape();
        var lines = Exposition.Lines(text);
        var samples = Exposition.Samples(text);

        Assert.Equal("# HELP baas_authorization_duration_seconds Authorization latency.", lines[0]);
        Assert.Equal("# TYPE baas_authorization_duration_seconds histogram", lines[1]);
        var buckets = lines.Where(l => l.StartsWith("baas_authorization_duration_seconds_bucket{", StringComparison.Ordinal)).ToArray();
        Assert.Equal(PrometheusExporter.LatencyBuckets.Count + 1, buckets.Length);
        Assert.Equal("baas_authorization_duration_seconds_bucket{mti=\"0100\",le=\"5e-05\"} 2", buckets[0]);
        Assert.Equal("baas_authorization_duration_seconds_bucket{mti=\"0100\",le=\"+Inf\"} 7", buckets[^1]);

        string Bucket(string le) => $"baas_authorization_duration_seconds_bucket{{mti=\"0100\",le=\"{le}\"}}";
        Assert.Equal(2, samples[Bucket("0.0001")]);
        Assert.Equal(3, samples[Bucket("0.0002")]);
        Assert.Equal(4, samples[Bucket("0.001")]);
        Assert.Equal(4, samples[Bucket("0.15")]);
        Assert.Equal(5, samples[Bucket("0.2")]);
        Assert.Equal(6, samples[Bucket("5")]);
        Assert.Equal(6, samples[Bucket("10")]);
        Assert.Equal(values.Sum(), samples["baas_authorization_duration_seconds_sum{mti=\"0100\"}"], 9);
        Assert.Equal(7, samples["baas_authorization_duration_seconds_count{mti=\"0100\"}"]);

        var counts = buckets.Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (var i = 1; i < counts.Length; i++)
        {
            Assert.True(counts[i] >= counts[i - 1], "buckets are cumulative");
        }
    }

    [Fact]
    public void Default_buckets_are_the_documented_latency_buckets()
    {
        Assert.Equal(
            [0.00005, 0.0001, 0.0002, 0.0003, 0.0005, 0.00075, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.02, 0.05,
             0.1, 0.15, 0.2, 0.25, 0.5, 1, 2.5, 5, 10],
            PrometheusExporter.LatencyBuckets);
    }

    [Fact]
    public void Histogram_advice_sets_the_buckets()
    {
        var advice = new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5] };
        var histogram = Meter.CreateHistogram("baas_batch_size_items", unit: null, description: null, tags: null, advice);
        histogram.Record(1);
        histogram.Record(2);
        histogram.Record(4);
        histogram.Record(100);

        var text = _test.Scrape();

        Assert.Equal(
            """
            # TYPE baas_batch_size_items histogram
            baas_batch_size_items_bucket{le="1"} 1
            baas_batch_size_items_bucket{le="2"} 2
            baas_batch_size_items_bucket{le="5"} 3
            baas_batch_size_items_bucket{le="+Inf"} 4
            baas_batch_size_items_sum 107
            baas_batch_size_items_count 4

            """,
            text);
    }

    [Fact]
    public void Latency_buckets_passed_as_advice_give_the_same_output_as_no_advice()
    {
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = PrometheusExporter.LatencyBuckets };
        Meter.CreateHistogram("baas_a_seconds", unit: "s", description: null, tags: null, advice).Record(0.004);
        Meter.CreateHistogram<double>("baas_b_seconds").Record(0.004);

        var lines = Exposition.Lines(_test.Scrape());

        var a = lines.Where(l => l.StartsWith("baas_a_", StringComparison.Ordinal)).Select(l => l["baas_a_".Length..]);
        var b = lines.Where(l => l.StartsWith("baas_b_", StringComparison.Ordinal)).Select(l => l["baas_b_".Length..]);
        Assert.Equal(b, a);
    }

    [Fact]
    public void Observable_instruments_are_read_at_scrape_time()
    {
        long total = 5;
        var lag = 1.5;
        Meter.CreateObservableCounter("baas_events_read_total", () => total, description: "Events read.");
        Meter.CreateObservableUpDownCounter("baas_inflight_requests", () => new Measurement<int>(4, Tag("port", "5001")));
        Meter.CreateObservableGauge("baas_consumer_lag_seconds", () => new[]
        {
            new Measurement<double>(lag, Tag("consumer", "ledger")),
            new Measurement<double>(0.25, Tag("consumer", "kyc")),
        });

        var first = _test.Scrape();
        total = 9;
        lag = 2;
        var second = Exposition.Samples(_test.Scrape());

        Assert.Contains("# TYPE baas_events_read_total counter\n", first);
        Assert.Contains("# TYPE baas_inflight_requests gauge\n", first);
        Assert.Contains("# TYPE baas_consumer_lag_seconds gauge\n", first);
        Assert.Equal(5, Exposition.Samples(first)["baas_events_read_total"]);
        Assert.Equal(9, second["baas_events_read_total"]);
        Assert.Equal(4, second["baas_inflight_requests{port=\"5001\"}"]);
        Assert.Equal(2, second["baas_consumer_lag_seconds{consumer=\"ledger\"}"]);
        Assert.Equal(0.25, second["baas_consumer_lag_seconds{consumer=\"kyc\"}"]);
    }

    [Fact]
    public void Observable_series_not_reported_again_disappear()
    {
        var consumers = new List<string> { "ledger", "kyc" };
        Meter.CreateObservableGauge("baas_consumer_lag_events",
            () => consumers.Select(c => new Measurement<long>(1, Tag("consumer", c))).ToArray());

        Assert.Equal(2, _test.Samples().Count);
        consumers.Remove("kyc");
        Assert.Equal(["baas_consumer_lag_events{consumer=\"ledger\"}"], _test.Samples().Keys);
        consumers.Clear();
        Assert.Equal("", _test.Scrape());
    }

    [Fact]
    public void Names_are_sanitized_and_otherwise_kept()
    {
        Meter.CreateCounter<long>("baas.odd-name/x").Add(1);
        Meter.CreateUpDownCounter<long>("1st_gauge").Add(1);
        Meter.CreateUpDownCounter<long>("baas:recorded_rule").Add(1);
        Meter.CreateUpDownCounter<long>("Baas_CamelCase").Add(1, Tag("tag.with-dots", "v"), Tag("9lives", "w"));

        var samples = _test.Samples();

        Assert.Contains("baas_odd_name_x_total", samples.Keys);
        Assert.Contains("_1st_gauge", samples.Keys);
        Assert.Contains("baas:recorded_rule", samples.Keys);
        Assert.Contains("Baas_CamelCase{_9lives=\"w\",tag_with_dots=\"v\"}", samples.Keys);
    }

    [Fact]
    public void Label_values_and_help_are_escaped()
    {
        var counter = Meter.CreateCounter<long>("baas_escaped_total", description: "Line one\nback\\slash \"quoted\"");
        counter.Add(1, Tag("reason", "a\\b\"c\nd"));

        var text = _test.Scrape();

        Assert.Contains("# HELP baas_escaped_total Line one\\nback\\\\slash \"quoted\"\n", text);
        Assert.Contains("baas_escaped_total{reason=\"a\\\\b\\\"c\\nd\"} 1\n", text);
    }

    [Fact]
    public void Labels_are_sorted_and_tag_value_types_with_the_same_text_share_a_series()
    {
        var counter = Meter.CreateCounter<long>("baas_codes_total");
        counter.Add(1, Tag("z", "last"), Tag("a", "first"), Tag("code", 200));
        counter.Add(1, Tag("code", "200"), Tag("z", "last"), Tag("a", "first"));
        // Equal text in a different string instance than the first one.
        counter.Add(1, Tag("a", new string("first".AsSpan())), Tag("code", 200), Tag("z", "last"));
        counter.Add(1, Tag("a", true), Tag("code", 1.5), Tag("z", null));

        var samples = _test.Samples();

        Assert.Equal(2, samples.Count);
        Assert.Equal(3, samples["baas_codes_total{a=\"first\",code=\"200\",z=\"last\"}"]);
        Assert.Equal(1, samples["baas_codes_total{a=\"true\",code=\"1.5\",z=\"\"}"]);
    }

    [Fact]
    public void Series_beyond_the_limit_go_to_the_overflow_series()
    {
        using var test = new TestMeter(maxSeries: 3);
        var counter = test.Meter.CreateCounter<long>("baas_limited_total");
        var histogram = test.Meter.CreateHistogram<double>("baas_limited_seconds");
        for (var i = 0; i < 10; i++)
        {
            counter.Add(i, Tag("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            histogram.Record(1, Tag("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var samples = test.Samples();

        Assert.Equal(0, samples["baas_limited_total{id=\"0\"}"]);
        Assert.Equal(2, samples["baas_limited_total{id=\"2\"}"]);
        Assert.DoesNotContain("baas_limited_total{id=\"3\"}", samples.Keys);
        Assert.Equal(3 + 4 + 5 + 6 + 7 + 8 + 9, samples["baas_limited_total{otel_metric_overflow=\"true\"}"]);
        Assert.Equal(7, samples["baas_limited_seconds_count{otel_metric_overflow=\"true\"}"]);
        Assert.Equal(7, samples["baas_limited_seconds_bucket{otel_metric_overflow=\"true\",le=\"+Inf\"}"]);
    }

    [Fact]
    public void Values_made_anew_on_every_call_still_find_their_series_after_the_identity_room_is_used_up()
    {
        using var test = new TestMeter(maxSeries: 3);
        var counter = test.Meter.CreateCounter<long>("baas_transient_total");
        for (var i = 0; i < 100; i++)
        {
            counter.Add(1, Tag("mti", new string("0100".AsSpan())), Tag("code", i % 2));
        }

        var samples = test.Samples();

        Assert.Equal(2, samples.Count);
        Assert.Equal(50, samples["baas_transient_total{code=\"0\",mti=\"0100\"}"]);
        Assert.Equal(50, samples["baas_transient_total{code=\"1\",mti=\"0100\"}"]);
    }

    [Fact]
    public void Only_meters_with_a_configured_prefix_are_exported()
    {
        using var other = new Meter("Other." + Meter.Name);
        other.CreateCounter<long>("other_total").Add(1);
        Meter.CreateCounter<long>("mine_total").Add(1);

        Assert.Equal(["mine_total"], _test.Samples().Keys);
    }

    [Fact]
    public void Instruments_sharing_a_name_write_one_family()
    {
        using var twin = new Meter(Meter.Name);
        Meter.CreateCounter<long>("baas_shared_total", description: "Shared.").Add(1, Tag("a", "x"));
        twin.CreateCounter<long>("baas_shared_total", description: "Shared.").Add(2, Tag("a", "x"));
        twin.CreateCounter<double>("baas_shared_total").Add(0.5, Tag("a", "y"));
        // Same name, other kind: not exported rather than written under a second TYPE line.
        twin.CreateUpDownCounter<long>("baas_shared_total").Add(100, Tag("a", "z"));

        var text = _test.Scrape();

        Assert.Single(Exposition.Lines(text), l => l.StartsWith("# TYPE", StringComparison.Ordinal));
        Assert.Equal(3, Exposition.Samples(text)["baas_shared_total{a=\"x\"}"]);
        Assert.Equal(0.5, Exposition.Samples(text)["baas_shared_total{a=\"y\"}"]);
        Assert.Equal(2, Exposition.Samples(text).Count);
    }

    [Fact]
    public void Families_are_sorted_by_name_and_a_disposed_meter_drops_its_metrics()
    {
        using var second = new Meter(Meter.Name + ".Second");
        using var exporter = new PrometheusExporter(new PrometheusExporterOptions
        {
            MeterPrefixes = [Meter.Name],
            IncludeProcessMetrics = false,
        });
        Meter.CreateCounter<long>("baas_b_total").Add(1);
        second.CreateCounter<long>("baas_a_total").Add(1);
        Meter.CreateCounter<long>("baas_c_total").Add(1);

        Assert.Equal(["baas_a_total", "baas_b_total", "baas_c_total"], Exposition.Samples(Exposition.Scrape(exporter)).Keys);
        second.Dispose();
        Assert.Equal(["baas_b_total", "baas_c_total"], Exposition.Samples(Exposition.Scrape(exporter)).Keys);
    }

    [Fact]
    public void Nothing_is_written_for_instruments_without_measurements()
    {
        Meter.CreateCounter<long>("baas_idle_total", description: "Never used.");
        Meter.CreateHistogram<double>("baas_idle_seconds");
        Meter.CreateGauge<double>("baas_idle_value");

        Assert.Equal("", _test.Scrape());
    }

    [Fact]
    public void Disposed_exporter_stops_recording_and_refuses_to_scrape()
    {
        var counter = Meter.CreateCounter<long>("baas_after_total");
        _test.Exporter.Dispose();

        counter.Add(1);

        Assert.False(counter.Enabled);
        Assert.Throws<ObjectDisposedException>(() => _test.Scrape());
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
