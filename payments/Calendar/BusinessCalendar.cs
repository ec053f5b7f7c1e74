using System.Collections.Concurrent;

namespace Baas.Payments.Calendar;

/// <summary>
/// Federal Reserve banking days: Monday to Friday except the Fed holidays. A holiday on a Sunday is observed on the
/// Monday after; a holiday on a Saturday is not moved (the Friday before is a banking day). Juneteenth counts from 2022,
/// the first year the Fed closed for it.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly ConcurrentDictionary<int, IReadOnlyList<Holiday>> _holidays = new();
    private readonly HashSet<DateOnly> _extraClosures;

    /// <summary>A calendar with the Fed holidays and, optionally, extra closing days (e.g. a national day of mourning).</summary>
    public BusinessCalendar(IEnumerable<DateOnly>? additionalClosures = null)
    {
        _extraClosures = additionalClosures is null ? [] : [.. additionalClosures];
    }

    /// <summary>The Federal Reserve calendar without extra closures.</summary>
    public static BusinessCalendar FederalReserve { get; } = new();

    /// <summary>The Fed holidays of <paramref name="year"/>, in date order, with the day each is observed.</summary>
    public IReadOnlyList<Holiday> Holidays(int year) => _holidays.GetOrAdd(year, Compute);

    /// <summary>True on a weekday that is neither an observed holiday nor an extra closure.</summary>
    public bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date) && !_extraClosures.Contains(date);

    /// <summary>True when the Fed is closed for a holiday on <paramref name="date"/> (the observed day).</summary>
    public bool IsHoliday(DateOnly date)
    {
        foreach (var holiday in Holidays(date.Year))
        {
            if (holiday.ObservedOn == date)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first business day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextBusinessDay(DateOnly date)
    {
        do
        {
            date = date.AddDays(1);
        }
        while (!IsBusinessDay(date));
        return date;
    }

    /// <summary>The last business day strictly before <paramref name="date"/>.</summary>
    public DateOnly PreviousBusinessDay(DateOnly date)
    {
        do
        {
            date = date.AddDays(-1);
        }
        while (!IsBusinessDay(date));
        return date;
    }

    /// <summary><paramref name="date"/> itself when it is a business day, otherwise the next one.</summary>
    public DateOnly OnOrAfter(DateOnly date) => IsBusinessDay(date) ? date : NextBusinessDay(date);

    /// <summary>
    /// Moves <paramref name="days"/> business days forward (or back when negative); zero returns the date unchanged.
    /// BusinessDaysBetween(d, AddBusinessDays(d, n)) is n for n ≥ 0, and for n &lt; 0 when d is a business day.
    /// </summary>
    public DateOnly AddBusinessDays(DateOnly date, int days)
    {
        for (; days > 0; days--)
        {
            date = NextBusinessDay(date);
        }

        for (; days < 0; days++)
        {
            date = PreviousBusinessDay(date);
        }

        return date;
    }

    /// <summary>
    /// Business days d with <paramref name="start"/> &lt; d ≤ <paramref name="end"/> (Friday to Monday is 1); when
    /// <paramref name="end"/> is before <paramref name="start"/>, minus the count the other way round.
    /// </summary>
    public int BusinessDaysBetween(DateOnly start, DateOnly end)
    {
        if (end < start)
        {
            return -BusinessDaysBetween(end, start);
        }

        var count = 0;
        for (var d = start.AddDays(1); d <= end; d = d.AddDays(1))
        {
            if (IsBusinessDay(d))
            {
                count++;
            }
        }

        return count;
    }

    private static List<Holiday> Compute(int year)
    {
        var list = new List<Holiday>
        {
            Fixed("New Year's Day", year, 1, 1),
            Floating("Birthday of Martin Luther King, Jr.", year, 1, DayOfWeek.Monday, 3),
            Floating("Washington's Birthday", year, 2, DayOfWeek.Monday, 3),
            Floating("Memorial Day", year, 5, DayOfWeek.Monday, -1),
        };
        if (year >= 2022)
        {
            list.Add(Fixed("Juneteenth National Independence Day", year, 6, 19));
        }

        list.Add(Fixed("Independence Day", year, 7, 4));
        list.Add(Floating("Labor Day", year, 9, DayOfWeek.Monday, 1));
        list.Add(Floating("Columbus Day", year, 10, DayOfWeek.Monday, 2));
        list.Add(Fixed("Veterans Day", year, 11, 11));
        list.Add(Floating("Thanksgiving Day", year, 11, DayOfWeek.Thursday, 4));
        list.Add(Fixed("Christmas Day", year, 12, 25));
        return list;
    }

    private static Holiday Fixed(string name, int year, int month, int day)
    {
        var date = new DateOnly(year, month, day);
        DateOnly? observed = date.DayOfWeek switch
        {
            DayOfWeek.Sunday => date.AddDays(1),
            DayOfWeek.Saturday => null,
            _ => date,
        };
        return new Holiday(name, date, observed);
    }

    /// <summary>The <paramref name="nth"/> weekday of the month, or the last one when <paramref name="nth"/> is -1.</summary>
    private static Holiday Floating(string name, int year, int month, DayOfWeek weekday, int nth)
    {
        DateOnly date;
        if (nth > 0)
        {
            var first = new DateOnly(year, month, 1);
            date = first.AddDays(((int)weekday - (int)first.DayOfWeek + 7) % 7 + 7 * (nth - 1));
        }
        else
        {
            var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            date = last.AddDays(-(((int)last.DayOfWeek - (int)weekday + 7) % 7));
        }

        return new Holiday(name, date, date);
    }
}
