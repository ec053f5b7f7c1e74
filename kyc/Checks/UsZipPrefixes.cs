using System.Collections.Frozen;

namespace Baas.Kyc.Checks;

/// <summary>USPS state codes and the 3-digit ZIP prefixes each one uses.</summary>
/// <remarks>
/// Ranges are inclusive and follow the USPS 3-digit ZIP prefix assignments. A few prefixes serve two codes (969 is
/// Guam, the Northern Mariana Islands, Palau, Micronesia and the Marshall Islands; 967 is Hawaii and American Samoa).
/// Small enclaves that cross a state line (Fishers Island, NY, in 063) are listed where they are known.
/// </remarks>
internal static class UsZipPrefixes
{
    private static readonly FrozenDictionary<string, (int Low, int High)[]> Ranges =
        new Dictionary<string, (int Low, int High)[]>(StringComparer.Ordinal)
        {
            ["AL"] = [(350, 369)],
            ["AK"] = [(995, 999)],
            ["AZ"] = [(850, 865)],
            ["AR"] = [(716, 729)],
            ["CA"] = [(900, 961)],
            ["CO"] = [(800, 816)],
            ["CT"] = [(60, 69)],
            ["DE"] = [(197, 199)],
            ["DC"] = [(200, 200), (202, 205), (569, 569)],
            ["FL"] = [(320, 339), (341, 349)],
            ["GA"] = [(300, 319), (398, 399)],
            ["HI"] = [(967, 968)],
            ["ID"] = [(832, 838)],
            ["IL"] = [(600, 629)],
            ["IN"] = [(460, 479)],
            ["IA"] = [(500, 528)],
            ["KS"] = [(660, 679)],
            ["KY"] = [(400, 427)],
            ["LA"] = [(700, 714)],
            ["ME"] = [(39, 49)],
            ["MD"] = [(206, 219)],
            ["MA"] = [(10, 27), (55, 55)],
            ["MI"] = [(480, 499)],
            ["MN"] = [(550, 567)],
            ["MS"] = [(386, 397)],
            ["MO"] = [(630, 658)],
            ["MT"] = [(590, 599)],
            ["NE"] = [(680, 693)],
            ["NV"] = [(889, 898)],
            ["NH"] = [(30, 38)],
            ["NJ"] = [(70, 89)],
            ["NM"] = [(870, 884)],
            ["NY"] = [(5, 5), (63, 63), (100, 149)],
            ["NC"] = [(270, 289)],
            ["ND"] = [(580, 588)],
            ["OH"] = [(430, 459)],
            ["OK"] = [(730, 731), (734, 749)],
            ["OR"] = [(970, 979)],
            ["PA"] = [(150, 196)],
            ["RI"] = [(28, 29)],
            ["SC"] = [(290, 299)],
            ["SD"] = [(570, 577)],
            ["TN"] = [(370, 385)],
            ["TX"] = [(733, 733), (750, 799), (885, 885)],
            ["UT"] = [(840, 847)],
            ["VT"] = [(50, 54), (56, 59)],
            ["VA"] = [(201, 201), (220, 246)],
            ["WA"] = [(980, 994)],
            ["WV"] = [(247, 268)],
            ["WI"] = [(530, 549)],
            ["WY"] = [(820, 831)],

            // Territories and freely associated states served by USPS.
            ["PR"] = [(6, 7), (9, 9)],
            ["VI"] = [(8, 8)],
            ["GU"] = [(969, 969)],
            ["MP"] = [(969, 969)],
            ["AS"] = [(967, 967)],
            ["PW"] = [(969, 969)],
            ["FM"] = [(969, 969)],
            ["MH"] = [(969, 969)],

            // Military mail: Armed Forces Americas, Europe (and Middle East, Africa, Canada), Pacific.
            ["AA"] = [(340, 340)],
            ["AE"] = [(90, 98)],
            ["AP"] = [(962, 966)],
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The military "states" that go with the cities APO, FPO and DPO.</summary>
    public static readonly FrozenSet<string> MilitaryStates = new[] { "AA", "AE", "AP" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The territories that may appear either as a US state or as a country of their own.</summary>
    public static readonly FrozenSet<string> Territories = new[] { "PR", "GU", "VI", "AS", "MP" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True when <paramref name="state"/> is a USPS state, district, territory or military code.</summary>
    public static bool IsState(string state) => Ranges.ContainsKey(state);

    /// <summary>True when the 3-digit <paramref name="prefix"/> is one the state uses.</summary>
    public static bool Matches(string state, int prefix)
    {
        if (!Ranges.TryGetValue(state, out var ranges))
        {
            return false;
        }

        foreach (var (low, high) in ranges)
        {
            if (prefix >= low && prefix <= high)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The ranges as text for a message, e.g. <c>090–098</c>.</summary>
    public static string Describe(string state) =>
        Ranges.TryGetValue(state, out var ranges)
            ? string.Join(", ", ranges.Select(r => r.Low == r.High ? $"{r.Low:000}" : $"{r.Low:000}–{r.High:000}"))
            : "";

    /// <summary>Every state code in the table.</summary>
    public static IEnumerable<string> States => Ranges.Keys;
}
