using Baas.Observability;

namespace Baas.SwitchSim.Run;

/// <summary>Per-second throughput and latency (for the report's timeline and p99-over-time plot).</summary>
internal sealed class Timeline
{
    private const int MaxSeconds = 3600;
    private readonly long[] _sent = new long[MaxSeconds];
    private readonly long[] _received = new long[MaxSeconds];
    private readonly LatencyHistogram?[] _latency = new LatencyHistogram?[MaxSeconds];

    public void Sent(double second)
    {
        var s = Slot(second);
        Interlocked.Increment(ref _sent[s]);
    }

    public void Received(double second, double latencyMicros)
    {
        var s = Slot(second);
        Interlocked.Increment(ref _received[s]);
        var histogram = _latency[s] ??= new LatencyHistogram();
        lock (histogram)
        {
            histogram.Record((long)(latencyMicros * 1000));
        }
    }

    public double RecentP99Micros(double elapsedSeconds)
    {
        var s = Slot(elapsedSeconds) - 1;
        if (s < 0 || _latency[s] is not { } histogram)
        {
            return 0;
        }

        lock (histogram)
        {
            return histogram.Percentile(99) / 1000.0;
        }
    }

    public IReadOnlyList<TimelinePoint> Points()
    {
        var last = MaxSeconds - 1;
        while (last > 0 && _sent[last] == 0 && _received[last] == 0)
        {
            last--;
        }

        var points = new List<TimelinePoint>();
        for (var s = 0; s <= last; s++)
        {
            double p99 = 0;
            if (_latency[s] is { } h)
            {
                lock (h)
                {
                    p99 = h.Percentile(99) / 1000.0;
                }
            }

            points.Add(new TimelinePoint(s, _sent[s], _received[s], Math.Round(p99, 1)));
        }

        return points;
    }

    private static int Slot(double second) => Math.Clamp((int)second, 0, MaxSeconds - 1);
}
