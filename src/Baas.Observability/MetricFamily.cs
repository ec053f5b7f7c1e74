using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Baas.Observability;

/// <summary>
/// The series of one exported metric name, shared by every instrument that exports under it. Recording finds the
/// series in tables read without locks (first by the tag values' identity, then by their content); only a tag set
/// seen for the first time takes the lock and allocates.
/// </summary>
internal sealed class MetricFamily
{
    private const string OverflowLabels = "otel_metric_overflow=\"true\"";

    private readonly PrometheusExporter _exporter;
    private readonly object _lock = new();
    private readonly Dictionary<string, Series> _seriesByLabels = new(StringComparer.Ordinal);
    private readonly int _maxSeries;
    private readonly SeriesTable _byIdentity;
    private readonly SeriesTable _byContent;
    private readonly double[] _paddedBounds;
    private readonly byte[] _header;
    private readonly byte[] _sampleName;
    private readonly byte[] _bucketName = [];
    private readonly byte[] _sumName = [];
    private readonly byte[] _countName = [];
    private readonly byte[][] _leLabels = [];
    private Series? _untagged;
    private Series? _overflow;

    public MetricFamily(PrometheusExporter exporter, string name, MetricKind kind, string? description, double[] bounds, int maxSeries)
    {
        _exporter = exporter;
        Name = name;
        Kind = kind;
        Bounds = bounds;
        _maxSeries = maxSeries;
        // Each series has one entry in each table, plus aliases (other instances, other types with the same text).
        _byIdentity = new SeriesTable(maxSeries * 2);
        _byContent = new SeriesTable(maxSeries * 2);
        _paddedBounds = new double[(bounds.Length + Vector256<double>.Count - 1) / Vector256<double>.Count * Vector256<double>.Count];
        _paddedBounds.AsSpan().Fill(double.PositiveInfinity);
        bounds.CopyTo(_paddedBounds, 0);

        var type = kind switch
        {
            MetricKind.Counter or MetricKind.ObservableCounter => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        };
        var header = new StringBuilder();
        if (!string.IsNullOrEmpty(description))
        {
            header.Append("# HELP ").Append(name).Append(' ').Append(PrometheusText.EscapeHelp(description)).Append('\n');
        }

        header.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        _header = Encoding.UTF8.GetBytes(header.ToString());
        _sampleName = Encoding.UTF8.GetBytes(name);
        if (kind == MetricKind.Histogram)
        {
            _bucketName = Encoding.UTF8.GetBytes(name + "_bucket");
            _sumName = Encoding.UTF8.GetBytes(name + "_sum");
            _countName = Encoding.UTF8.GetBytes(name + "_count");
            _leLabels = new byte[bounds.Length + 1][];
            for (var i = 0; i < bounds.Length; i++)
            {
                _leLabels[i] = Encoding.UTF8.GetBytes("le=\"" + PrometheusText.FormatDouble(bounds[i]) + "\"");
            }

            _leLabels[bounds.Length] = "le=\"+Inf\""u8.ToArray();
        }
    }

    /// <summary>The exported name: what follows <c># TYPE</c>, and for counters the sample name with <c>_total</c>.</summary>
    public string Name { get; }

    public MetricKind Kind { get; }

    /// <summary>Histogram upper bounds, ascending, without +Inf; empty for other kinds.</summary>
    public double[] Bounds { get; }

    /// <summary>How many enabled instruments record into this family; guarded by the exporter's lock.</summary>
    public int InstrumentCount { get; set; }

    private bool IsObservable => Kind is MetricKind.ObservableCounter or MetricKind.ObservableUpDownCounter or MetricKind.ObservableGauge;

    public bool IsCompatible(MetricKind kind, double[] bounds) => kind == Kind && bounds.AsSpan().SequenceEqual(Bounds);

