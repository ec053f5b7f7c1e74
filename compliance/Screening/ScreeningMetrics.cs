using System.Diagnostics.Metrics;

namespace Baas.Compliance.Screening;

/// <summary>
/// Instruments of sanctions screening (meter <c>Baas.Compliance</c>): screenings by outcome, their duration,
/// list loads by outcome, and the entries of the list in use.
/// </summary>
public sealed class ScreeningMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Baas.Compliance";

    /// <summary>Latency buckets in seconds (fine enough to see 50 µs and 250 ms).</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets =
    [
        0.00005, 0.0001, 0.0002, 0.0003, 0.0005, 0.00075, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01,
        0.02, 0.05, 0.1, 0.25, 0.5, 1,
    ];

    private static readonly KeyValuePair<string, object?> Hit = new("outcome", "hit");
    private static readonly KeyValuePair<string, object?> Clear = new("outcome", "clear");
    private static readonly KeyValuePair<string, object?> Loaded = new("outcome", "ok");
    private static readonly KeyValuePair<string, object?> Failed = new("outcome", "failed");

    private readonly Meter _meter;
    private readonly Counter<long> _screenings;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _loads;
    private readonly SanctionsListProvider _provider;

    /// <summary>Creates the instruments and counts the provider's loads.</summary>
    public ScreeningMetrics(IMeterFactory meterFactory, SanctionsListProvider provider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
        _meter = meterFactory.Create(MeterName);
        _screenings = _meter.CreateCounter<long>("baas_screenings_total", description: "Sanctions screenings by outcome (hit or clear).");
        _duration = _meter.CreateHistogram(
            "baas_screening_duration_seconds", "s", "Time to screen one party against the list in use.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _loads = _meter.CreateCounter<long>("baas_sanctions_list_loads_total", description: "Loads of the sanctions lists by outcome.");
        _meter.CreateObservableGauge("baas_sanctions_list_entries", ObserveEntries, description: "Entries of each list in use.");
        provider.Changed += OnChanged;
        provider.LoadFailed += OnLoadFailed;
    }

    /// <summary>Records one screening.</summary>
    public void Screened(bool hit, double seconds)
    {
        _screenings.Add(1, hit ? Hit : Clear);
        _duration.Record(seconds);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _provider.Changed -= OnChanged;
        _provider.LoadFailed -= OnLoadFailed;
        _meter.Dispose();
    }

    private void OnChanged(object? sender, SanctionsListChangedEventArgs e) => _loads.Add(1, Loaded);

    private void OnLoadFailed(object? sender, Exception e) => _loads.Add(1, Failed);

    private IEnumerable<Measurement<long>> ObserveEntries()
    {
        if (!_provider.IsLoaded)
        {
            return [];
        }

        return _provider.Current.Sources.Select(s => new Measurement<long>(s.Entries, new KeyValuePair<string, object?>("list", s.List)));
    }
}
