namespace Baas.Observability.Tests;

/// <summary>The log-linear histogram stays within 1% of exact percentiles from nanoseconds to a minute, and merges.</summary>
public sealed class LatencyHistogramTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Percentiles_are_within_one_percent_of_exact(int seed)
    {
        var rng = new Random(seed);
        var values = new long[200_000];
        var histogram = new LatencyHistogram();
        for (var i = 0; i < values.Length; i++)
        {
            // Log-uniform from 100 ns to 60 s.
            values[i] = (long)Math.Exp(rng.NextDouble() * (Math.Log(60e9) - Math.Log(100)) + Math.Log(100));
            histogram.Record(values[i]);
        }

        Array.Sort(values);
        foreach (var p in new[] { 1.0, 10, 50, 90, 99, 99.9, 99.99 })
        {
            var exact = values[(int)Math.Ceiling(p / 100 * values.Length) - 1];
            var estimate = histogram.Percentile(p);
            Assert.InRange(Math.Abs(estimate - exact) / (double)exact, 0, 0.01);
        }

        Assert.Equal(values[^1], histogram.Max);
        Assert.Equal(values[0], histogram.Min);
        Assert.Equal(values.Length, histogram.Count);
        Assert.Equal(values[^1], histogram.Percentile(100));
    }

    [Fact]
    public void Small_values_are_exact_and_every_bucket_boundary_is_continuous()
    {
        var histogram = new LatencyHistogram();
        for (var v = 0; v < 256; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(127, histogram.Percentile(50));
        // Consecutive values land in the same or the next bucket: no gaps, never backwards.
        for (long v = 0; v < 1 << 22; v++)
        {
            var step = LatencyHistogram.IndexOf(v + 1) - LatencyHistogram.IndexOf(v);
            if (step is not (0 or 1))
            {
                Assert.Fail($"index jumps by {step} between {v} and {v + 1}");
            }
        }
    }

    [Fact]
    public void Merge_equals_recording_everything_in_one()
    {
        var rng = new Random(7);
        var parts = Enumerable.Range(0, 8).Select(_ => new LatencyHistogram()).ToArray();
        var all = new LatencyHistogram();
        for (var i = 0; i < 50_000; i++)
        {
            var v = rng.NextInt64(1_000, 50_000_000);
            parts[i % parts.Length].Record(v);
            all.Record(v);
        }

        var merged = new LatencyHistogram();
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        Assert.Equal(all.Count, merged.Count);
        Assert.Equal(all.Min, merged.Min);
        Assert.Equal(all.Max, merged.Max);
        foreach (var p in new[] { 50.0, 90, 99, 99.9 })
        {
            Assert.Equal(all.Percentile(p), merged.Percentile(p));
        }

        Assert.Equal(all.Buckets(), merged.Buckets());
    }

    [Fact]
    public void Recording_does_not_allocate()
    {
        var histogram = new LatencyHistogram();
        var i = 0L;

        Assert.Equal(0, Allocations.Steady(() => histogram.Record(i++ * 977L), iterations: 20_000));
    }
}
