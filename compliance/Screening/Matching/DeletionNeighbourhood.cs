using System.Runtime.CompilerServices;

namespace Baas.Compliance.Screening.Matching;

/// <summary>
/// Symmetric-deletion index over the list's distinct tokens (the SymSpell idea): every token is stored under the
/// hashes of itself and of each string made by deleting one character, and for tokens of five characters or
/// more two characters. Two tokens within two edits (one for short tokens) share at least one such string, so
/// looking up the deletions of a screened token finds every list token within that distance, wherever the
/// typo is — first letter included — without comparing against the whole dictionary.
/// </summary>
internal sealed class DeletionNeighbourhood
{
    private const int MaxIndexedLength = 32;

    private readonly ulong[] _keys;
    private readonly int[] _ids;

    /// <summary>Indexes each spelling under the id of the token it stands for (a token may have several spellings).</summary>
    public DeletionNeighbourhood(IReadOnlyList<(string Spelling, int Id)> spellings)
    {
        var pairs = new List<(ulong Key, int Id)>(spellings.Count * 32);
        Span<ulong> buffer = stackalloc ulong[MaxVariants(MaxIndexedLength)];
        foreach (var (token, id) in spellings)
        {
            if (!Indexable(token))
            {
                continue;
            }

            var n = Variants(token, buffer);
            for (var k = 0; k < n; k++)
            {
                pairs.Add((buffer[k], id));
            }
        }

        pairs.Sort();
        var keys = new List<ulong>(pairs.Count);
        var ids = new List<int>(pairs.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0 && pairs[i] == pairs[i - 1])
            {
                continue;
            }

            keys.Add(pairs[i].Key);
            ids.Add(pairs[i].Id);
        }

        _keys = [.. keys];
        _ids = [.. ids];
    }

    /// <summary>Stored (hash, token) pairs.</summary>
    public int Count => _keys.Length;

    /// <summary>Adds to <paramref name="candidates"/> every list token sharing a deletion string with <paramref name="token"/> (a superset of those within the edit distance).</summary>
    [SkipLocalsInit]
    public void Candidates(string token, HashSet<int> candidates)
    {
        if (!Indexable(token))
        {
            return;
        }

        Span<ulong> buffer = stackalloc ulong[MaxVariants(MaxIndexedLength)];
        var n = Variants(token, buffer);
        for (var k = 0; k < n; k++)
        {
            var at = Array.BinarySearch(_keys, buffer[k]);
            if (at < 0)
            {
                continue;
            }

            while (at > 0 && _keys[at - 1] == buffer[k])
            {
                at--;
            }

            for (; at < _keys.Length && _keys[at] == buffer[k]; at++)
            {
                candidates.Add(_ids[at]);
            }
        }
    }

    private static bool Indexable(string token) => token.Length is >= 2 and <= MaxIndexedLength;

    private static int Deletions(int length) => length <= 4 ? 1 : 2;

    private static int MaxVariants(int length) => 1 + length + (length * (length - 1) / 2);

    /// <summary>Hashes of the token and of its one- and (for longer tokens) two-character deletions; duplicates are harmless.</summary>
    private static int Variants(string token, Span<ulong> into)
    {
        var n = 0;
        into[n++] = Hash(token, -1, -1);
        for (var i = 0; i < token.Length; i++)
        {
            into[n++] = Hash(token, i, -1);
        }

        if (Deletions(token.Length) == 2)
        {
            for (var i = 0; i < token.Length; i++)
            {
                for (var j = i + 1; j < token.Length; j++)
                {
                    into[n++] = Hash(token, i, j);
                }
            }
        }

        return n;
    }

    /// <summary>FNV-1a (64-bit) of the token without the characters at <paramref name="skip1"/> and <paramref name="skip2"/>.</summary>
    private static ulong Hash(string token, int skip1, int skip2)
    {
        var hash = 14695981039346656037UL;
        for (var i = 0; i < token.Length; i++)
        {
            if (i == skip1 || i == skip2)
            {
                continue;
            }

            hash = (hash ^ token[i]) * 1099511628211UL;
        }

        return hash;
    }
}
