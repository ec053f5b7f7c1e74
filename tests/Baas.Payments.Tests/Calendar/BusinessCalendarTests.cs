using Baas.Payments.Calendar;
using FsCheck;
using FsCheck.Fluent;

namespace Baas.Payments.Tests.Calendar;

public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar Fed = BusinessCalendar.FederalReserve;

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void The_2026_holidays_are_the_fed_ones()
    {
        var holidays = Fed.Holidays(2026);
        Assert.Equal(
            [D(2026, 1, 1), D(2026, 1, 19), D(2026, 2, 16), D(2026, 5, 25), D(2026, 6, 19), D(2026, 7, 4), D(2026, 9, 7), D(2026, 10, 12), D(2026, 11, 11), D(2026, 11, 26), D(2026, 12, 25)],
            holidays.Select(h => h.Date));
        Assert.Null(holidays.Single(h => h.Date == D(2026, 7, 4)).ObservedOn);
        Assert.Equal("Thanksgiving Day", holidays.Single(h => h.Date == D(2026, 11, 26)).Name);
    }

    [Theory]
    [InlineData(2026, 7, 3, true)] // July 4 2026 is a Saturday: not observed on Friday
    [InlineData(2026, 7, 4, false)]
    [InlineData(2026, 11, 26, false)] // Thanksgiving
    [InlineData(2026, 11, 27, true)]
    [InlineData(2026, 1, 19, false)] // Martin Luther King Jr. Day
    [InlineData(2026, 5, 25, false)] // Memorial Day, last Monday of May
    [InlineData(2026, 6, 19, false)] // Juneteenth, a Friday
    [InlineData(2026, 12, 25, false)]
    [InlineData(2027, 6, 18, true)] // Juneteenth 2027 is a Saturday: Friday stays open
    [InlineData(2027, 7, 5, false)] // July 4 2027 is a Sunday: observed Monday
    [InlineData(2027, 12, 24, true)] // Christmas 2027 is a Saturday
    [InlineData(2027, 11, 25, false)] // Thanksgiving 2027
    [InlineData(2027, 5, 31, false)] // Memorial Day 2027
    [InlineData(2021, 12, 31, true)] // New Year's Day 2022 is a Saturday
    [InlineData(2022, 6, 20, false)] // Juneteenth 2022 on a Sunday, observed Monday
    [InlineData(2021, 6, 18, true)] // before the Fed observed Juneteenth
    [InlineData(2023, 1, 2, false)] // New Year's Day 2023 on a Sunday
    [InlineData(2023, 11, 10, true)] // Veterans Day 2023 on a Saturday
    [InlineData(2026, 3, 14, false)] // Saturday
    [InlineData(2026, 3, 15, false)] // Sunday
    [InlineData(2026, 3, 16, true)]
    public void Business_days_follow_the_fed_rule(int year, int month, int day, bool expected) =>
        Assert.Equal(expected, Fed.IsBusinessDay(D(year, month, day)));

    [Fact]
    public void Next_and_added_business_days_skip_weekends_and_holidays()
    {
        Assert.Equal(D(2026, 7, 3), Fed.NextBusinessDay(D(2026, 7, 2)));
        Assert.Equal(D(2026, 7, 6), Fed.NextBusinessDay(D(2026, 7, 3)));
        Assert.Equal(D(2027, 7, 6), Fed.NextBusinessDay(D(2027, 7, 2)));
        Assert.Equal(D(2026, 11, 27), Fed.AddBusinessDays(D(2026, 11, 25), 1));
        Assert.Equal(D(2026, 11, 30), Fed.AddBusinessDays(D(2026, 11, 25), 2));
        Assert.Equal(D(2026, 11, 25), Fed.AddBusinessDays(D(2026, 11, 27), -1));
        Assert.Equal(D(2026, 3, 14), Fed.AddBusinessDays(D(2026, 3, 14), 0));
        Assert.Equal(D(2026, 12, 31), Fed.PreviousBusinessDay(D(2027, 1, 4)));
        Assert.Equal(D(2026, 3, 16), Fed.OnOrAfter(D(2026, 3, 14)));
    }

    [Fact]
    public void Business_days_between_count_the_days_after_start_up_to_end()
    {
        Assert.Equal(1, Fed.BusinessDaysBetween(D(2026, 3, 13), D(2026, 3, 16)));
        Assert.Equal(0, Fed.BusinessDaysBetween(D(2026, 3, 13), D(2026, 3, 13)));
        Assert.Equal(3, Fed.BusinessDaysBetween(D(2026, 11, 23), D(2026, 11, 27))); // Tue, Wed, Fri
        Assert.Equal(-3, Fed.BusinessDaysBetween(D(2026, 11, 27), D(2026, 11, 23)));
        Assert.Equal(251, Fed.BusinessDaysBetween(D(2025, 12, 31), D(2026, 12, 31))); // 261 weekdays, 10 observed holidays
    }

    [Fact]
    public void Adding_then_counting_business_days_agree()
    {
        var arbitrary = (from offset in Gen.Choose(0, 3650)
                         from days in Gen.Choose(-400, 400)
                         let date = D(2020, 1, 1).AddDays(offset)
                         where days >= 0 || Fed.IsBusinessDay(date) // from a weekend, -1 and 0 both land on Friday
                         select (Date: date, Days: days)).ToArbitrary();
        Prop.ForAll(arbitrary, x =>
        {
            var moved = Fed.AddBusinessDays(x.Date, x.Days);
            Assert.Equal(x.Days, Fed.BusinessDaysBetween(x.Date, moved));
            Assert.True(x.Days == 0 || Fed.IsBusinessDay(moved));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Extra_closures_are_not_business_days()
    {
        var calendar = new BusinessCalendar([D(2026, 3, 17)]);
        Assert.False(calendar.IsBusinessDay(D(2026, 3, 17)));
        Assert.Equal(D(2026, 3, 18), calendar.NextBusinessDay(D(2026, 3, 16)));
        Assert.True(Fed.IsBusinessDay(D(2026, 3, 17)));
    }
}
