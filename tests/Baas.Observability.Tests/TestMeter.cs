using System.Diagnostics.Metrics;

namespace Baas.Observability.Tests;

/// <summary>
/// A meter with a name no other test uses and an exporter that listens to it alone, so tests running in parallel in
/// one process do not see each other's instruments.
/// </summary>
internal sealed class TestMeter : IDisposable
{
    public TestMeter(int maxSeries = 2000)
    {
        Meter = new Meter("Baas.Tests." + Guid.NewGuid().ToString("N"));
        Exporter = new PrometheusExporter(new PrometheusExporterOptions
        {
            MeterPrefixes = [Meter.Name],
            MaxSeriesPerInstrument = maxSeries,
            IncludeProcessMetrics = false,
        });
    }

    public Meter Meter { get; }

    public PrometheusExporter Exporter { get; }

    public string Scrape() => Exposition.Scrape(Exporter);

    public Dictionary<string, double> Samples() => Exposition.Samples(Scrape());

    public void Dispose()
    {
        Exporter.Dispose();
        Meter.Dispose();
    }
}
