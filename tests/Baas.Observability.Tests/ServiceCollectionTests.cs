using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Baas.Observability.Tests;

public sealed class ServiceCollectionTests
{
    [Fact]
    public void Exporter_is_a_singleton_that_sees_meters_from_the_meter_factory()
    {
        var meterName = "Baas.Tests.Di." + Guid.NewGuid().ToString("N");
        using var services = new ServiceCollection()
            .AddPrometheusExporter(options =>
            {
                options.MeterPrefixes = [meterName];
                options.IncludeProcessMetrics = false;
            })
            .BuildServiceProvider();

        var exporter = services.GetRequiredService<PrometheusExporter>();
        var meter = services.GetRequiredService<IMeterFactory>().Create(meterName);
        meter.CreateCounter<long>("baas_di_total").Add(4);

        Assert.Same(exporter, services.GetRequiredService<PrometheusExporter>());
        Assert.Equal(4, Exposition.Samples(Exposition.Scrape(exporter))["baas_di_total"]);
        Assert.DoesNotContain("process_cpu_seconds_total", Exposition.Scrape(exporter));
    }

    [Fact]
    public void Process_metrics_come_with_the_exporter_by_default_and_go_with_the_container()
    {
        var services = new ServiceCollection().AddPrometheusExporter(options => options.MeterPrefixes = ["Baas.Tests.Unused."]).BuildServiceProvider();
        var exporter = services.GetRequiredService<PrometheusExporter>();

        Assert.Contains("\nprocess_cpu_seconds_total ", Exposition.Scrape(exporter));

        services.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Exposition.Scrape(exporter));
    }

    [Fact]
    public void Max_series_option_is_applied()
    {
        var meterName = "Baas.Tests.Di." + Guid.NewGuid().ToString("N");
        using var services = new ServiceCollection()
            .AddPrometheusExporter(options =>
            {
                options.MeterPrefixes = [meterName];
                options.MaxSeriesPerInstrument = 1;
            })
            .BuildServiceProvider();
        var exporter = services.GetRequiredService<PrometheusExporter>();
        var counter = services.GetRequiredService<IMeterFactory>().Create(meterName).CreateCounter<long>("baas_one_total");

        counter.Add(1, new KeyValuePair<string, object?>("a", "1"));
        counter.Add(1, new KeyValuePair<string, object?>("a", "2"));

        var samples = Exposition.Samples(Exposition.Scrape(exporter));
        Assert.Equal(1, samples["baas_one_total{a=\"1\"}"]);
        Assert.Equal(1, samples["baas_one_total{otel_metric_overflow=\"true\"}"]);
    }
}
