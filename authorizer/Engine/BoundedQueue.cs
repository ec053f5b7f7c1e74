using System.Runtime.InteropServices;

namespace Baas.Authorizer.Engine;

/// <summary>
/// A bounded multi-producer, multi-consumer queue over a fixed array (Dmitry Vyukov's design): no locks and
/// no allocation per item. A full queue refuses rather than grows.
/// </summary>
internal sealed class BoundedQueue<T>
    where T : class
{
    private readonly Cell[] _cells;
    private readonly int _mask;
    private PaddedLong _enqueuePos;
    private PaddedLong _dequeuePos;

    public BoundedQueue(int capacity)
    {
        var size = 1;
        while (size < capacity)
        {
            size <<= 1;
        }

        _cells = new Cell[size];
        for (var i = 0; i < size; i++)
        {
            _cells[i].Sequence = i;
        }

        _mask = size - 1;
    }

    public int Capacity => _cells.Length;

    /// <summary>Approximate number of items waiting.</summary>
    public long Count => Math.Max(0, Volatile.Read(ref _enqueuePos.Value) - Volatile.Read(ref _dequeuePos.Value));

    public bool TryEnqueue(T item)
    {
        var pos = Volatile.Read(ref _enqueuePos.Value);
        while (true)
        {
            ref var cell = ref _cells[pos & _mask];
            var seq = Volatile.Read(ref cell.Sequence);
            var diff = seq - pos;
            if (diff == 0)
            {
                if (Interlocked.CompareExchange(ref _enqueuePos.Value, pos + 1, pos) == pos)
                {
                    cell.Item = item;
                    Volatile.Write(ref cell.Sequence, pos + 1);
                    return true;
                }
            }
            else if (diff < 0)
            {
                return false;
            }

            pos = Volatile.Read(ref _enqueuePos.Value);
        }
    }

    public bool TryDequeue(out T item)
    {
        var pos = Volatile.Read(ref _dequeuePos.Value);
        while (true)
        {
            ref var cell = ref _cells[pos & _mask];
            var seq = Volatile.Read(ref cell.Sequence);
            var diff = seq - (pos + 1);
            if (diff == 0)
            {
                if (Interlocked.CompareExchange(ref _dequeuePos.Value, pos + 1, pos) == pos)
                {
                    item = cell.Item!;
                    cell.Item = null;
                    Volatile.Write(ref cell.Sequence, pos + _mask + 1);
                    return true;
                }
            }
            else if (diff < 0)
            {
                item = null!;
                return false;
            }

            pos = Volatile.Read(ref _dequeuePos.Value);
        }
    }

    private struct Cell
    {
        public long Sequence;
        public T? Item;
    }
}

/// <summary>A counter on its own cache line, so producers and the consumer do not share one.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)]
    public long Value;
}
