using System.Buffers;

namespace Baas.Testing;

/// <summary>Builds multi-segment sequences so parsers and readers meet data split at every possible place.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts) => Split(data, emptyBetween: false, cuts);

    /// <summary>One segment per byte, optionally with an empty segment between each (a shape pipes can produce).</summary>
    public static ReadOnlySequence<byte> OnePerByte(byte[] data, bool emptyBetween) =>
        Split(data, emptyBetween, [.. Enumerable.Range(1, Math.Max(0, data.Length - 1))]);

    public static ReadOnlySequence<byte> Split(byte[] data, bool emptyBetween, params int[] cuts)
    {
        var points = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().ToList();
        if (points.Count == 0)
        {
            return new ReadOnlySequence<byte>(data);
        }

        Segment? first = null;
        Segment? last = null;
        var start = 0;
        foreach (var end in points.Append(data.Length))
        {
            if (first is null)
            {
                first = last = new Segment(data.AsMemory(start, end - start), 0);
            }
            else
            {
                if (emptyBetween)
                {
                    last = last!.Append(ReadOnlyMemory<byte>.Empty);
                }

                last = last!.Append(data.AsMemory(start, end - start));
            }

            start = end;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
