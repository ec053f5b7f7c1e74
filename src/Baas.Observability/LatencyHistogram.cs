using System.Numerics;

namespace Baas.Observability;

/// <summary>
/// A log-linear histogram of durations in nanoseconds (the HdrHistogram idea): exact below 256 ns, then 256
/// buckets per power of two, so any recorded value is reported within 0.4% (the bucket's midpoint) up to
/// 60 seconds and beyond. Recording is O(1) and does not allocate; one writer per instance (one per connection),
/// merged for the report.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 8;
    private const int SubCount = 1 << SubBits;

    /// <summary>The largest value tracked exactly to 0.4%: about 2^44 ns (4.9 hours); larger values clamp.</summary>
    public const long MaxValue = (1L << 44) - 1;

    private readonly long[] _counts = new long[IndexOf(MaxValue) + 1];

    /// <summary>Recorded values.</summary>
    public long Count { get; private set; }

    /// <summary>The smallest recorded value (0 when empty).</summary>
    public long Min { get; private set; } = long.MaxValue;

    /// <summary>The largest recorded value.</summary>
    public long Max { get; private set; }

    /// <summary>The sum of recorded values (for the mean).</summary>
    public double Sum { get; private set; }

    /// <summary>Records one duration in nanoseconds (negative counts as 0; above <see cref="MaxValue"/> clamps).</summary>
    public void Record(long nanoseconds)
    {
        var v = Math.Clamp(nanoseconds, 0, MaxValue);
        _counts[IndexOf(v)]++;
        Count++;
        Sum += v;
        if (v < Min)
        {
            Min = v;
        }

        if (v > Max)
        {
            Max = v;
        }
    }

    /// <summary>Adds another histogram's counts into this one.</summary>
    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Sum += other.Sum;
        if (other.Count > 0)
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }
    }

    /// <summary>Forgets everything.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        Sum = 0;
        Min = long.MaxValue;
        Max = 0;
    }

    /// <summary>The value at a percentile (0-100), in nanoseconds; the maximum for 100; 0 when empty.</summary>
    public long Percentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        if (percentile >= 100)
        {
            return Max;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Clamp(Midpoint(i), Min, Max);
            }
        }

        return Max;
    }

    /// <summary>The mean in nanoseconds.</summary>
    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>Non-empty buckets as (upper bound in nanoseconds, count), ascending, for plots.</summary>
    public IEnumerable<(long UpperBound, long Count)> Buckets()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                var (low, width) = Range(i);
                yield return (low + width - 1, _counts[i]);
            }
        }
    }

    internal static int IndexOf(long value)
    {
        if (value < SubCount)
        {
            return (int)value;
        }

        var shift = (63 - BitOperations.LeadingZeroCount((ulong)value)) - (SubBits - 1);
        return (shift * (SubCount / 2)) + (int)(value >> shift);
    }

    private static (long Low, long Width) Range(int index)
    {
        if (index < SubCount)
        {
            return (index, 1);
        }

        var shift = (index - (SubCount / 2)) / (SubCount / 2);
        var sub = index - (shift * (SubCount / 2));
        return ((long)sub << shift, 1L << shift);
    }

    private static long Midpoint(int index)
    {
        var (low, width) = Range(index);
        return low + (width / 2);
    }
}
