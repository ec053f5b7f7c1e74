using System.Buffers;
using System.Collections.ObjectModel;
using System.Diagnostics.Metrics;
using System.Numerics;

namespace Baas.Observability;

/// <summary>
/// Listens to the instruments of our meters, aggregates their measurements in memory and writes them in the
/// Prometheus text exposition format 0.0.4 when scraped. Recording is lock-free and allocation-free for tag sets
/// seen before; observable instruments are read at scrape time.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The content type of <see cref="WriteTo"/>'s output.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Histogram bounds for latencies in seconds, 50 µs to 10 s; the default for histograms without advice. Pass it as
    /// <see cref="InstrumentAdvice{T}.HistogramBucketBoundaries"/> to make the choice explicit.
    /// </summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } = new ReadOnlyCollection<double>(
    [
        0.00005, 0.0001, 0.0002, 0.0003, 0.0005, 0.00075,
        0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.02, 0.05,
        0.1, 0.15, 0.2, 0.25, 0.5,
        1, 2.5, 5, 10,
    ]);

    private static readonly double[] DefaultBounds = [.. LatencyBuckets];

    private readonly MeterListener _listener;
    private readonly string[] _prefixes;
    private readonly bool _includeProcessMetrics;
    private readonly int _maxSeries;
    private readonly object? _scope;
    private readonly object _familiesLock = new();
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly object _scrapeLock = new();
    private int _epoch;
    private bool _disposed;

    /// <summary>Starts listening at once; instruments created earlier are picked up too.</summary>
    /// <param name="options">Prefixes and limits; the defaults when null.</param>
    /// <param name="meterFactory">
    /// When given, meters created by another <see cref="IMeterFactory"/> (another DI container in this process) are
    /// ignored; meters created with <c>new Meter(...)</c> are still exported.
    /// </param>
    public PrometheusExporter(PrometheusExporterOptions? options = null, IMeterFactory? meterFactory = null)
    {
        options ??= new PrometheusExporterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSeriesPerInstrument, 1, nameof(options));
        _prefixes = [.. options.MeterPrefixes];
        _includeProcessMetrics = options.IncludeProcessMetrics;
        _maxSeries = options.MaxSeriesPerInstrument;
        _scope = meterFactory;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<byte>(OnMeasurement);
        _listener.SetMeasurementEventCallback<short>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<float>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<decimal>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Incremented by every scrape; observable values from an earlier scrape are not shown again.</summary>
    internal int CollectionEpoch => Volatile.Read(ref _epoch);

    /// <summary>Reads the observable instruments and writes every metric family, sorted by name.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_scrapeLock)
        {
            var epoch = Interlocked.Increment(ref _epoch);
            _listener.RecordObservableInstruments();
            MetricFamily[] families;
            lock (_familiesLock)
            {
                families = [.. _families.Values];
            }

            Array.Sort(families, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var family in families)
            {
                family.WriteTo(writer, epoch);
            }
        }
    }

    /// <summary>Writes a scrape to <paramref name="stream"/>; the text is built in memory first.</summary>
    public async Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        WriteTo(buffer);
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>Stops listening; later measurements are dropped.</summary>
    public void Dispose()
    {
        lock (_familiesLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _listener.Dispose();
    }

    // No state: the instrument's meter is being disposed (another host in this process stopping) while a scrape
    // reads observable instruments; the runtime clears the subscription's state first. That reading is dropped.
    private static void OnMeasurement<T>(Instrument instrument, T measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct, INumberBase<T>
    {
        if (state is MetricFamily family)
        {
            family.Record(measurement, tags);
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!Accepts(instrument.Meter) || !TryGetKind(instrument, out var kind))
        {
            return;
        }

        var bounds = kind == MetricKind.Histogram ? HistogramBounds(instrument) : [];
        var name = PrometheusText.SanitizeMetricName(instrument.Name);
        if (kind is MetricKind.Counter or MetricKind.ObservableCounter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        MetricFamily family;
        lock (_familiesLock)
        {
            if (_disposed)
            {
                return;
            }

            if (_families.TryGetValue(name, out var existing))
            {
                // Two instruments may share a name (one meter name created twice); they must agree on what it is.
                if (!existing.IsCompatible(kind, bounds))
                {
                    return;
                }

                family = existing;
            }
            else
            {
                family = new MetricFamily(this, name, kind, instrument.Description, bounds, _maxSeries);
                _families.Add(name, family);
            }

            family.InstrumentCount++;
        }

        listener.EnableMeasurementEvents(instrument, family);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not MetricFamily family)
        {
            return;
        }

        // The instrument's meter was disposed: its metric goes away with the last instrument that fed it.
        lock (_familiesLock)
        {
            if (--family.InstrumentCount == 0 && _families.TryGetValue(family.Name, out var current) && current == family)
            {
                _families.Remove(family.Name);
            }
        }
    }

    private bool Accepts(Meter meter)
    {
        if (_scope is not null && meter.Scope is not null && !ReferenceEquals(meter.Scope, _scope))
        {
            return false;
        }

        if (_includeProcessMetrics && meter.Name == ProcessMetrics.MeterName)
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (meter.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryGetKind(Instrument instrument, out MetricKind kind)
    {
        kind = default;
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return false;
        }

        var valueType = type.GetGenericArguments()[0];
        if (valueType != typeof(byte) && valueType != typeof(short) && valueType != typeof(int) && valueType != typeof(long)
            && valueType != typeof(float) && valueType != typeof(double) && valueType != typeof(decimal))
        {
            return false;
        }

        var definition = type.GetGenericTypeDefinition();
        MetricKind? found =
            definition == typeof(Counter<>) ? MetricKind.Counter
            : definition == typeof(UpDownCounter<>) ? MetricKind.UpDownCounter
            : definition == typeof(Gauge<>) ? MetricKind.Gauge
            : definition == typeof(Histogram<>) ? MetricKind.Histogram
            : definition == typeof(ObservableCounter<>) ? MetricKind.ObservableCounter
            : definition == typeof(ObservableUpDownCounter<>) ? MetricKind.ObservableUpDownCounter
            : definition == typeof(ObservableGauge<>) ? MetricKind.ObservableGauge
            : null;
        kind = found.GetValueOrDefault();
        return found.HasValue;
    }

    /// <summary>The advice's bounds (sorted, finite, distinct) when the instrument has any, else <see cref="LatencyBuckets"/>.</summary>
    private static double[] HistogramBounds(Instrument instrument)
    {
        var advised = instrument switch
        {
            Histogram<double> h => ToDoubles(h.Advice?.HistogramBucketBoundaries),
            Histogram<float> h => ToDoubles(h.Advice?.HistogramBucketBoundaries),
            Histogram<long> h => ToDoubles(h.Advice?.HistogramBucketBoundaries),
            Histogram<int> h => ToDoubles(h.Advice?.HistogramBucketBoundaries),
            Histogram<short> h => ToDoubles(h.Advice?.HistogramBucketBoundaries),
            Histogram<byte> h => ToDoubles(h.Advice?.HistogramBucketBoundaries),
            Histogram<decimal> h => ToDoubles(h.Advice?.HistogramBucketBoundaries),
            _ => null,
        };
        return advised is { Length: > 0 } ? advised : DefaultBounds;
    }

    private static double[]? ToDoubles<T>(IReadOnlyList<T>? bounds)
        where T : INumberBase<T> =>
        bounds?.Select(double.CreateTruncating).Where(double.IsFinite).Distinct().Order().ToArray();
}
