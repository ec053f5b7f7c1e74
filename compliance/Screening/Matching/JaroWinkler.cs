using System.Runtime.CompilerServices;

namespace Baas.Compliance.Screening.Matching;

/// <summary>
/// Jaro-Winkler similarity (Winkler's prefix boost, scale 0.1 over at most four characters, applied when the
/// Jaro score is above 0.7). Allocation-free; strings longer than 64 characters use stack flags instead of bit masks.
/// </summary>
public static class JaroWinkler
{
    private const double BoostThreshold = 0.7;
    private const double PrefixScale = 0.1;
    private const int MaxPrefix = 4;

    /// <summary>The Jaro-Winkler similarity of two strings, 0 (nothing in common) to 1 (equal).</summary>
    [SkipLocalsInit]
    public static double Similarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.SequenceEqual(b))
        {
            return a.IsEmpty ? 0 : 1;
        }

        if (a.IsEmpty || b.IsEmpty)
        {
            return 0;
        }

        if (a.Length > b.Length)
        {
            var t = a;
            a = b;
            b = t;
        }

        var jaro = Jaro(a, b);
        if (jaro <= BoostThreshold)
        {
            return jaro;
        }

        var prefix = 0;
        var limit = Math.Min(MaxPrefix, a.Length);
        while (prefix < limit && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * PrefixScale * (1 - jaro));
    }

    /// <summary>The Jaro similarity; <paramref name="a"/> is the shorter string.</summary>
    [SkipLocalsInit]
    private static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var window = Math.Max(0, (b.Length / 2) - 1);
        if (b.Length <= 64)
        {
            ulong matchedA = 0, matchedB = 0;
            var matches = 0;
            for (var i = 0; i < a.Length; i++)
            {
                var lo = Math.Max(0, i - window);
                var hi = Math.Min(b.Length - 1, i + window);
                var c = a[i];
                for (var j = lo; j <= hi; j++)
                {
                    if ((matchedB & (1UL << j)) == 0 && b[j] == c)
                    {
                        matchedA |= 1UL << i;
                        matchedB |= 1UL << j;
                        matches++;
                        break;
                    }
                }
            }

            if (matches == 0)
            {
                return 0;
            }

            var transpositions = 0;
            var k = 0;
            for (var i = 0; i < a.Length; i++)
            {
                if ((matchedA & (1UL << i)) == 0)
                {
                    continue;
                }

                while ((matchedB & (1UL << k)) == 0)
                {
                    k++;
                }

                if (a[i] != b[k])
                {
                    transpositions++;
                }

                k++;
            }

            return Combine(matches, transpositions, a.Length, b.Length);
        }

        return JaroLong(a, b, window);
    }

    [SkipLocalsInit]
    private static double JaroLong(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int window)
    {
        var total = a.Length + b.Length;
        var flags = total <= 512 ? stackalloc bool[total] : new bool[total];
        flags.Clear();
        var fa = flags[..a.Length];
        var fb = flags[a.Length..];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var lo = Math.Max(0, i - window);
            var hi = Math.Min(b.Length - 1, i + window);
            for (var j = lo; j <= hi; j++)
            {
                if (!fb[j] && b[j] == a[i])
                {
                    fa[i] = fb[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!fa[i])
            {
                continue;
            }

            while (!fb[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                transpositions++;
            }

            k++;
        }

        return Combine(matches, transpositions, a.Length, b.Length);
    }

    private static double Combine(int matches, int transpositions, int lengthA, int lengthB)
    {
        double m = matches;
        return ((m / lengthA) + (m / lengthB) + ((m - (transpositions / 2.0)) / m)) / 3.0;
    }
}
