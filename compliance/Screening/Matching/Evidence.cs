using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Screening.Matching;

/// <summary>
/// Supporting evidence that moves a name score: entity type, date of birth and country. Each agreement raises
/// the score a little, each contradiction lowers it more; evidence never makes a hit on its own.
/// </summary>
public static class Evidence
{
    /// <summary>Same type (individual, entity, vessel, aircraft).</summary>
    public const double TypeMatch = 0.02;

    /// <summary>Different type: an individual is not a company.</summary>
    public const double TypeMismatch = -0.10;

    /// <summary>Same full date of birth.</summary>
    public const double DateOfBirthExact = 0.05;

    /// <summary>Same year and month, day not known on one side.</summary>
    public const double DateOfBirthMonth = 0.04;

    /// <summary>Year within the entry's year or range, month or day not known on one side.</summary>
    public const double DateOfBirthYear = 0.03;

    /// <summary>Year within one year of the entry's (or two of an approximate one): no effect.</summary>
    public const double DateOfBirthNear = 0;

    /// <summary>Same year, different month or day.</summary>
    public const double DateOfBirthConflict = -0.05;

    /// <summary>Further apart than that.</summary>
    public const double DateOfBirthMismatch = -0.12;

    /// <summary>The country is among the entry's.</summary>
    public const double CountryMatch = 0.03;

    /// <summary>The entry names countries and this is not one of them.</summary>
    public const double CountryMismatch = -0.05;

    /// <summary>The most evidence can add for this query (to widen blocking so a boosted name is not missed).</summary>
    internal static double MaxBoost(ScreeningQuery query) =>
        (query.Type is not null and not EntryType.Unknown ? TypeMatch : 0)
        + (query.DateOfBirth is not null ? DateOfBirthExact : 0)
        + (query.Country is not null ? CountryMatch : 0);

    /// <summary>The sum of the evidence adjustments for <paramref name="entry"/>, each explained in <paramref name="reasons"/> when given.</summary>
    internal static double Adjust(ScreeningQuery query, SanctionsEntry entry, List<string>? reasons)
    {
        var total = 0.0;
        if (query.Type is { } type and not EntryType.Unknown && entry.Type != EntryType.Unknown)
        {
            var same = type == entry.Type;
            total += same ? TypeMatch : TypeMismatch;
            reasons?.Add(same
                ? $"type {Label(type)} matches ({Signed(TypeMatch)})"
                : $"type {Label(type)} differs from entry type {Label(entry.Type)} ({Signed(TypeMismatch)})");
        }

        if (query.DateOfBirth is { } dob)
        {
            if (entry.DatesOfBirth.Count == 0)
            {
                reasons?.Add($"date of birth {dob.ToIsoString()} not compared: entry has none");
            }
            else
            {
                var best = double.NegativeInfinity;
                DateOfBirth? bestDate = null;
                foreach (var d in entry.DatesOfBirth)
                {
                    var value = CompareDates(dob, d);
                    if (value > best)
                    {
                        best = value;
                        bestDate = d;
                    }
                }

                total += best;
                reasons?.Add($"date of birth {dob.ToIsoString()} {DateWord(best)} entry DOB {bestDate!.Text} ({Signed(best)})");
            }
        }

        if (query.Country is { } country)
        {
            if (entry.CountryCodes.Count == 0)
            {
                reasons?.Add($"country {country} not compared: entry has none");
            }
            else if (entry.CountryCodes.Contains(country))
            {
                total += CountryMatch;
                reasons?.Add($"country {country} is among the entry's countries ({Signed(CountryMatch)})");
            }
            else
            {
                total += CountryMismatch;
                reasons?.Add($"country {country} is not among the entry's countries {string.Join(", ", entry.CountryCodes)} ({Signed(CountryMismatch)})");
            }
        }

        return total;
    }

    /// <summary>How a screened date of birth compares with one of the entry's.</summary>
    public static double CompareDates(DateOfBirth query, DateOfBirth entry)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(entry);
        var tolerance = entry.Approximate ? 1 : 0;
        var from = entry.FromYear - tolerance;
        var to = entry.ToYear + tolerance;
        var distance = query.FromYear < from ? from - query.FromYear : query.FromYear > to ? query.FromYear - to : 0;
        if (distance > 1)
        {
            return DateOfBirthMismatch;
        }

        if (distance == 1)
        {
            return DateOfBirthNear;
        }

        if (entry.FromYear != entry.ToYear || entry.Approximate || query.Month == 0 || entry.Month == 0)
        {
            return DateOfBirthYear;
        }

        if (query.Month != entry.Month)
        {
            return DateOfBirthConflict;
        }

        if (query.Day == 0 || entry.Day == 0)
        {
            return DateOfBirthMonth;
        }

        return query.Day == entry.Day ? DateOfBirthExact : DateOfBirthConflict;
    }

    internal static string Label(EntryType type) => type.ToString().ToLowerInvariant();

    internal static string Signed(double value) => value >= 0 ? $"+{value:0.00}" : $"{value:0.00}";

    private static string DateWord(double value) => value switch
    {
        DateOfBirthExact => "matches",
        DateOfBirthMonth => "matches the month of",
        DateOfBirthYear => "matches the year of",
        DateOfBirthNear => "is within a year of",
        DateOfBirthConflict => "has the year but not the day of",
        _ => "differs from",
    };
}
