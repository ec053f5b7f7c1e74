using System.Text;
using Baas.Compliance.Screening.Lists;
using Baas.Compliance.Screening.Matching;

namespace Baas.Compliance.Tests.Quality;

/// <summary>One labelled query: a name and the entry it should hit (null for a true non-match).</summary>
internal sealed record LabelledQuery(string Name, string? TargetId, string Kind);

/// <summary>
/// A labelled test set built deterministically (seeded) from a list. True matches are derived from real
/// entries (individuals and entities): the name written naturally, surname first without a comma, with one or
/// two typos, a middle name dropped, a transliteration variant (one romanisation rule, for entries tied to a
/// country whose names are romanised from another script), a strong alias, diacritics added, punctuation
/// changed. True non-matches are common first and last name combinations and common company names, minus any
/// whose tokens all appear in one list name (those should alert and are not "non-matches").
/// </summary>
internal static class LabelledSet
{
    public const int Seed = 20210701;

    public static readonly string[] Kinds =
        ["natural", "surname-first", "typo", "two-typos", "dropped-token", "transliteration", "alias", "diacritics", "punctuation"];

    private static readonly string[] FirstNames =
    [
        "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles",
        "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
        "Jose", "Juan", "Luis", "Carlos", "Jorge", "Pedro", "Miguel", "Ana", "Maria", "Carmen",
        "Rosa", "Francisco", "Antonio", "Manuel", "Mohammed", "Ahmed", "Ali", "Omar", "Hassan", "Fatima",
        "Aisha", "Khalid", "Youssef", "Ibrahim", "Mustafa", "Reza", "Hossein", "Mehdi", "Zahra", "Wei",
        "Jun", "Ming", "Xin", "Hui", "Min-jun", "Seo-yeon", "Ji-woo", "Hiroshi", "Yuki", "Raj",
        "Priya", "Amit", "Sanjay", "Anita", "Ivan", "Dmitry", "Olga", "Natalia", "Sergei", "Andrei",
        "Elena", "Pierre", "Marie", "Jean", "Hans", "Anna", "Giuseppe", "Marco", "Lucia", "Kwame",
        "Chinedu", "Ngozi", "Emeka", "Oksana", "Bogdan", "Fernando", "Sofia", "Lars", "Ingrid", "Tariq",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
        "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez", "Ramirez", "Torres",
        "Khan", "Ahmed", "Hussain", "Rahman", "Abdullah", "Haddad", "Nasser", "Saleh", "Mansour", "Karimi",
        "Hosseini", "Ahmadi", "Rezaei", "Mohammadi", "Wang", "Li", "Zhang", "Liu", "Chen", "Yang",
        "Huang", "Zhao", "Kim", "Lee", "Park", "Choi", "Nguyen", "Tran", "Sato", "Suzuki",
        "Tanaka", "Patel", "Sharma", "Singh", "Gupta", "Kumar", "Ivanov", "Smirnov", "Kuznetsov", "Popov",
        "Petrov", "Sokolov", "Muller", "Schmidt", "Schneider", "Rossi", "Russo", "Bianchi", "Dubois", "Martin",
        "Bernard", "Okafor", "Mensah", "Silva", "Santos", "Oliveira", "Pereira", "Costa", "Novak", "Horvat",
        "Jensen", "Nielsen", "Johansson", "Kowalski", "Nowak", "Yilmaz", "Kaya", "Demir", "Cohen", "Levy",
    ];

    private static readonly string[] CompanyFirst =
    [
        "Global", "Sunrise", "Pacific", "Atlantic", "Golden", "Green", "Blue", "Royal", "United", "National",
        "First", "Eastern", "Western", "Northern", "Silver", "Star", "Alpha", "Delta", "Summit", "Horizon",
        "Evergreen", "Liberty", "Pioneer", "Crescent", "Phoenix", "Orient", "Meridian", "Apex", "Harbor", "Sterling",
    ];

    private static readonly string[] CompanySecond =
    [
        "Trading", "Logistics", "Shipping", "Holdings", "Investments", "Foods", "Textiles", "Technologies", "Consulting", "Construction",
        "Energy", "Petroleum", "Pharmaceuticals", "Electronics", "Motors", "Marine", "Industries", "Services", "Exports", "Capital",
        "Software", "Agriculture", "Minerals", "Steel", "Chemicals", "Aviation", "Travel", "Media", "Telecom", "Insurance",
    ];

