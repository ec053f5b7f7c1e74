using Baas.Payments.Ach;
using Baas.Payments.Calendar;

namespace Baas.Payments.Tests.Ach;

public sealed class WindowTests
{
    private static readonly BusinessCalendar Fed = BusinessCalendar.FederalReserve;

    private static AchWindow Next(DateTimeOffset now, bool sameDay) => AchWindows.FedAch.NextWindow(now, sameDay, Fed);

    private static DateTimeOffset Et(int year, int month, int day, int hour, int minute, int second = 0) =>
        AchWindows.At(new DateOnly(year, month, day), new TimeOnly(hour, minute, second));

    [Fact]
    public void A_second_before_a_deadline_makes_the_window_a_second_after_makes_the_next()
    {
        // Tuesday 2026-03-10, EDT.
        var first = Next(Et(2026, 3, 10, 10, 29, 59), sameDay: true);
        Assert.Equal("same-day 1", first.Name);
        Assert.True(first.SameDay);
        Assert.Equal(Et(2026, 3, 10, 10, 30), first.Deadline);
        Assert.Equal(Et(2026, 3, 10, 13, 0), first.SettlementTime);
        Assert.Equal(new DateOnly(2026, 3, 10), first.SettlementDate);

        var second = Next(Et(2026, 3, 10, 10, 30, 1), sameDay: true);
        Assert.Equal("same-day 2", second.Name);
        Assert.Equal(Et(2026, 3, 10, 14, 45), second.Deadline);
        Assert.Equal(Et(2026, 3, 10, 17, 0), second.SettlementTime);

        Assert.Equal("same-day 2", Next(Et(2026, 3, 10, 10, 30, 0), sameDay: true).Name);
        var third = Next(Et(2026, 3, 10, 16, 44, 59), sameDay: true);
        Assert.Equal("same-day 3", third.Name);
        Assert.Equal(Et(2026, 3, 10, 18, 0), third.SettlementTime);
    }

    [Fact]
    public void After_the_last_same_day_deadline_the_overnight_next_day_window_settles_first()
    {
        var window = Next(Et(2026, 3, 10, 16, 45, 0), sameDay: true);
        Assert.Equal("next-day", window.Name);
        Assert.False(window.SameDay);
        Assert.Equal(Et(2026, 3, 11, 2, 15), window.Deadline);
        Assert.Equal(Et(2026, 3, 11, 8, 30), window.SettlementTime);
    }

    [Fact]
    public void Friday_after_the_last_window_goes_to_monday_next_day()
    {
        foreach (var sameDay in new[] { true, false })
        {
            var window = Next(Et(2026, 3, 13, 16, 46), sameDay);
            Assert.Equal("next-day", window.Name);
            Assert.False(window.SameDay);
            Assert.Equal(new DateOnly(2026, 3, 16), window.SettlementDate);
            Assert.Equal(Et(2026, 3, 16, 2, 15), window.Deadline);
        }
    }

    [Fact]
    public void Next_day_files_settle_on_the_next_business_day()
    {
        Assert.Equal(new DateOnly(2026, 3, 11), Next(Et(2026, 3, 10, 9, 0), sameDay: false).SettlementDate);

        // Before 02:15 the overnight window of the same morning is still open.
        var early = Next(Et(2026, 3, 10, 1, 0), sameDay: false);
        Assert.Equal(new DateOnly(2026, 3, 10), early.SettlementDate);

        // A Saturday request goes to Monday.
        Assert.Equal(new DateOnly(2026, 3, 16), Next(Et(2026, 3, 14, 12, 0), sameDay: false).SettlementDate);
    }

