namespace Baas.Testing;

/// <summary>Allocation gates that fail on a real per-call allocation but not on the runtime's own one-offs.</summary>
internal static class Allocations
{
    /// <summary>
    /// Bytes this thread allocates running <paramref name="round"/> <paramref name="iterations"/> times once warm:
    /// the least over a few trials. Code that allocates per call allocates in every trial; the runtime's one-off
    /// allocations while tiering up methods (seen in CI as a lone ~8 KB) land in one trial only.
    /// </summary>
    public static long Steady(Action round, int iterations = 1_000, int trials = 5)
    {
        for (var i = 0; i < iterations; i++)
        {
            round();
        }

        var least = long.MaxValue;
        for (var trial = 0; trial < trials && least > 0; trial++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < iterations; i++)
            {
                round();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
