using System.Runtime.CompilerServices;

namespace Baas.Observability;

/// <summary>
/// One tag set as a caller passed it, pointing at its <see cref="Series"/>. Two kinds of lookup compare the caller's
/// tags with these, neither allocating: by identity (the same value objects: cheap, the common case for literals and
/// cached strings) and by content (keys and string values ordinally, other values with <see cref="object.Equals(object?)"/>).
/// Several entries may point at one series (the same tags in another order, other instances, another type with the same text).
/// </summary>
internal sealed class SeriesEntry
{
    public readonly int Hash;
    public readonly string[] Keys;
    public readonly object?[] Values;
    public readonly Series Series;

    public SeriesEntry(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags, Series series)
    {
        Hash = hash;
        Keys = new string[tags.Length];
        Values = new object?[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            Keys[i] = tags[i].Key;
            Values[i] = tags[i].Value;
        }

        Series = series;
    }

    /// <summary>The same key strings (by content) and the same value objects (by reference), in any order.</summary>
    public bool MatchesIdentity(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var keys = Keys;
        var values = Values;
        if (tags.Length != keys.Length)
        {
            return false;
        }

        var i = 0;
        while (i < tags.Length && ReferenceEquals(values[i], tags[i].Value) && KeyEquals(keys[i], tags[i].Key))
        {
            i++;
        }

        if (i == tags.Length)
        {
            return true;
        }

        foreach (ref readonly var tag in tags)
        {
            var index = Array.IndexOf(keys, tag.Key);
            if (index < 0 || !ReferenceEquals(values[index], tag.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The same keys and values by content, in any order.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var keys = Keys;
        var values = Values;
        if (tags.Length != keys.Length)
        {
            return false;
        }

        // The common case: the same call site passes the tags in the same order every time.
        var i = 0;
        while (i < tags.Length && KeyEquals(keys[i], tags[i].Key) && ValueEquals(values[i], tags[i].Value))
        {
            i++;
        }

        if (i == tags.Length)
        {
            return true;
        }

        foreach (ref readonly var tag in tags)
        {
            var index = Array.IndexOf(keys, tag.Key);
            if (index < 0 || !ValueEquals(values[index], tag.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Hash of the value objects' identities, independent of tag order; pairs with <see cref="MatchesIdentity"/>.</summary>
    public static int IdentityHashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = (uint)tags.Length;
        foreach (ref readonly var tag in tags)
        {
            hash += Mix(RuntimeHelpers.GetHashCode(tag.Value));
        }

        return (int)hash;
    }

    /// <summary>Hash of the values' content, independent of tag order; pairs with <see cref="Matches"/>.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = (uint)tags.Length;
        foreach (ref readonly var tag in tags)
        {
            hash += Mix(tag.Value switch
            {
                null => 0,
                string s => s.GetHashCode(),
                var other => other.GetHashCode(),
            });
        }

        return (int)hash;
    }

    private static bool KeyEquals(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b);

    private static bool ValueEquals(object? a, object? b) =>
        ReferenceEquals(a, b) || (a is string sa ? b is string sb && string.Equals(sa, sb) : a is not null && a.Equals(b));

    // murmur3's finalizer: spreads a value hash before the order-independent sum.
    private static uint Mix(int value)
    {
        var h = (uint)value;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }
}