    /// <summary>The measurement callback: no allocation and no lock unless the tag set is new.</summary>
    public void Record<T>(T measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, INumberBase<T>
    {
        switch (Kind)
        {
            case MetricKind.Counter or MetricKind.UpDownCounter:
                if (IsInteger<T>())
                {
                    var delta = long.CreateTruncating(measurement);
                    // A counter only goes up; a negative delta would read as a reset to Prometheus.
                    if (delta < 0 && Kind == MetricKind.Counter)
                    {
                        return;
                    }

                    Interlocked.Add(ref GetSeries(tags).LongValue, delta);
                }
                else
                {
                    var delta = double.CreateTruncating(measurement);
                    if (!(delta >= 0) && Kind == MetricKind.Counter)
                    {
                        return;
                    }

                    Series.AddDouble(ref GetSeries(tags).DoubleValue, delta);
                }

                break;

            case MetricKind.Histogram:
                var value = double.CreateTruncating(measurement);
                if (double.IsNaN(value))
                {
                    return;
                }

                var series = GetSeries(tags);
                Interlocked.Increment(ref series.Buckets![BucketIndex(_paddedBounds, value)]);
                Series.AddDouble(ref series.Sum, value);
                break;

            default:
                // Gauges and every observable instrument report the current value (a cumulative one for counters).
                var last = GetSeries(tags);
                Volatile.Write(ref last.DoubleValue, double.CreateTruncating(measurement));
                Volatile.Write(ref last.Epoch, _exporter.CollectionEpoch);
                Volatile.Write(ref last.HasValue, 1);
                break;
        }
    }

    /// <summary>Writes the family's HELP, TYPE and samples; nothing when no series has a value to show.</summary>
    public void WriteTo(IBufferWriter<byte> writer, int epoch)
    {
        List<Series> series;
        lock (_lock)
        {
            series = [.. _seriesByLabels.Values];
        }

        series.Sort(static (a, b) => string.CompareOrdinal(a.LabelText, b.LabelText));
        var overflow = Volatile.Read(ref _overflow);
        if (overflow is not null)
        {
            series.Add(overflow);
        }

        if (Kind is not (MetricKind.Counter or MetricKind.UpDownCounter or MetricKind.Histogram))
        {
            var observable = IsObservable;
            series.RemoveAll(s => Volatile.Read(ref s.HasValue) == 0 || (observable && Volatile.Read(ref s.Epoch) != epoch));
        }

        if (series.Count == 0)
        {
            return;
        }

        PrometheusText.WriteAscii(writer, _header);
        var counts = Kind == MetricKind.Histogram ? new long[Bounds.Length + 1] : null;
        foreach (var s in series)
        {
            if (counts is null)
            {
                WriteValueSample(writer, s);
            }
            else
            {
                WriteHistogramSamples(writer, s, counts);
            }
        }
    }

    private static bool IsInteger<T>() =>
        typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(short) || typeof(T) == typeof(byte);

    /// <summary>
    /// The first bucket whose upper bound is at least <paramref name="value"/> (the last one is +Inf): the number of
    /// bounds below the value, counted without branches, so that latencies all over the range cost no mispredictions.
    /// </summary>
    private static int BucketIndex(double[] paddedBounds, double value)
    {
        var count = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var broadcast = Vector256.Create(value);
            ref var start = ref MemoryMarshal.GetArrayDataReference(paddedBounds);
            for (nuint i = 0; i < (nuint)paddedBounds.Length; i += (nuint)Vector256<double>.Count)
            {
                var below = Vector256.LessThan(Vector256.LoadUnsafe(ref start, i), broadcast);
                count += BitOperations.PopCount(below.ExtractMostSignificantBits());
            }

            return count;
        }

        foreach (var bound in paddedBounds)
        {
            count += bound < value ? 1 : 0;
        }

        return count;
    }

    private void WriteValueSample(IBufferWriter<byte> writer, Series series)
    {
        WriteNameAndLabels(writer, _sampleName, series.Labels, []);
        if (Kind is MetricKind.Counter or MetricKind.UpDownCounter)
        {
            var integer = Volatile.Read(ref series.LongValue);
            var floating = Volatile.Read(ref series.DoubleValue);
            if (floating == 0)
            {
                PrometheusText.WriteLong(writer, integer);
            }
            else
            {
                PrometheusText.WriteDouble(writer, integer + floating);
            }
        }
        else
        {
            PrometheusText.WriteDouble(writer, Volatile.Read(ref series.DoubleValue));
        }

        PrometheusText.WriteAscii(writer, "\n"u8);
    }

    private void WriteHistogramSamples(IBufferWriter<byte> writer, Series series, long[] counts)
    {
        // Read the buckets once and derive the count from them, so that _count equals the +Inf bucket.
        var buckets = series.Buckets!;
        long cumulative = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += Volatile.Read(ref buckets[i]);
            counts[i] = cumulative;
        }

        for (var i = 0; i < counts.Length; i++)
        {
            WriteNameAndLabels(writer, _bucketName, series.Labels, _leLabels[i]);
            PrometheusText.WriteLong(writer, counts[i]);
            PrometheusText.WriteAscii(writer, "\n"u8);
        }

