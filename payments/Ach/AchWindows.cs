using Baas.Payments.Calendar;

namespace Baas.Payments.Ach;

/// <summary>A submission window: the deadline to get a file in, and when it settles.</summary>
public sealed record AchWindow(string Name, bool SameDay, DateTimeOffset Deadline, DateOnly SettlementDate, DateTimeOffset SettlementTime);

/// <summary>A same-day window of the schedule: submission deadline and settlement time, Eastern time.</summary>
public sealed record SameDayWindow(TimeOnly Deadline, TimeOnly Settlement);

/// <summary>
/// The FedACH schedule (Eastern time): three same-day windows (deadlines 10:30, 14:45, 16:45; settlement 13:00, 17:00,
/// 18:00) and the next-day window, whose deadline is 02:15 on the settlement day with settlement at 08:30. Windows open
/// only on Fed business days. A file must arrive strictly before a deadline.
/// </summary>
public sealed class AchWindows
{
    private readonly SameDayWindow[] _sameDay;

    /// <summary>A schedule with the given same-day windows (in deadline order) and next-day deadline and settlement times.</summary>
    public AchWindows(IReadOnlyList<SameDayWindow> sameDayWindows, TimeOnly nextDayDeadline, TimeOnly nextDaySettlement)
    {
        ArgumentNullException.ThrowIfNull(sameDayWindows);
        _sameDay = [.. sameDayWindows.OrderBy(w => w.Deadline)];
        NextDayDeadline = nextDayDeadline;
        NextDaySettlement = nextDaySettlement;
    }

    /// <summary>America/New_York, where the FedACH schedule is set.</summary>
    public static TimeZoneInfo Eastern { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>The FedACH schedule.</summary>
    public static AchWindows FedAch { get; } = new(
        [new(new TimeOnly(10, 30), new TimeOnly(13, 0)), new(new TimeOnly(14, 45), new TimeOnly(17, 0)), new(new TimeOnly(16, 45), new TimeOnly(18, 0))],
        new TimeOnly(2, 15),
        new TimeOnly(8, 30));

    /// <summary>Same-day windows in deadline order.</summary>
    public IReadOnlyList<SameDayWindow> SameDayWindows => _sameDay;

    /// <summary>Deadline of the next-day window on its settlement day.</summary>
    public TimeOnly NextDayDeadline { get; }

    /// <summary>Settlement time of the next-day window.</summary>
    public TimeOnly NextDaySettlement { get; }

    /// <summary>
    /// The window a file submitted at <paramref name="now"/> makes. With <paramref name="sameDay"/> false it is the next-day
    /// window; with true, the window that settles first among the same-day windows and the next-day window, so after the
    /// last same-day deadline the overnight next-day window (settling the next business morning) wins over the next
    /// business day's first same-day window.
    /// </summary>
    public AchWindow NextWindow(DateTimeOffset now, bool sameDay, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Eastern).DateTime);
        var nextDay = NextDayWindow(now, today, calendar);
        if (!sameDay || _sameDay.Length == 0)
        {
            return nextDay;
        }

        var same = SameDayWindowAfter(now, today, calendar);
        return same.SettlementTime <= nextDay.SettlementTime ? same : nextDay;
    }

    private AchWindow NextDayWindow(DateTimeOffset now, DateOnly today, BusinessCalendar calendar)
    {
        var day = calendar.OnOrAfter(today);
        if (At(day, NextDayDeadline) <= now)
        {
            day = calendar.NextBusinessDay(day);
        }

        return new AchWindow("next-day", false, At(day, NextDayDeadline), day, At(day, NextDaySettlement));
    }

    private AchWindow SameDayWindowAfter(DateTimeOffset now, DateOnly today, BusinessCalendar calendar)
    {
        var day = calendar.OnOrAfter(today);
        for (var i = 0; i < _sameDay.Length; i++)
        {
            if (At(day, _sameDay[i].Deadline) > now)
            {
                return Window(day, i);
            }
        }

        return Window(calendar.NextBusinessDay(day), 0);
    }

    private AchWindow Window(DateOnly day, int index) =>
        new($"same-day {index + 1}", true, At(day, _sameDay[index].Deadline), day, At(day, _sameDay[index].Settlement));

    /// <summary>The instant of a wall-clock time in Eastern time; a time skipped by a DST change moves forward by the gap.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Eastern.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, Eastern.GetUtcOffset(local));
    }
}
