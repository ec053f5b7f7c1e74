using System.Collections.Frozen;

namespace Baas.Compliance.Screening.Matching;

/// <summary>
/// The small tables behind name normalisation: transliteration variants of common names mapped to one spelling,
/// honorifics and titles that are dropped, Arabic particles, and legal-form words (which decide whether a comma
/// in a screened name is <c>LAST, First</c> or part of a company name).
/// </summary>
public static class NameVariants
{
    // canonical: variants. Deliberately small: spellings that are common on the lists and in payments, where a
    // Jaro-Winkler score alone would be too low (Yusuf/Yousef 0.79) or the first letter differs (Qadhafi/Gaddafi).
    private static readonly string[] Table =
    [
        "muhammad: mohammed mohammad mohamed mohamad muhammed muhamad muhamed mohamud mohammod mouhamed mohd md mahomed mahammad mohammadi muhammet mukhammad",
        "ahmad: ahmed ahmet achmed akhmed ahmat",
        "abdul: abdel abdal abdol abdoul abdool abd abdu abdur abdus",
        "abdullah: abdallah abdulla abdalla abdellah abdollah abdulah abdoulah",
        "yusuf: yousef yousuf yusef youssef yousif yusif yossef yussuf jusuf youcef yousaf yusof",
        "qadhafi: gaddafi qaddafi kadhafi gadhafi kadafi qathafi gadafi qadafi kaddafi gheddafi khadafi qadhdhafi kadhdhafi",
        "husayn: hussein husain hussain husein hosein hossein houssein hussien husseyn",
        "hasan: hassan hasen",
        "usama: osama ousama oussama usamah",
        "umar: omar omer oumar",
        "uthman: othman osman usman othmane",
        "ali: aly",
        "ibrahim: ebrahim ibraheem brahim",
        "khalid: khaled chalid",
        "mahmud: mahmoud mahmood makhmud",
        "mustafa: mostafa moustafa mustapha mostapha",
        "said: saeed saied saiid saeid sayeed",
        "nasir: nasser naser nassir nacer",
        "yasir: yasser yaser yassir",
        "karim: kareem kerim",
        "rahman: rehman rahmon",
        "rahim: raheem rehim",
        "hamid: hameed",
        "majid: majeed",
        "rashid: rasheed rachid rashed",
        "faisal: faysal faycal feisal",
        "jamal: jamaal gamal",
        "nur: noor nour",
        "din: deen dine eddin eddine uddin addin aldin",
        "abu: abou abo",
        "bin: ibn ben",
        "aleksandr: alexander alexandr aleksander aleksandar",
        "sergey: sergei serguei sergiy serhiy",
        "yuriy: yuri yury iouri yuriy",
        "dmitriy: dmitri dmitry dmitrii",
        "andrey: andrei andriy",
        "aleksey: alexei aleksei alexey oleksiy",
        "nikolay: nikolai mykola",
        "yevgeniy: evgeny yevgeny evgeniy evgueni evgenii",
        "mikhail: michail",
        "grigoriy: grigory grigori",
        "vitaliy: vitaly vitali",
        "anatoliy: anatoly anatoli",
        "valeriy: valery valeri",
        "gennadiy: gennady gennadi",
        "viktor: victor",
    ];

    /// <summary>Dropped wherever they appear (unless nothing else is left): forms of address, religious and academic titles, generational suffixes.</summary>
    public static readonly FrozenSet<string> Honorifics = FrozenSet.ToFrozenSet(
    [
        "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "sir", "dame", "lord",
        "sheikh", "shaikh", "shaykh", "sheik", "cheikh", "sheykh", "shaykhah",
        "hajji", "haji", "hajj", "haj", "hadji", "alhaji", "alhajj", "alhaj",
        "mullah", "mulla", "maulana", "mawlana", "maulvi", "mawlawi", "molvi", "moulvi", "qari", "ayatollah", "hojatoleslam",
        "gen", "col", "maj", "capt", "lt", "sgt", "brig", "adm",
        "jr", "sr", "ii", "iii", "iv", "esq", "phd",
    ], StringComparer.Ordinal);

    /// <summary>Arabic definite-article and linking particles dropped when written apart (<c>AL-SHANTI</c>, <c>Abd al-Rahman</c>).</summary>
    public static readonly FrozenSet<string> Particles = FrozenSet.ToFrozenSet(["al", "el", "ad", "ud", "ul"], StringComparer.Ordinal);

    /// <summary>Words that make a trailing comma part mean "company form", not "first name": <c>ACME, LTD.</c>.</summary>
    public static readonly FrozenSet<string> LegalForms = FrozenSet.ToFrozenSet(
    [
        "ltd", "limited", "inc", "incorporated", "llc", "llp", "lp", "co", "corp", "corporation", "company", "plc", "sa", "sas", "sarl",
        "srl", "spa", "gmbh", "ag", "kg", "bv", "nv", "ab", "as", "oy", "pjsc", "ojsc", "cjsc", "jsc", "ooo", "oao", "zao", "pao",
        "de", "cv", "rl", "sl", "ltda", "cia", "y", "the", "and", "fze", "fzco", "fzc", "pte", "pty", "bhd", "sdn",
    ], StringComparer.Ordinal);

    /// <summary>Variant spelling to canonical spelling (<c>mohamed</c> to <c>muhammad</c>); canonical spellings map to themselves.</summary>
    public static readonly FrozenDictionary<string, string> Canonical = BuildCanonical();

    /// <summary>Canonical spelling to all its spellings (the canonical one first).</summary>
    public static readonly FrozenDictionary<string, string[]> Spellings = BuildSpellings();

    /// <summary>The canonical spelling of a folded, lower-case token, or the token itself.</summary>
    public static string CanonicalOf(string token) => Canonical.TryGetValue(token, out var canonical) ? canonical : token;

    /// <summary>All spellings that share <paramref name="canonical"/> (used by the labelled test set).</summary>
    public static IReadOnlyList<string> VariantsOf(string canonical)
    {
        foreach (var row in Table)
        {
            var colon = row.IndexOf(':', StringComparison.Ordinal);
            if (row.AsSpan(0, colon).SequenceEqual(canonical))
            {
                return [canonical, .. row[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
            }
        }

        return [canonical];
    }

    private static FrozenDictionary<string, string[]> BuildSpellings()
    {
        var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var row in Table)
        {
            var colon = row.IndexOf(':', StringComparison.Ordinal);
            map[row[..colon]] = [row[..colon], .. row[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, string> BuildCanonical()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in Table)
        {
            var colon = row.IndexOf(':', StringComparison.Ordinal);
            var canonical = row[..colon];
            map[canonical] = canonical;
            foreach (var variant in row[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                map[variant] = canonical;
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
