using System.Text;

namespace Baas.Observability;

/// <summary>
/// The aggregate of one label set. Writers update it with <see cref="Interlocked"/> only; a scrape reads the fields
/// with <see cref="Volatile"/> and may see a measurement half applied (a bucket counted, its sum not yet added).
/// </summary>
internal sealed class Series
{
    public readonly string LabelText;
    public readonly byte[] Labels;
    public readonly long[]? Buckets;

    // Sums: integer measurements add to LongValue, floating ones to DoubleValue. Last values: DoubleValue.
    public long LongValue;
    public double DoubleValue;
    public double Sum;
    public int Epoch;
    public int HasValue;

    public Series(string labelText, int bucketCount)
    {
        LabelText = labelText;
        Labels = Encoding.UTF8.GetBytes(labelText);
        Buckets = bucketCount > 0 ? new long[bucketCount] : null;
    }

    public static void AddDouble(ref double location, double value)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + value, current);
            // Compare bits, not values: NaN never equals itself and would spin forever.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}
