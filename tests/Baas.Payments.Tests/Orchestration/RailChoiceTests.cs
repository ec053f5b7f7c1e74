using Baas.Payments.Ach;
using Baas.Payments.Calendar;
using Baas.Payments.Orchestration;

namespace Baas.Payments.Tests.Orchestration;

/// <summary>Rail choice by amount, urgency, cut-off, reach and cost, and the calendar's edges.</summary>
public sealed class RailChoiceTests
{
    private static readonly RailChooser Chooser = new(RailPolicy.Default, BusinessCalendar.FederalReserve, AchWindows.FedAch);

    private static readonly Counterparty Us = new("Jane Roe", "021000021", "123456789", "checking", null, null, "US");

    private static DateTimeOffset Eastern(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, AchWindows.Eastern.GetUtcOffset(new DateTime(year, month, day, hour, minute, 0))).ToUniversalTime();

    [Theory]
    // No urgency: next-day ACH, the cheapest.
    [InlineData("auto", "credit", 50_000L, null, 2026, 11, 24, 9, 0, "ach")]
    // Today: same-day ACH while a window remains.
    [InlineData("auto", "credit", 50_000L, "2026-11-24", 2026, 11, 24, 9, 0, "ach_same_day")]
    // Today, after the last same-day window (16:45 ET): FedNow, the cheaper instant rail.
    [InlineData("auto", "credit", 50_000L, "2026-11-24", 2026, 11, 24, 17, 0, "fednow")]
    // Instant above FedNow's participant limit ($500,000): RTP.
    [InlineData("auto", "credit", 60_000_000L, "instant", 2026, 11, 24, 9, 0, "rtp")]
    // Today above the same-day ACH limit ($1M) and RTP's ($10M): wire before its cut-off.
    [InlineData("auto", "credit", 2_000_000_000L, "2026-11-24", 2026, 11, 24, 9, 0, "wire")]
    // Pulls are ACH only, even when wanted today.
    [InlineData("auto", "debit", 50_000L, "2026-11-24", 2026, 11, 24, 9, 0, "ach_same_day")]
    public void Auto_picks_the_cheapest_rail_that_settles_in_time(string rail, string direction, long amount, string? by, int y, int m, int d, int hh, int mm, string expected) =>
        Assert.Equal(expected, Chooser.Choose(rail, direction, amount, Us, by, Eastern(y, m, d, hh, mm)).Rail);

    [Fact]
    public void Limits_reach_and_direction_are_refused_with_the_reason()
    {
        var now = Eastern(2026, 11, 24, 9, 0);
        Assert.Contains("over its limit of $1,000,000.00", Assert.Throws<PaymentException>(() => Chooser.Choose("ach_same_day", "credit", 100_000_001, Us, null, now)).Message, StringComparison.Ordinal);
        Assert.Contains("over its limit of $500,000.00", Assert.Throws<PaymentException>(() => Chooser.Choose("fednow", "credit", 50_000_001, Us, null, now)).Message, StringComparison.Ordinal);
        Assert.Contains("not a participant", Assert.Throws<PaymentException>(() => Chooser.Choose("rtp", "credit", 100, Us with { RoutingNumber = "011000015" }, null, now)).Message, StringComparison.Ordinal);
        Assert.Contains("ACH only", Assert.Throws<PaymentException>(() => Chooser.Choose("rtp", "debit", 100, Us, null, now)).Message, StringComparison.Ordinal);
        Assert.Equal(422, Assert.Throws<PaymentException>(() => Chooser.Choose("auto", "debit", 100, Us, "instant", now)).Status);
        Assert.Equal(400, Assert.Throws<PaymentException>(() => Chooser.Choose("auto", "credit", 100, Us, "2026-11-23", now)).Status);
        Assert.Equal("fednow", Chooser.Choose("auto", "credit", 100, Us with { RoutingNumber = "011000015" }, "instant", now).Rail);
    }

    [Fact]
    public void Cutoffs_weekends_and_holidays_move_the_settlement_date()
    {
        // Friday after the wire cut-off: the wire settles Monday; Wednesday before Thanksgiving: next-day ACH settles Friday.
        Assert.Equal(new DateOnly(2026, 11, 30), Chooser.Choose("wire", "credit", 100, Us, null, Eastern(2026, 11, 27, 18, 30)).SettlementDate);
        Assert.Equal(new DateOnly(2026, 11, 27), Chooser.Choose("wire", "credit", 100, Us, null, Eastern(2026, 11, 27, 17, 59)).SettlementDate);
        Assert.Equal(new DateOnly(2026, 11, 27), Chooser.Choose("ach", "credit", 100, Us, null, Eastern(2026, 11, 25, 12, 0)).SettlementDate);
        // A same-day ACH asked on Thanksgiving settles the next business day; instant rails settle that day.
        Assert.Equal(new DateOnly(2026, 11, 27), Chooser.Choose("ach_same_day", "credit", 100, Us, null, Eastern(2026, 11, 26, 9, 0)).SettlementDate);
        Assert.Equal(new DateOnly(2026, 11, 26), Chooser.Choose("rtp", "credit", 100, Us, null, Eastern(2026, 11, 26, 9, 0)).SettlementDate);
        // Christmas 2027 is a Saturday, not observed on Friday by the Fed: Friday 24 December is a business day.
        Assert.Equal(new DateOnly(2027, 12, 24), Chooser.Choose("wire", "credit", 100, Us, null, Eastern(2027, 12, 24, 10, 0)).SettlementDate);
    }

    [Fact]
    public void The_policy_file_is_checked_whole()
    {
        Assert.Throws<InvalidDataException>(() => RailPolicy.Parse("""{"version":"x","rails":{"ach":{"cost":1}}}"""));
        Assert.Throws<InvalidDataException>(() => RailPolicy.Parse("""{"version":"x","rails":{"ach":{"cost":1},"ach_same_day":{"cost":1},"rtp":{"cost":1},"fednow":{"cost":1},"wire":{"cost":1}}}"""));
        Assert.Equal("2026.11.1", RailPolicy.Default.Version);
    }
}