    private static readonly string[] CompanyForms = ["LLC", "Ltd", "Inc", "GmbH", "S.A.", "Co.", "Limited", "Corporation"];

    private static readonly (char Plain, char Accented)[] Accents =
        [('a', 'á'), ('e', 'é'), ('i', 'í'), ('o', 'ó'), ('u', 'ü'), ('n', 'ñ'), ('c', 'ç'), ('s', 'ş'), ('o', 'ö'), ('a', 'ä'), ('e', 'è'), ('z', 'ž')];

    // Where the Latin spelling of a name is a romanisation, and from which script.
    private static readonly Dictionary<string, Script> ScriptOfCountry = new[]
    {
        (Script.Arabic, "AE AF BH DZ EG IQ IR JO KW LB LY MA MR OM PK PS QA SA SD SO SY TN YE"),
        (Script.Cyrillic, "RU UA BY KZ KG TJ BG RS MK MN"),
        (Script.EastAsian, "CN HK MO TW KP KR JP"),
        (Script.Other, "IL GE AM IN BD LK MM TH LA KH ER ET"),
    }.SelectMany(s => s.Item2.Split(' ').Select(c => (Code: c, Script: s.Item1))).ToDictionary(x => x.Code, x => x.Script, StringComparer.Ordinal);

    // Spellings that differ between romanisation conventions of each script (English, French, German; pinyin and
    // Wade-Giles; Korean McCune-Reischauer and Revised), written from a general knowledge of them and not taken
    // from the matcher. Initial: the rule applies at a word's first letter too; MinLength: only in words this long
    // (a vowel in a three-letter syllable such as Kim or Nam is not spelt differently).
    private static readonly Dictionary<Script, Rule[]> Rules = new()
    {
        [Script.Arabic] =
        [
            new("ou", "u", true), new("u", "ou", true), new("oo", "u"), new("u", "oo"), new("ee", "i"), new("i", "ee"),
            new("ei", "ai"), new("ai", "ei"), new("ay", "ai"), new("ai", "ay"), new("ey", "ei"),
            new("e", "a", MinLength: 4), new("a", "e", MinLength: 4), new("o", "u", true, 4), new("u", "o", true, 4),
            new("i", "e", true, 4), new("e", "i", MinLength: 4), new("aa", "a"), new("iy", "i"),
            new("kh", "h", true), new("kh", "ch", true), new("q", "k", true), new("q", "g", true), new("dh", "d", true),
            new("dh", "z", true), new("th", "t", true), new("th", "s"), new("j", "dj", true), new("sh", "ch", true),
            new("gh", "g", true), new("w", "ou", true),
        ],
        [Script.Cyrillic] =
        [
            new("iy", "i"), new("ii", "iy"), new("yy", "y"), new("ya", "ia", true), new("ia", "ya"), new("yu", "iu", true),
            new("ye", "e", true), new("e", "ye", true, 4), new("ey", "ei"), new("ei", "ey"), new("ay", "ai"), new("ai", "ay"),
            new("kh", "h", true), new("kh", "ch", true), new("zh", "j", true), new("sh", "ch", true), new("sh", "sch", true),
            new("ch", "tch", true), new("shch", "sch", true), new("ts", "tz", true), new("tz", "ts", true), new("ks", "x"),
            new("x", "ks"), new("v", "w", true), new("w", "v", true),
        ],
        [Script.EastAsian] =
        [
            new("x", "hs", true), new("zh", "ch", true), new("q", "ch", true), new("z", "ts", true), new("ong", "ung"),
            new("ui", "uei"), new("ie", "ieh"), new("eo", "o"), new("o", "eo", MinLength: 4), new("u", "oo"), new("oo", "u"),
            new("k", "g", true), new("g", "k", true), new("ch", "j", true), new("j", "ch", true), new("t", "d", true),
            new("d", "t", true), new("p", "b", true), new("b", "p", true), new("r", "l", true), new("l", "r", true),
            new("ou", "o"), new("oo", "o"),
        ],
        [Script.Other] =
        [
            new("ee", "i"), new("i", "ee"), new("oo", "u"), new("u", "oo"), new("aa", "a"), new("kh", "k", true),
            new("ph", "f", true), new("th", "t", true), new("v", "w", true), new("w", "v", true),
        ],
    };

