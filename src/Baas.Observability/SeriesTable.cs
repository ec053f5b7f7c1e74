namespace Baas.Observability;

/// <summary>
/// An append-only open-addressing table of <see cref="SeriesEntry"/>: read without locks, written under the owning
/// family's lock. It grows by publishing a new array; a reader still on the old one just misses the newest entry and
/// takes the locked path, which finds it.
/// </summary>
internal sealed class SeriesTable(int maxEntries)
{
    private SeriesEntry?[] _slots = new SeriesEntry?[16];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool IsFull => Count >= maxEntries;

    public Series? FindByIdentity(ReadOnlySpan<KeyValuePair<string, object?>> tags, int hash)
    {
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        // At most half full, so every probe ends at an empty slot.
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var entry = Volatile.Read(ref slots[i]);
            if (entry is null)
            {
                return null;
            }

            if (entry.Hash == hash && entry.MatchesIdentity(tags))
            {
                return entry.Series;
            }
        }
    }

    public Series? FindByContent(ReadOnlySpan<KeyValuePair<string, object?>> tags, int hash)
    {
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var entry = Volatile.Read(ref slots[i]);
            if (entry is null)
            {
                return null;
            }

            if (entry.Hash == hash && entry.Matches(tags))
            {
                return entry.Series;
            }
        }
    }

    /// <summary>Adds the entry unless the table is full. Only under the owner's lock.</summary>
    public bool TryAdd(SeriesEntry entry)
    {
        if (_count >= maxEntries)
        {
            return false;
        }

        var slots = _slots;
        if ((_count + 1) * 2 > slots.Length)
        {
            var bigger = new SeriesEntry?[slots.Length * 2];
            foreach (var existing in slots)
            {
                if (existing is not null)
                {
                    Place(bigger, existing);
                }
            }

            Place(bigger, entry);
            Volatile.Write(ref _slots, bigger);
        }
        else
        {
            Place(slots, entry);
        }

        Volatile.Write(ref _count, _count + 1);
        return true;
    }

    private static void Place(SeriesEntry?[] slots, SeriesEntry entry)
    {
        var mask = slots.Length - 1;
        var i = entry.Hash & mask;
        while (slots[i] is not null)
        {
            i = (i + 1) & mask;
        }

        Volatile.Write(ref slots[i], entry);
    }
}
