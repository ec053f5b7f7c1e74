using Baas.Compliance.Monitoring;
using Baas.Events;

namespace Baas.Compliance.Tests.Monitoring;

/// <summary>Each shipped rule fires on a crafted sequence and stays quiet on a near miss.</summary>
public class RuleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Structuring_fires_on_cash_deposits_just_under_the_threshold_adding_up_over_it()
    {
        var run = new Run();
        run.Credit(0, 950_000, cash: true);
        run.Credit(20, 900_000, cash: true);
        var alert = Assert.Single(run.Alerts, a => a.RuleId == "structuring");
        Assert.Equal(1_850_000, alert.Amount);
        Assert.Equal(2, alert.Evidence.Count);
        Assert.Contains("2 cash deposits", alert.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(950_000, 700_000, true, 20)] // the second is not "just under" (below 80%)
    [InlineData(950_000, 900_000, false, 20)] // not cash
    [InlineData(950_000, 900_000, true, 80)] // outside the 72-hour window
    public void Structuring_stays_quiet_on_near_misses(long first, long second, bool cash, int hoursApart)
    {
        var run = new Run();
        run.Credit(0, first, cash: true);
        run.Credit(hoursApart, second, cash);
        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "structuring");
    }

    [Fact]
    public void Structuring_counts_withdrawals_apart_from_deposits()
    {
        var run = new Run();
        run.Credit(0, 950_000, cash: true);
        run.Debit(2, 950_000, cash: true);
        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "structuring");
        run.Debit(4, 990_000, cash: true);
        Assert.Contains("cash withdrawals", Assert.Single(run.Alerts, a => a.RuleId == "structuring").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_that_goes_on_raises_one_alert_per_window()
    {
        var run = new Run();
        for (var i = 0; i < 5; i++)
        {
            run.Credit(i * 5, 950_000, cash: true);
        }

        Assert.Single(run.Alerts, a => a.RuleId == "structuring");
        run.Credit(100, 950_000, cash: true);
        run.Credit(101, 950_000, cash: true);
        Assert.Equal(2, run.Alerts.Count(a => a.RuleId == "structuring"));
    }

    [Fact]
    public void Rapid_movement_fires_when_most_of_a_large_inflow_leaves_within_hours()
    {
        var run = new Run();
        run.Credit(0, 800_000);
        run.Debit(3, 300_000, counterparty: "acme");
        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "rapid_movement");
        run.Debit(5, 400_000, counterparty: "acme");
        var alert = Assert.Single(run.Alerts, a => a.RuleId == "rapid_movement");
        Assert.Equal(3, alert.Evidence.Count);
    }

    [Fact]
    public void Rapid_movement_stays_quiet_when_the_money_leaves_after_the_window()
    {
        var run = new Run();
        run.Credit(0, 800_000);
        run.Debit(30, 790_000);
        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "rapid_movement");
    }

    [Fact]
    public void High_risk_jurisdiction_fires_on_a_listed_country_only()
    {
        var run = new Run();
        run.Card(0, 50_000, country: "FR");
        run.Card(1, 5_000, country: "IR"); // under the rule's minimum
        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "high_risk_jurisdiction");
        run.Card(2, 50_000, country: "IR");
        Assert.Contains("IR", Assert.Single(run.Alerts, a => a.RuleId == "high_risk_jurisdiction").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Volume_spike_fires_against_the_accounts_own_baseline()
    {
        var run = new Run();
        run.Opened(-40 * 24);
        for (var day = -30; day < 0; day++)
        {
            run.Card(day * 24, 10_000);
        }

        run.Card(1, 300_000);
        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "volume_spike"); // under minAmount
        run.Card(2, 300_000);
        Assert.Contains("30-day baseline", Assert.Single(run.Alerts, a => a.RuleId == "volume_spike").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Volume_spike_stays_quiet_for_an_account_that_always_moves_that_much()
    {
        var run = new Run();
        run.Opened(-40 * 24);
        for (var day = -30; day < 0; day++)
        {
            run.Card(day * 24, 400_000);
        }

        run.Card(1, 600_000);
        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "volume_spike");
    }

    [Fact]
    public void Volume_spike_needs_enough_history()
    {
        var run = new Run();
        run.Opened(-5 * 24);
        run.Card(1, 900_000);
        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "volume_spike");
    }

    [Fact]
    public void Round_amounts_fire_on_the_third_large_round_amount_in_a_week()
    {
        var run = new Run();
        run.Credit(0, 500_000);
        run.Credit(24, 300_000);
        run.Credit(48, 312_345); // not round
        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "round_amounts");
        run.Debit(72, 1_000_000);
        Assert.Equal(3, Assert.Single(run.Alerts, a => a.RuleId == "round_amounts").Evidence.Count);
    }

    [Fact]
    public void Dormant_reactivation_fires_after_ninety_quiet_days_and_not_after_eighty()
    {
        var quiet = new Run();
        quiet.Opened(-200 * 24);
        quiet.Card(-100 * 24, 2_000);
        quiet.Credit(0, 250_000);
        Assert.Contains("100 days", Assert.Single(quiet.Alerts, a => a.RuleId == "dormant_reactivation").Summary, StringComparison.Ordinal);

        var active = new Run();
        active.Opened(-200 * 24);
        active.Card(-80 * 24, 2_000);
        active.Credit(0, 250_000);
        Assert.DoesNotContain(active.Alerts, a => a.RuleId == "dormant_reactivation");
    }

    [Fact]
    public void Card_testing_fires_on_many_small_declines_within_the_hour()
    {
        var run = new Run();
        for (var i = 0; i < 4; i++)
        {
            run.Declined(i * 0.1, 100, merchant: $"m{i}");
        }

        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "card_testing");
        run.Declined(0.5, 99, merchant: "m9");
        var alert = Assert.Single(run.Alerts, a => a.RuleId == "card_testing");
        Assert.Equal(80, alert.Score);
        Assert.Contains("5 merchant(s)", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_testing_ignores_large_declines_and_slow_ones()
    {
        var run = new Run();
        for (var i = 0; i < 5; i++)
        {
            run.Declined(i * 0.1, 20_000);
        }

        for (var i = 0; i < 5; i++)
        {
            run.Declined(10 + (i * 2), 100);
        }

        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "card_testing");
    }

    [Fact]
    public void Fan_out_fires_on_payments_to_many_distinct_counterparties()
    {
        var run = new Run();
        for (var i = 0; i < 9; i++)
        {
            run.Debit(i, 20_000, counterparty: $"payee {i}");
        }

        run.Debit(10, 20_000, counterparty: "payee 0");
        Assert.DoesNotContain(run.Alerts, a => a.RuleId == "fan_out");
        run.Debit(11, 20_000, counterparty: "payee 9");
        Assert.Contains("10 distinct", Assert.Single(run.Alerts, a => a.RuleId == "fan_out").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Cash_over_the_threshold_in_one_business_day_is_reported_once()
    {
        var run = new Run();
        run.Credit(0, 600_000, cash: true);
        Assert.Empty(run.Reports);
        run.Credit(1, 500_000, cash: true);
        run.Credit(2, 500_000, cash: true);
        var report = Assert.Single(run.Reports);
        Assert.Equal(1_100_000, report.CashIn);
        Assert.Equal(2, report.Evidence.Count);
        Assert.Equal(new DateOnly(2026, 3, 2), report.BusinessDate);
    }

    [Fact]
    public void Exactly_the_threshold_is_not_over_it()
    {
        var run = new Run();
        run.Credit(0, 1_000_000, cash: true);
        Assert.Empty(run.Reports);
    }

    [Fact]
    public void Profiles_round_trip_through_their_serialized_form()
    {
        var run = new Run();
        run.Opened(-24);
        run.Credit(0, 950_000, cash: true, country: "IR", counterparty: "x");
        run.Declined(1, 100);
        var profile = run.Engine.Profile(Run.Account)!;
        var copy = AccountProfile.Deserialize(Run.Account, profile.Serialize());
        Assert.Equal(profile.Serialize(), copy.Serialize());
        Assert.Equal(2, copy.Recent.Count);

        // An engine given the copy goes on exactly as the original would.
        var other = new MonitoringEngine(RuleSet.Default);
        other.Load([copy]);
        var alerts = new List<Alert>();
        other.Evaluate(Run.Event(99, 20, MonitoredKind.In, 950_000, cash: true), alerts, []);
        Assert.Contains(alerts, a => a.RuleId == "structuring");
    }

    [Fact]
    public void Log_records_become_monitored_events()
    {
        var credit = new LogEvent { Seq = 7, TimestampMicros = 1_000, Type = EventType.AccountCredited, Management = new AccountCredited("a1", 5_000, "USD", "dep-1", 5_000, new MoneyDetails("cash", "US", "branch 12")) };
        Assert.True(MonitoredEvent.TryFrom(credit, out var e));
        Assert.Equal((MonitoredKind.In, 5_000L, true, "US"), (e!.Kind, e.Amount, e.Cash, e.Country));

        var adjustment = new LogEvent { Seq = 8, Type = EventType.AccountCredited, Management = new AccountCredited("a1", 5_000, "USD", "adj:k1", 10_000) };
        Assert.False(MonitoredEvent.TryFrom(adjustment, out _));

        var auth = new LogEvent { Seq = 9, Type = EventType.Authorization };
        auth.Card.Reset();
        auth.Card.AccountId = Text40.From("a1");
        auth.Card.Approved = false;
        auth.Card.RequestedAmount = 100;
        auth.Card.Mcc = 6011;
        Assert.True(MonitoredEvent.TryFrom(auth, out var declined));
        Assert.Equal((MonitoredKind.Declined, 100L, true), (declined!.Kind, declined.Amount, declined.Cash));
    }

    /// <summary>Feeds one account's events (hours from <see cref="Start"/>) to an engine with the default rules.</summary>
    private sealed class Run
    {
        public const string Account = "acct-1";
        private long _seq;

        public MonitoringEngine Engine { get; } = new(RuleSet.Default);

        public List<Alert> Alerts { get; } = [];

        public List<CashReport> Reports { get; } = [];

        public static MonitoredEvent Event(long seq, double hours, MonitoredKind kind, long amount, bool cash = false, string? country = null, string? counterparty = null) =>
            new(seq, (Start.AddHours(hours) - DateTimeOffset.UnixEpoch).Ticks / 10, Account, "prog", kind, amount, "USD", cash, country, counterparty, EventType.AccountCredited);

        public void Opened(double hours) => Feed(MonitoredKind.Opened, hours, 0);

        public void Credit(double hours, long amount, bool cash = false, string? country = null, string? counterparty = null) => Feed(MonitoredKind.In, hours, amount, cash, country, counterparty);

        public void Debit(double hours, long amount, bool cash = false, string? counterparty = null) => Feed(MonitoredKind.Out, hours, amount, cash, null, counterparty);

        public void Card(double hours, long amount, string? country = null) => Feed(MonitoredKind.Out, hours, amount, false, country, "merchant");

        public void Declined(double hours, long amount, string? merchant = null) => Feed(MonitoredKind.Declined, hours, amount, false, null, merchant);

        private void Feed(MonitoredKind kind, double hours, long amount, bool cash = false, string? country = null, string? counterparty = null) =>
            Engine.Evaluate(Event(++_seq, hours, kind, amount, cash, country, counterparty), Alerts, Reports);
    }
}