    public static (List<LabelledQuery> Positives, List<LabelledQuery> Negatives) Build(SanctionsList list, int positives = 2000, int negatives = 2000)
    {
        var random = new Random(Seed);
        var eligible = list.Entries.Where(e => e.Type is EntryType.Individual or EntryType.Entity).ToList();
        var positiveSet = new List<LabelledQuery>(positives);
        // Each variant is drawn from the entries it applies to, so every kind gets its share.
        var pools = Kinds.ToDictionary(k => k, k => eligible.Where(e => Applies(e, k)).ToList());
        for (var k = 0; k < positives; k++)
        {
            var kind = Kinds[k % Kinds.Length];
            var pool = pools[kind];
            positiveSet.Add(Variant(pool[random.Next(pool.Count)], kind, random));
        }

        var contained = new ContainmentCheck(list);
        var negativeSet = new List<LabelledQuery>(negatives);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var companies = negatives / 5;
        var guard = 0;
        while (negativeSet.Count < negatives - companies && guard++ < 100_000)
        {
            var name = $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}";
            if (seen.Add(name) && !contained.IsContained(name))
            {
                negativeSet.Add(new LabelledQuery(name, null, "common-person"));
            }
        }

        guard = 0;
        while (negativeSet.Count < negatives && guard++ < 100_000)
        {
            var name = $"{CompanyFirst[random.Next(CompanyFirst.Length)]} {CompanySecond[random.Next(CompanySecond.Length)]} {CompanyForms[random.Next(CompanyForms.Length)]}";
            if (seen.Add(name) && !contained.IsContained(name))
            {
                negativeSet.Add(new LabelledQuery(name, null, "common-company"));
            }
        }