        WriteNameAndLabels(writer, _sumName, series.Labels, []);
        PrometheusText.WriteDouble(writer, Volatile.Read(ref series.Sum));
        PrometheusText.WriteAscii(writer, "\n"u8);
        WriteNameAndLabels(writer, _countName, series.Labels, []);
        PrometheusText.WriteLong(writer, cumulative);
        PrometheusText.WriteAscii(writer, "\n"u8);
    }

    private static void WriteNameAndLabels(IBufferWriter<byte> writer, byte[] name, byte[] labels, ReadOnlySpan<byte> extra)
    {
        PrometheusText.WriteAscii(writer, name);
        if (labels.Length > 0 || extra.Length > 0)
        {
            PrometheusText.WriteAscii(writer, "{"u8);
            PrometheusText.WriteAscii(writer, labels);
            if (labels.Length > 0 && extra.Length > 0)
            {
                PrometheusText.WriteAscii(writer, ","u8);
            }

            PrometheusText.WriteAscii(writer, extra);
            PrometheusText.WriteAscii(writer, "}"u8);
        }

        PrometheusText.WriteAscii(writer, " "u8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Series GetSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Volatile.Read(ref _untagged) ?? AddUntagged();
        }

        var identityHash = SeriesEntry.IdentityHashOf(tags);
        return _byIdentity.FindByIdentity(tags, identityHash) ?? FindByContent(tags, identityHash);
    }

    /// <summary>Tags not seen as these very objects: compare content (no lock, no allocation), or add a series.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Series FindByContent(ReadOnlySpan<KeyValuePair<string, object?>> tags, int identityHash)
    {
        var hash = SeriesEntry.HashOf(tags);
        var series = _byContent.FindByContent(tags, hash);
        if (series is not null)
        {
            // Other instances of known values. Remember them by identity too, so that next time is cheap; values
            // made anew on every call (boxed numbers, formatted strings) soon use up this room and stay on this path.
            if (_byIdentity.Count < _maxSeries)
            {
                lock (_lock)
                {
                    if (_byIdentity.Count < _maxSeries && _byIdentity.FindByIdentity(tags, identityHash) is null)
                    {
                        _byIdentity.TryAdd(new SeriesEntry(identityHash, tags, series));
                    }
                }
            }

            return series;
        }

        // Once the table is full, new tag sets go to the overflow series without taking the lock.
        if (_byContent.IsFull)
        {
            return Volatile.Read(ref _overflow) ?? AddOverflow();
        }

        lock (_lock)
        {
            series = _byContent.FindByContent(tags, hash);
            if (series is null)
            {
                if (_byContent.IsFull)
                {
                    return AddOverflow();
                }

                series = GetOrCreateSeries(RenderLabels(tags));
                _byContent.TryAdd(new SeriesEntry(hash, tags, series));
            }

            if (_byIdentity.FindByIdentity(tags, identityHash) is null)
            {
                _byIdentity.TryAdd(new SeriesEntry(identityHash, tags, series));
            }

            return series;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Series AddUntagged()
    {
        lock (_lock)
        {
            if (_untagged is null)
            {
                var series = GetOrCreateSeries("");
                Volatile.Write(ref _untagged, series);
            }

            return _untagged;
        }
    }

    private Series AddOverflow()
    {
        lock (_lock)
        {
            _overflow ??= new Series(OverflowLabels, Buckets());
            return _overflow;
        }
    }

    /// <summary>The series with these labels; the overflow series once there are as many as allowed. Under the lock.</summary>
    private Series GetOrCreateSeries(string labels)
    {
        if (_seriesByLabels.TryGetValue(labels, out var series))
        {
            return series;
        }

        if (_seriesByLabels.Count >= _maxSeries)
        {
            return AddOverflow();
        }

        series = new Series(labels, Buckets());
        _seriesByLabels.Add(labels, series);
        return series;
    }

    private int Buckets() => Kind == MetricKind.Histogram ? Bounds.Length + 1 : 0;

    /// <summary>Sanitized names, escaped values, sorted by name; a repeated name keeps its first value.</summary>
    private string RenderLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<(string Name, string Value)>(tags.Length);
        foreach (var tag in tags)
        {
            var name = PrometheusText.SanitizeLabelName(tag.Key);
            if (Kind == MetricKind.Histogram && name == "le")
            {
                // "le" belongs to the buckets.
                name = "_le";
            }

            if (!labels.Exists(l => l.Name == name))
            {
                labels.Add((name, PrometheusText.EscapeLabelValue(PrometheusText.FormatTagValue(tag.Value))));
            }
        }

        labels.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var text = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(name).Append("=\"").Append(value).Append('"');
        }

        return text.ToString();
    }
}
