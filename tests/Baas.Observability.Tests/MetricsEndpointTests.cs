using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Baas.Observability.Tests;

public sealed class MetricsEndpointTests(MetricsEndpointFixture fixture) : IClassFixture<MetricsEndpointFixture>
{
    [Fact]
    public async Task Get_metrics_returns_the_text_format_with_recorded_series()
    {
        var meter = fixture.CreateMeter();
        var counter = meter.CreateCounter<long>("baas_endpoint_authorizations_total", description: "Authorizations.");
        var duration = meter.CreateHistogram<double>("baas_endpoint_duration_seconds", "s", "Latency.");
        var connections = meter.CreateUpDownCounter<long>("baas_endpoint_connections");
        counter.Add(2, new("mti", "0100"), new("response_code", "00"));
        counter.Add(1, new("mti", "0100"), new("response_code", "51"));
        duration.Record(0.00012, new KeyValuePair<string, object?>("mti", "0100"));
        duration.Record(0.004, new KeyValuePair<string, object?>("mti", "0100"));
        connections.Add(3);

        using var response = await fixture.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var samples = Exposition.Samples(text);
        Assert.Equal(2, samples["baas_endpoint_authorizations_total{mti=\"0100\",response_code=\"00\"}"]);
        Assert.Equal(1, samples["baas_endpoint_authorizations_total{mti=\"0100\",response_code=\"51\"}"]);
        Assert.Equal(1, samples["baas_endpoint_duration_seconds_bucket{mti=\"0100\",le=\"0.0002\"}"]);
        Assert.Equal(2, samples["baas_endpoint_duration_seconds_bucket{mti=\"0100\",le=\"0.005\"}"]);
        Assert.Equal(2, samples["baas_endpoint_duration_seconds_count{mti=\"0100\"}"]);
        Assert.Equal(0.00412, samples["baas_endpoint_duration_seconds_sum{mti=\"0100\"}"], 12);
        Assert.Equal(3, samples["baas_endpoint_connections"]);
        Assert.Contains("# TYPE baas_endpoint_authorizations_total counter\n", text);
        Assert.Contains("# TYPE baas_endpoint_duration_seconds histogram\n", text);
    }

    [Fact]
    public async Task Process_metrics_are_served_with_the_components_metrics()
    {
        var text = await fixture.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var samples = Exposition.Samples(text);

        Assert.True(samples["process_cpu_seconds_total"] > 0);
        Assert.True(samples["process_resident_memory_bytes"] > 1_000_000);
        Assert.True(samples["process_start_time_seconds"] > 1_600_000_000);
        Assert.True(samples["dotnet_gc_allocated_bytes_total"] > 0);
        Assert.True(samples["process_num_threads"] > 1);
    }

    [Fact]
    public async Task Meters_of_another_container_are_not_served()
    {
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var foreign = other.GetRequiredService<IMeterFactory>().Create(MetricsEndpointFixture.MeterName);
        foreign.CreateCounter<long>("baas_endpoint_foreign_total").Add(1);

        var text = await fixture.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.DoesNotContain("baas_endpoint_foreign_total", text);
    }

    [Fact]
    public async Task Other_paths_are_not_the_metrics_endpoint()
    {
        using var response = await fixture.Client.GetAsync(new Uri("/nothing", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