        return (positiveSet, negativeSet);
    }

    /// <summary>How many candidate non-matches were left out because a list name contains all their tokens.</summary>
    public static int ExcludedNegatives(SanctionsList list)
    {
        var contained = new ContainmentCheck(list);
        var excluded = 0;
        foreach (var first in FirstNames)
        {
            foreach (var last in LastNames)
            {
                if (contained.IsContained($"{first} {last}"))
                {
                    excluded++;
                }
            }
        }

        return excluded;
    }

    private static bool Applies(SanctionsEntry entry, string kind) => kind switch
    {
        "surname-first" => entry.Type == EntryType.Individual && entry.PrimaryName.Text.Contains(',', StringComparison.Ordinal),
        "dropped-token" => Natural(entry.PrimaryName.Text, entry.Type).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3,
        "transliteration" => Transliterate(entry, [.. Natural(entry.PrimaryName.Text, entry.Type).Split(' ', StringSplitOptions.RemoveEmptyEntries)], new Random(0)) is not null,
        "alias" => entry.Names.Any(n => n.Kind is NameKind.Aka or NameKind.Fka or NameKind.Nka),
        _ => true,
    };

    private static LabelledQuery Variant(SanctionsEntry entry, string kind, Random random)
    {
        var natural = Natural(entry.PrimaryName.Text, entry.Type);
        var words = natural.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        string name;
        var actual = kind;
        switch (kind)
        {
            case "natural":
                name = natural;
                break;
            case "surname-first":
                if (entry.Type == EntryType.Individual && entry.PrimaryName.Text.Contains(',', StringComparison.Ordinal))
                {
                    var comma = entry.PrimaryName.Text.IndexOf(',', StringComparison.Ordinal);
                    name = Title(entry.PrimaryName.Text[..comma]) + " " + Title(entry.PrimaryName.Text[(comma + 1)..]);
                }
                else
                {
                    // An entity's words reversed is not a real-world variant; fall back to a typo.
                    name = Typo(words, random, 1);
                    actual = "typo";
                }

                break;
            case "typo":
                name = Typo(words, random, 1);
                break;
            case "two-typos":
                name = Typo(words, random, 2);
                break;
            case "dropped-token":
                if (words.Count >= 3)
                {
                    words.RemoveAt(1 + random.Next(words.Count - 2));
                    name = string.Join(' ', words);
                }
                else
                {
                    name = Typo(words, random, 1);
                    actual = "typo";
                }

                break;
            case "transliteration":
                if (Transliterate(entry, words, random) is { } transliterated)
                {
                    name = transliterated;
                }
                else
                {
                    name = Typo(words, random, 1);
                    actual = "typo";
                }

                break;
            case "alias":
                var aliases = entry.Names.Where(n => n.Kind is NameKind.Aka or NameKind.Fka or NameKind.Nka).ToList();
                if (aliases.Count > 0)
                {
                    name = Natural(aliases[random.Next(aliases.Count)].Text, entry.Type);
                }
                else
                {
                    name = Typo(words, random, 1);
                    actual = "typo";
                }

                break;
            case "diacritics":
                name = Diacritics(natural, random);
                break;
            case "punctuation":
                name = natural.Replace('-', ' ').Replace("'", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).ToUpperInvariant();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        return new LabelledQuery(name, entry.Id, actual);
    }

    /// <summary><c>LAST, First Middle</c> written <c>First Middle Last</c> in title case; entities as written.</summary>
    private static string Natural(string listName, EntryType type)
    {
        var comma = listName.IndexOf(',', StringComparison.Ordinal);
        if (type == EntryType.Individual && comma > 0)
        {
            return Title(listName[(comma + 1)..].Replace(", Jr.", "", StringComparison.Ordinal)) + " " + Title(listName[..comma]);
        }

        return listName.Trim();
    }

    private static string Title(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', parts.Select(p => p.Length <= 1 ? p.ToUpperInvariant() : char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()));
    }

    /// <summary>One or two edits (substitution, deletion, insertion, transposition) in letters of words of four letters or more.</summary>
    private static string Typo(List<string> words, Random random, int edits)
    {
        var result = words.ToList();
        for (var e = 0; e < edits; e++)
        {
            var candidates = Enumerable.Range(0, result.Count).Where(i => result[i].Count(char.IsLetter) >= 4).ToList();
            if (candidates.Count == 0)
            {
                break;
            }

            var w = candidates[random.Next(candidates.Count)];
            var chars = result[w].ToList();
            var letters = Enumerable.Range(0, chars.Count).Where(i => char.IsLetter(chars[i])).ToList();
            var at = letters[random.Next(letters.Count)];
            var upper = char.IsUpper(chars[at]);
            var replacement = (char)('a' + random.Next(26));
            if (upper)
            {
                replacement = char.ToUpperInvariant(replacement);
            }

            switch (random.Next(4))
            {
                case 0:
                    chars[at] = replacement == chars[at] ? (char)(chars[at] == 'z' || chars[at] == 'Z' ? chars[at] - 1 : chars[at] + 1) : replacement;
                    break;
                case 1:
                    chars.RemoveAt(at);
                    break;
                case 2:
                    chars.Insert(at, replacement);
                    break;
                default:
                    if (at + 1 < chars.Count && chars[at + 1] != chars[at])
                    {
                        (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                    }
                    else
                    {
                        chars.RemoveAt(at);
                    }

                    break;
            }

            result[w] = new string([.. chars]);
        }

        return string.Join(' ', result);
    }

    /// <summary>
    /// One romanisation rule of the entry's script applied once to one word (<c>Yusuf</c> to <c>Yousuf</c>,
    /// <c>Qadhafi</c> to <c>Kadhafi</c>, <c>Hasan</c> to <c>Hassan</c>); null when no rule applies. The rules are
    /// independent of the matcher's own variant table (<see cref="NameVariants"/>), so this kind measures the
    /// matcher rather than repeating its table back to it. Legal forms and titles are left as written.
    /// </summary>
    private static string? Transliterate(SanctionsEntry entry, List<string> words, Random random)
    {
        var rules = entry.CountryCodes
            .Select(c => ScriptOfCountry.TryGetValue(c, out var script) ? script : (Script?)null)
            .OfType<Script>()
            .Distinct()
            .OrderBy(s => s)
            .SelectMany(s => Rules[s])
            .ToList();
        if (rules.Count == 0)
        {
            return null;
        }

        var options = new List<(int Word, int At, string From, string To)>();
        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w];
            var lower = word.ToLowerInvariant();
            if (word.Length < 3 || !word.All(char.IsAsciiLetter) || NameVariants.LegalForms.Contains(lower) || NameVariants.Honorifics.Contains(lower))
            {
                continue;
            }

            foreach (var rule in rules)
            {
                if (lower.Length < rule.MinLength)
                {
                    continue;
                }

                for (var at = lower.IndexOf(rule.From, StringComparison.Ordinal); at >= 0; at = lower.IndexOf(rule.From, at + 1, StringComparison.Ordinal))
                {
                    if (at > 0 || rule.Initial)
                    {
                        options.Add((w, at, rule.From, rule.To));
                    }
                }
            }

            // In every script: a consonant between vowels written double (Hasan/Hassan), a double one single (Nasrallah/Nasralah).
            for (var at = 1; at + 1 < lower.Length; at++)
            {
                if (IsVowel(lower[at - 1]) && !IsVowel(lower[at]) && IsVowel(lower[at + 1]) && lower[at] is not ('h' or 'w' or 'y' or 'x'))
                {
                    options.Add((w, at, lower[at].ToString(), new string(lower[at], 2)));
                }

                if (lower[at] == lower[at + 1] && !IsVowel(lower[at]))
                {
                    options.Add((w, at, new string(lower[at], 2), lower[at].ToString()));
                }
            }
        }

        if (options.Count == 0)
        {
            return null;
        }

        var (index, position, source, target) = options[random.Next(options.Count)];
        var original = words[index];
        var lowerOriginal = original.ToLowerInvariant();
        var changed = string.Concat(lowerOriginal.AsSpan(0, position), target, lowerOriginal.AsSpan(position + source.Length));
        var result = words.ToList();
        result[index] = !original.Any(char.IsLower)
            ? changed.ToUpperInvariant()
            : char.IsUpper(original[0]) ? char.ToUpperInvariant(changed[0]) + changed[1..] : changed;
        return string.Join(' ', result);
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static string Diacritics(string name, Random random)
    {
        var chars = name.ToCharArray();
        var changes = 1 + random.Next(3);
        for (var c = 0; c < changes; c++)
        {
            var (plain, accented) = Accents[random.Next(Accents.Length)];
            var positions = Enumerable.Range(0, chars.Length).Where(i => char.ToLowerInvariant(chars[i]) == plain).ToList();
            if (positions.Count == 0)
            {
                continue;
            }

            var at = positions[random.Next(positions.Count)];
            chars[at] = char.IsUpper(chars[at]) ? char.ToUpperInvariant(accented) : accented;
        }

        var sb = new StringBuilder(chars.Length);
        sb.Append(chars);
        return sb.ToString();
    }

    private enum Script
    {
        Arabic,
        Cyrillic,
        EastAsian,
        Other,
    }

    /// <summary>One spelling difference: <paramref name="From"/> written <paramref name="To"/>.</summary>
    private sealed record Rule(string From, string To, bool Initial = false, int MinLength = 0);

    /// <summary>Whether every token of a name appears in one list name (such a name should alert).</summary>
    private sealed class ContainmentCheck
    {
        private readonly Dictionary<string, HashSet<int>> _names = new(StringComparer.Ordinal);

        public ContainmentCheck(SanctionsList list)
        {
            var id = 0;
            foreach (var entry in list.Entries)
            {
                foreach (var name in entry.Names)
                {
                    var order = entry.Type == EntryType.Individual ? NameOrder.LastNameFirst : NameOrder.AsWritten;
                    foreach (var token in NameNormalizer.Normalize(name.Text, order).Tokens)
                    {
                        if (!_names.TryGetValue(token, out var set))
                        {
                            _names[token] = set = [];
                        }

                        set.Add(id);
                    }

                    id++;
                }
            }
        }

        public bool IsContained(string name)
        {
            HashSet<int>? common = null;
            foreach (var token in NameNormalizer.Normalize(name).Tokens)
            {
                if (!_names.TryGetValue(token, out var set))
                {
                    return false;
                }

                common = common is null ? [.. set] : [.. common.Intersect(set)];
                if (common.Count == 0)
                {
                    return false;
                }
            }

            return common is { Count: > 0 };
        }
    }
}
