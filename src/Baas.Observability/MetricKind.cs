namespace Baas.Observability;

/// <summary>The instrument kinds the exporter understands; instruments of one family share one kind.</summary>
internal enum MetricKind
{
    Counter,
    UpDownCounter,
    Gauge,
    Histogram,
    ObservableCounter,
    ObservableUpDownCounter,
    ObservableGauge,
}
