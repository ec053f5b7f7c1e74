using System.Globalization;
using System.Text;

namespace Baas.Compliance.Screening.Matching;

/// <summary>
/// Name normalisation for screening, applied identically to list names and screened names: case and diacritics
/// folded (Unicode canonical decompositions, plus ß, æ, ø, ł, đ, ...), apostrophes removed (<c>KA'BI</c> is
/// <c>kabi</c>), any other punctuation separates tokens, dotted initials joined (<c>S.A.</c> is <c>sa</c>),
/// <c>LAST, First</c> turned round, honorifics and titles dropped, Arabic particles written apart dropped,
/// <c>Abdel</c>/<c>Abdul</c>-prefixed names split (<c>Abdelaziz</c> is <c>abdul aziz</c>), and common
/// transliteration variants mapped to one spelling (<see cref="NameVariants"/>).
/// </summary>
public static class NameNormalizer
{
    private static readonly string[] AbdPrefixes = ["abdoul", "abdul", "abdel", "abdal", "abdol", "abdur", "abdus"];
    private static readonly string[] AbdExceptions = ["abdulla", "abdalla", "abdella", "abdolla", "abdoulla", "abdulah", "abdoulah"];

    /// <summary>Normalises a name into comparable tokens.</summary>
    public static NormalizedName Normalize(string name, NameOrder order = NameOrder.Auto)
    {
        ArgumentNullException.ThrowIfNull(name);
        var raw = RawTokens(Reorder(name, order));
        var tokens = new List<string>(raw.Count + 2);
        var originals = new List<string>(raw.Count + 2);
        foreach (var token in raw)
        {
            if (SplitAbd(token, out var prefix, out var rest))
            {
                tokens.Add(prefix);
                originals.Add(prefix);
                tokens.Add(rest);
                originals.Add(rest);
            }
            else
            {
                tokens.Add(token);
                originals.Add(token);
            }
        }

        var keptTokens = new List<string>(tokens.Count);
        var keptOriginals = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (NameVariants.Honorifics.Contains(t) || (NameVariants.Particles.Contains(t) && tokens.Count > 1))
            {
                continue;
            }

            keptTokens.Add(NameVariants.CanonicalOf(t));
            keptOriginals.Add(originals[i]);
        }

        if (keptTokens.Count == 0)
        {
            // A name made only of titles or particles ("Al", "Dr"): keep what was written.
            foreach (var t in tokens)
            {
                keptTokens.Add(NameVariants.CanonicalOf(t));
            }

            keptOriginals.AddRange(tokens);
        }

