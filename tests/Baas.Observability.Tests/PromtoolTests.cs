using System.Diagnostics.Metrics;

namespace Baas.Observability.Tests;

public sealed class PromtoolTests
{
    [RequiresPromtoolFact]
    public async Task Exposition_of_every_instrument_kind_and_process_metrics_passes_promtool_lint()
    {
        Assert.True(Promtool.Path is not null, "promtool is not on PATH (CI=true): install the Debian package prometheus.");
        using var meter = new Meter("Baas.Tests.Promtool." + Guid.NewGuid().ToString("N"));
        using var process = new ProcessMetrics();
        using var exporter = new PrometheusExporter(new PrometheusExporterOptions { MeterPrefixes = [meter.Name] });
        RecordEveryKind(meter);
        // Something thrown and caught, so that the exception counter has a value.
        try
        {
            throw new InvalidOperationException("counted");
        }
        catch (InvalidOperationException)
        {
        }

        var text = Exposition.Scrape(exporter);
        var (exitCode, output) = await Promtool.CheckMetricsAsync(text);

        Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics exited {exitCode}:\n{output}\n--- input ---\n{text}");
        foreach (var name in new[]
        {
            "process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
            "process_start_time_seconds", "process_open_fds", "process_num_threads", "dotnet_gc_heap_size_bytes",
            "dotnet_gc_allocated_bytes_total", "dotnet_gc_pause_seconds_total", "dotnet_threadpool_threads",
            "dotnet_threadpool_queue_length", "dotnet_exceptions_total",
        })
        {
            Assert.Contains($"\n{name} ", text);
        }

        Assert.Contains("dotnet_gc_collections_total{generation=\"gen0\"} ", text);
        Assert.Contains("dotnet_gc_collections_total{generation=\"gen2\"} ", text);
    }

    [RequiresPromtoolFact]
    public async Task Promtool_reports_problems_so_the_check_above_can_fail()
    {
        Assert.True(Promtool.Path is not null, "promtool is not on PATH (CI=true): install the Debian package prometheus.");

        var (exitCode, output) = await Promtool.CheckMetricsAsync("# TYPE requests counter\nrequests 1\n");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("_total", output);
    }

    private static void RecordEveryKind(Meter meter)
    {
        KeyValuePair<string, object?> mti = new("mti", "0100"), outcome = new("outcome", "approved");
        meter.CreateCounter<long>("baas_authorizations_total", description: "Authorization decisions.")
            .Add(3, mti, new("response_code", "00"), new("reason", "ok"));
        meter.CreateCounter<double>("baas_settled_amount", description: "Amount settled, in major units.").Add(12.5);
        meter.CreateUpDownCounter<long>("baas_iso_connections", description: "Open ISO 8583 connections.").Add(2);
        meter.CreateUpDownCounter<double>("baas_balance_ratio", description: "A double up-down counter.").Add(-0.5);
        meter.CreateGauge<long>("baas_authlog_head_seq", description: "Last committed sequence.").Record(42);
        meter.CreateGauge<double>("baas_reconciliation_discrepancies", description: "Open discrepancies.").Record(1);
        var duration = meter.CreateHistogram<double>("baas_authorization_duration_seconds", "s", "Authorization latency \"end to end\"\nin seconds.");
        duration.Record(0.00012, mti, outcome);
        duration.Record(0.3, mti, new("outcome", "declined\\\"odd\"\nvalue"));
        meter.CreateHistogram("baas_batch_size_items", unit: null, description: "Items per batch.", tags: null,
            new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 10, 100] }).Record(7);
        meter.CreateObservableCounter("baas_events_read_total", () => 10L, description: "Events read.");
        meter.CreateObservableCounter("baas_busy_seconds_total", () => 1.5, description: "Busy time.");
        meter.CreateObservableUpDownCounter("baas_inflight_requests", () => 1L, description: "Requests in flight.");
        meter.CreateObservableUpDownCounter("baas_queue_fill_ratio", () => 0.25, description: "Queue fill.");
        meter.CreateObservableGauge("baas_consumer_lag_events", () => new Measurement<long>(5, new KeyValuePair<string, object?>("consumer", "ledger")),
            description: "Consumer lag in events.");
        meter.CreateObservableGauge("baas_consumer_lag_seconds", () => new Measurement<double>(0.5, new KeyValuePair<string, object?>("consumer", "ledger")),
            description: "Consumer lag in seconds.");
    }
}