    [Fact]
    public void Holidays_are_skipped()
    {
        // Thanksgiving 2026 is Thursday 11-26.
        var wednesday = Next(Et(2026, 11, 25, 17, 0), sameDay: false);
        Assert.Equal(new DateOnly(2026, 11, 27), wednesday.SettlementDate);
        Assert.Equal(Et(2026, 11, 27, 2, 15), wednesday.Deadline);

        // Christmas 2026 is Friday 12-25: Thursday evening goes to Monday the 28th.
        Assert.Equal(new DateOnly(2026, 12, 28), Next(Et(2026, 12, 24, 17, 0), sameDay: true).SettlementDate);

        // Friday 2026-07-03 is a Fed business day (July 4 is a Saturday): the same-day windows run.
        var july3 = Next(Et(2026, 7, 3, 9, 0), sameDay: true);
        Assert.Equal("same-day 1", july3.Name);
        Assert.Equal(new DateOnly(2026, 7, 3), july3.SettlementDate);

        // Monday 2027-07-05 is the observed Independence Day: Friday evening goes to Tuesday.
        Assert.Equal(new DateOnly(2027, 7, 6), Next(Et(2027, 7, 2, 17, 0), sameDay: false).SettlementDate);

        // On a holiday morning with same-day asked, the next business day's first window or the overnight file: the overnight one settles first.
        var thanksgiving = Next(Et(2026, 11, 26, 9, 0), sameDay: true);
        Assert.Equal("next-day", thanksgiving.Name);
        Assert.Equal(new DateOnly(2026, 11, 27), thanksgiving.SettlementDate);
    }

    [Fact]
    public void Deadlines_follow_daylight_saving_time()
    {
        // Friday 2026-03-06 is EST (UTC-5), Monday 2026-03-09 EDT (UTC-4): 10:30 ET is 15:30Z, then 14:30Z.
        var friday = Next(new DateTimeOffset(2026, 3, 6, 15, 29, 59, TimeSpan.Zero), sameDay: true);
        Assert.Equal("same-day 1", friday.Name);
        Assert.Equal(TimeSpan.FromHours(-5), friday.Deadline.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 15, 30, 0, TimeSpan.Zero), friday.Deadline.ToUniversalTime());

        var monday = Next(new DateTimeOffset(2026, 3, 9, 14, 29, 59, TimeSpan.Zero), sameDay: true);
        Assert.Equal("same-day 1", monday.Name);
        Assert.Equal(TimeSpan.FromHours(-4), monday.Deadline.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 14, 30, 0, TimeSpan.Zero), monday.Deadline.ToUniversalTime());

        // 15:29:59Z on Monday is 11:29:59 EDT: the first window has closed.
        Assert.Equal("same-day 2", Next(new DateTimeOffset(2026, 3, 9, 15, 29, 59, TimeSpan.Zero), sameDay: true).Name);

        // A request in the weekend of the spring change goes to Monday 02:15 EDT = 06:15Z.
        var weekend = Next(new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero), sameDay: false);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 6, 15, 0, TimeSpan.Zero), weekend.Deadline.ToUniversalTime());

        // Fall back on Sunday 2026-11-01: a request at 01:30 (the repeated hour) goes to Monday 02:15 EST = 07:15Z.
        var fallBack = Next(new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero), sameDay: true);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 7, 15, 0, TimeSpan.Zero), fallBack.Deadline.ToUniversalTime());
        Assert.Equal(TimeSpan.FromHours(-5), fallBack.SettlementTime.Offset);
    }

    [Fact]
    public void The_schedule_is_the_fedach_one()
    {
        var schedule = AchWindows.FedAch;
        Assert.Equal([new TimeOnly(10, 30), new TimeOnly(14, 45), new TimeOnly(16, 45)], schedule.SameDayWindows.Select(w => w.Deadline));
        Assert.Equal([new TimeOnly(13, 0), new TimeOnly(17, 0), new TimeOnly(18, 0)], schedule.SameDayWindows.Select(w => w.Settlement));
        Assert.Equal(new TimeOnly(2, 15), schedule.NextDayDeadline);
        Assert.Equal("America/New_York", AchWindows.Eastern.Id);
    }
}