        return new NormalizedName([.. keptTokens], [.. keptOriginals]);
    }

    /// <summary>Lower case with diacritics folded; punctuation and spaces kept.</summary>
    public static string FoldText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        Span<char> buffer = stackalloc char[2];
        foreach (var c in text)
        {
            var n = FoldChar(c, buffer);
            sb.Append(buffer[..n]);
        }

        return sb.ToString();
    }

    /// <summary>
    /// An identifier as compared: letters and digits only, diacritics folded, upper case (<c>OB 0243318</c> and
    /// <c>ob-0243318</c> are both <c>OB0243318</c>).
    /// </summary>
    public static string NormalizeIdentifier(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length);
        Span<char> buffer = stackalloc char[2];
        foreach (var c in value)
        {
            var n = FoldChar(c, buffer);
            for (var i = 0; i < n; i++)
            {
                if (char.IsLetterOrDigit(buffer[i]))
                {
                    sb.Append(char.ToUpperInvariant(buffer[i]));
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Folds one character: ASCII lower-cased, a precomposed letter to its base letter, a few letters without a
    /// decomposition to their usual Latin spelling, combining marks to nothing. Writes 0-2 chars.
    /// </summary>
    internal static int FoldChar(char c, Span<char> destination)
    {
        if (c < 128)
        {
            destination[0] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            return 1;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format)
        {
            return 0;
        }

        var folded = DiacriticFolding.Fold(c);
        if (folded == '\0')
        {
            folded = char.ToLowerInvariant(c);
        }

        switch (folded)
        {
            case 'ß':
                destination[0] = 's';
                destination[1] = 's';
                return 2;
            case 'æ':
                destination[0] = 'a';
                destination[1] = 'e';
                return 2;
            case 'œ':
                destination[0] = 'o';
                destination[1] = 'e';
                return 2;
            case 'þ':
                destination[0] = 't';
                destination[1] = 'h';
                return 2;
            case 'ĳ':
                destination[0] = 'i';
                destination[1] = 'j';
                return 2;
            case 'ø':
                destination[0] = 'o';
                return 1;
            case 'đ' or 'ð':
                destination[0] = 'd';
                return 1;
            case 'ł' or 'ŀ':
                destination[0] = 'l';
                return 1;
            case 'ı':
                destination[0] = 'i';
                return 1;
            case 'ħ':
                destination[0] = 'h';
                return 1;
            case 'ŧ':
                destination[0] = 't';
                return 1;
            case 'ſ':
                destination[0] = 's';
                return 1;
            case 'ʒ':
                destination[0] = 'z';
                return 1;
            default:
                destination[0] = folded;
                return 1;
        }
    }

    private static bool IsApostrophe(char c) =>
        c is '\'' or '`' or '\u00B4' or '\u2018' or '\u2019' or '\u02BB' or '\u02BC' or '\u02BE' or '\u02BF' or '\u2032';

    /// <summary><c>LAST, First Middle</c> to <c>First Middle LAST</c>, per <paramref name="order"/>.</summary>
    private static string Reorder(string name, NameOrder order)
    {
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (order == NameOrder.AsWritten || comma <= 0)
        {
            return name;
        }

        var head = name[..comma];
        var tail = name[(comma + 1)..];
        if (string.IsNullOrWhiteSpace(head) || string.IsNullOrWhiteSpace(tail))
        {
            return name;
        }

        if (order == NameOrder.Auto)
        {
            if (tail.Contains(',', StringComparison.Ordinal))
            {
                return name;
            }

            var tailTokens = RawTokens(tail);
            if (tailTokens.TrueForAll(t => NameVariants.LegalForms.Contains(t) || NameVariants.Honorifics.Contains(t)))
            {
                return name;
            }
        }

        return tail + " " + head;
    }

    /// <summary>Folded tokens: letters and digits; apostrophes vanish, other characters separate; <c>S.A.</c> joins to <c>sa</c>.</summary>
    private static List<string> RawTokens(string text)
    {
        var tokens = new List<string>(8);
        var current = new StringBuilder(16);
        Span<char> buffer = stackalloc char[2];
        var lastIsInitials = false;
        var separator = 0;
        var separatorIsDot = false;
        var pendingSeparator = 0;
        var pendingSeparatorIsDot = false;

        void Finish()
        {
            if (current.Length == 0)
            {
                return;
            }

            var token = current.ToString();
            current.Clear();
            if (token.Length == 1 && lastIsInitials && pendingSeparator == 1 && pendingSeparatorIsDot && char.IsLetter(token[0]))
            {
                tokens[^1] += token;
                return;
            }

            tokens.Add(token);
            lastIsInitials = token.Length == 1 && char.IsLetter(token[0]);
        }

        foreach (var c in text)
        {
            if (IsApostrophe(c))
            {
                continue;
            }

            var n = FoldChar(c, buffer);
            for (var i = 0; i < n; i++)
            {
                var f = buffer[i];
                if (char.IsLetterOrDigit(f))
                {
                    if (current.Length == 0)
                    {
                        pendingSeparator = separator;
                        pendingSeparatorIsDot = separatorIsDot;
                    }

                    current.Append(f);
                    separator = 0;
                    separatorIsDot = false;
                }
                else
                {
                    Finish();
                    separator++;
                    separatorIsDot = separator == 1 && f == '.';
                }
            }
        }

        Finish();
        return tokens;
    }

    private static bool SplitAbd(string token, out string prefix, out string rest)
    {
        prefix = rest = "";
        if (token.Length < 8 || token[0] != 'a' || !token.StartsWith("abd", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var exception in AbdExceptions)
        {
            if (token.StartsWith(exception, StringComparison.Ordinal))
            {
                return false;
            }
        }

        foreach (var p in AbdPrefixes)
        {
            if (token.StartsWith(p, StringComparison.Ordinal) && token.Length - p.Length >= 3)
            {
                prefix = p;
                rest = token[p.Length..];
                return true;
            }
        }

        return false;
    }
}
