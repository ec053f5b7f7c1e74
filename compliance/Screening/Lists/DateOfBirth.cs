using System.Globalization;

namespace Baas.Compliance.Screening.Lists;

/// <summary>
/// A date of birth as lists give it: a full date, a month and year, a year, a year "circa", or a range of years.
/// <see cref="Month"/> and <see cref="Day"/> are 0 when not known.
/// </summary>
/// <param name="FromYear">The (first) year.</param>
/// <param name="ToYear">The last year of a range; equal to <paramref name="FromYear"/> otherwise.</param>
/// <param name="Month">1-12, or 0 when not known (always 0 for a range).</param>
/// <param name="Day">1-31, or 0 when not known.</param>
/// <param name="Approximate">The list says "circa" or "approximately".</param>
/// <param name="Text">The date as written on the list.</param>
public sealed record DateOfBirth(int FromYear, int ToYear, int Month, int Day, bool Approximate, string Text)
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Year, month and day are all known and the date is not approximate.</summary>
    public bool IsFullDate => FromYear == ToYear && Month > 0 && Day > 0 && !Approximate;

    /// <summary>
    /// Parses an OFAC remarks date: <c>28 Jul 1963</c>, <c>Jul 1963</c>, <c>1962</c>, <c>circa 1955</c>,
    /// <c>1960 to 1962</c>, <c>01 Jan 1960 to 31 Dec 1962</c>. Returns null for anything else.
    /// </summary>
    public static DateOfBirth? ParseOfac(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var written = text.Trim().TrimEnd('.').Trim();
        var rest = written;
        var approximate = false;
        foreach (var prefix in (string[])["circa ", "approximately ", "approx. ", "about "])
        {
            if (rest.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                approximate = true;
                rest = rest[prefix.Length..];
                break;
            }
        }

        var to = rest.IndexOf(" to ", StringComparison.OrdinalIgnoreCase);
        if (to > 0)
        {
            var from = ParseOfacSingle(rest[..to]);
            var until = ParseOfacSingle(rest[(to + 4)..]);
            if (from is null || until is null || until.Value.Year < from.Value.Year)
            {
                return null;
            }

            return from.Value.Year == until.Value.Year && from.Value.Month == until.Value.Month && from.Value.Day == until.Value.Day
                ? new DateOfBirth(from.Value.Year, from.Value.Year, from.Value.Month, from.Value.Day, approximate, written)
                : new DateOfBirth(from.Value.Year, until.Value.Year, 0, 0, approximate, written);
        }

        var single = ParseOfacSingle(rest);
        return single is { } d ? new DateOfBirth(d.Year, d.Year, d.Month, d.Day, approximate, written) : null;
    }

    /// <summary>Parses <c>YYYY-MM-DD</c>, <c>YYYY-MM</c> or <c>YYYY</c> (a screening request, the UN list).</summary>
    public static bool TryParseIso(string? text, out DateOfBirth? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        var parts = s.Split('-');
        if (parts.Length > 3 || parts[0].Length != 4 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1800 || year > 2200)
        {
            return false;
        }

        int month = 0, day = 0;
        if (parts.Length >= 2 && (parts[1].Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out month) || month is < 1 or > 12))
        {
            return false;
        }

        if (parts.Length == 3 && (parts[2].Length != 2 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out day) || day < 1 || day > DateTime.DaysInMonth(year, month)))
        {
            return false;
        }

        date = new DateOfBirth(year, year, month, day, false, s);
        return true;
    }

    /// <summary>The date as <c>YYYY-MM-DD</c>, <c>YYYY-MM</c>, <c>YYYY</c>, <c>YYYY..YYYY</c>, with <c>~</c> when approximate.</summary>
    public string ToIsoString()
    {
        var core = FromYear != ToYear
            ? $"{FromYear:D4}..{ToYear:D4}"
            : Month == 0 ? $"{FromYear:D4}" : Day == 0 ? $"{FromYear:D4}-{Month:D2}" : $"{FromYear:D4}-{Month:D2}-{Day:D2}";
        return Approximate ? "~" + core : core;
    }

    private static (int Year, int Month, int Day)? ParseOfacSingle(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Length > 3)
        {
            return null;
        }

        if (!TryYear(parts[^1], out var year))
        {
            return null;
        }

        var month = 0;
        var day = 0;
        if (parts.Length >= 2)
        {
            month = Array.IndexOf(Months, parts[^2].Length >= 3 ? parts[^2][..3].ToLowerInvariant() : "") + 1;
            if (month == 0)
            {
                return null;
            }
        }

        if (parts.Length == 3 && (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out day) || day < 1 || day > DateTime.DaysInMonth(year, month)))
        {
            return null;
        }

        return (year, month, day);
    }

    private static bool TryYear(string text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && text.Length == 4 && year is >= 1800 and <= 2200;
}
