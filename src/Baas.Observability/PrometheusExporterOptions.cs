namespace Baas.Observability;

/// <summary>What <see cref="PrometheusExporter"/> listens to and how many series it keeps.</summary>
public sealed class PrometheusExporterOptions
{
    /// <summary>Meters whose names start with one of these (ordinal) are exported. Default: <c>Baas.</c>.</summary>
    public IReadOnlyList<string> MeterPrefixes { get; set; } = ["Baas."];

    /// <summary>
    /// Distinct label sets kept per metric; measurements with further label sets are added to one series labelled
    /// <c>otel_metric_overflow="true"</c>. Default: 2,000.
    /// </summary>
    public int MaxSeriesPerInstrument { get; set; } = 2000;

    /// <summary>
    /// Also export the meter named <see cref="ProcessMetrics.MeterName"/>, whatever the prefixes; with
    /// <c>AddPrometheusExporter</c> this also creates the <see cref="ProcessMetrics"/>. Default: true.
    /// </summary>
    public bool IncludeProcessMetrics { get; set; } = true;
}
