using System.Globalization;

namespace Baas.Compliance.Monitoring;

/// <summary>
/// Runs a <see cref="RuleSet"/> over monitored events, one account profile at a time, in log order. Each event
/// updates its account's profile (recent events, daily totals, the day's cash) and is checked against every
/// enabled rule; a rule fires at most once per account per window (its cooldown), so a pattern that goes on
/// raises one alert, not one per event. Time is the events' own clock, so a backtest of a recorded log raises
/// exactly what the live consumer raised. Not thread-safe: one consumer drives it.
/// </summary>
public sealed class MonitoringEngine
{
    private const long MicrosPerDay = 86_400_000_000L;
    private static readonly TimeSpan DefaultCooldown = TimeSpan.FromHours(24);
    private static readonly TimeZoneInfo BusinessZone = FindBusinessZone();

    private readonly Dictionary<string, AccountProfile> _profiles = new(StringComparer.Ordinal);
    private readonly HashSet<AccountProfile> _dirty = [];
    private readonly long _horizonMicros;
    private readonly HashSet<string> _highRisk;

    /// <param name="rules">The rule set to run.</param>
    public MonitoringEngine(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        _horizonMicros = Math.Max(rules.LongestWindow.Ticks / 10, MicrosPerDay);
        _highRisk = new HashSet<string>(rules.HighRiskCountries, StringComparer.Ordinal);
    }

    /// <summary>The rule set this engine runs.</summary>
    public RuleSet Rules { get; }

    /// <summary>Accounts with a profile in memory.</summary>
    public int Accounts => _profiles.Count;

    /// <summary>Profiles changed since <see cref="ClearDirty"/>.</summary>
    public IReadOnlyCollection<AccountProfile> Dirty => _dirty;

    /// <summary>True when the account's profile is in memory.</summary>
    public bool Has(string accountId) => _profiles.ContainsKey(accountId);

    /// <summary>Puts profiles read from storage in memory (accounts already there keep theirs).</summary>
    public void Load(IEnumerable<AccountProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        foreach (var p in profiles)
        {
            _profiles.TryAdd(p.AccountId, p);
        }
    }

    /// <summary>Forgets the dirty set (after the profiles were stored).</summary>
    public void ClearDirty() => _dirty.Clear();

    /// <summary>Forgets everything (after a failed store: memory is ahead of the database; profiles are read again).</summary>
    public void Reset()
    {
        _profiles.Clear();
        _dirty.Clear();
    }

    /// <summary>The profile of an account (null when none is in memory).</summary>
    public AccountProfile? Profile(string accountId) => _profiles.GetValueOrDefault(accountId);

    /// <summary>The business day (New York) of a moment.</summary>
    public static DateOnly BusinessDate(long timestampMicros) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UnixEpoch.AddTicks(timestampMicros * 10), BusinessZone).DateTime);

    /// <summary>Updates the account's profile with <paramref name="e"/> and adds what it raised to <paramref name="alerts"/> and <paramref name="reports"/>.</summary>
    public void Evaluate(MonitoredEvent e, List<Alert> alerts, List<CashReport> reports)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(reports);
        if (!_profiles.TryGetValue(e.AccountId, out var p))
        {
            p = new AccountProfile(e.AccountId);
            _profiles.Add(e.AccountId, p);
        }

        _dirty.Add(p);
        p.ProgramId ??= e.ProgramId;
        if (e.Kind == MonitoredKind.Opened)
        {
            p.FirstSeenMicros = p.FirstSeenMicros == 0 ? e.TimestampMicros : Math.Min(p.FirstSeenMicros, e.TimestampMicros);
            return;
        }

        if (p.FirstSeenMicros == 0)
        {
            p.FirstSeenMicros = e.TimestampMicros;
        }

        var previousActivity = p.LastActivityMicros != 0 ? p.LastActivityMicros : p.FirstSeenMicros;
        var entry = new RecentEntry(e.Seq, e.TimestampMicros, e.Amount, e.Kind, e.Cash, RecentEntry.PackCountry(e.Country), RecentEntry.HashCounterparty(e.Counterparty));
        p.Remember(entry, e.TimestampMicros - _horizonMicros);
        if (e.Kind is MonitoredKind.In or MonitoredKind.Out)
        {
            p.AddDaily(Day(e.TimestampMicros), e.Amount);
            p.LastActivityMicros = e.TimestampMicros;
            if (e.Cash)
            {
                TrackCash(p, e, reports);
            }
        }

        foreach (var rule in Rules.Rules)
        {
            if (!rule.Enabled || InCooldown(p, rule, e.TimestampMicros))
            {
                continue;
            }

            var alert = rule.Kind switch
            {
                RuleKinds.Structuring => Structuring(rule, p, e),
                RuleKinds.RapidMovement => RapidMovement(rule, p, e),
                RuleKinds.HighRiskJurisdiction => HighRisk(rule, p, e),
                RuleKinds.VolumeSpike => VolumeSpike(rule, p, e),
                RuleKinds.RoundAmounts => RoundAmounts(rule, p, e),
                RuleKinds.DormantReactivation => Dormant(rule, p, e, previousActivity),
                RuleKinds.CardTesting => CardTesting(rule, p, e),
                RuleKinds.FanOut => FanOut(rule, p, e),
                _ => null,
            };
            if (alert is not null)
            {
                p.LastFired[rule.Id] = e.TimestampMicros;
                alerts.Add(alert);
            }
        }
    }

    private static int Day(long micros) => (int)Math.Floor(micros / (double)MicrosPerDay);

    private static bool InCooldown(AccountProfile p, RuleDefinition rule, long now)
    {
        if (!p.LastFired.TryGetValue(rule.Id, out var last))
        {
            return false;
        }

        var cooldown = rule.WindowHours is not null ? rule.Window : DefaultCooldown;
        return now - last < cooldown.Ticks / 10;
    }

    private void TrackCash(AccountProfile p, MonitoredEvent e, List<CashReport> reports)
    {
        var date = BusinessDate(e.TimestampMicros);
        var day = date.DayNumber;
        var cash = p.Cash.Day == day ? p.Cash : (Day: day, In: 0L, Out: 0L, InReported: false, OutReported: false);
        if (e.Kind == MonitoredKind.In)
        {
            cash.In += e.Amount;
        }
        else
        {
            cash.Out += e.Amount;
        }

        var inCrossed = !cash.InReported && cash.In > Rules.CashThreshold;
        var outCrossed = !cash.OutReported && cash.Out > Rules.CashThreshold;
        if (inCrossed || outCrossed)
        {
            cash.InReported |= inCrossed;
            cash.OutReported |= outCrossed;
            var evidence = p.Recent.Where(r => r.Cash && r.Kind is MonitoredKind.In or MonitoredKind.Out && BusinessDate(r.TimestampMicros).DayNumber == day).Select(r => r.Seq).ToList();
            reports.Add(new CashReport(p.AccountId, p.ProgramId, date, cash.In, cash.Out, e.Seq, evidence));
        }

        p.Cash = cash;
    }

    private Alert Raise(RuleDefinition rule, AccountProfile p, MonitoredEvent e, string summary, IEnumerable<RecentEntry> evidence, long amount) =>
        new(rule.Id, Rules.Version, rule.Kind, rule.Score, p.AccountId, p.ProgramId, e.Seq, e.TimestampMicros, summary, [.. evidence.Select(x => x.Seq)], amount);

    private static IEnumerable<RecentEntry> Window(AccountProfile p, RuleDefinition rule, long now)
    {
        var from = now - (rule.Window.Ticks / 10);
        return p.Recent.Where(r => r.TimestampMicros > from && r.TimestampMicros <= now);
    }

    private Alert? Structuring(RuleDefinition rule, AccountProfile p, MonitoredEvent e)
    {
        var threshold = Rules.CashThreshold;
        var floor = (long)Math.Ceiling(threshold * rule.MinFraction!.Value);
        if (!e.Cash || e.Kind is not (MonitoredKind.In or MonitoredKind.Out) || e.Amount < floor || e.Amount >= threshold)
        {
            return null;
        }

        var near = Window(p, rule, e.TimestampMicros).Where(r => r.Cash && r.Kind == e.Kind && r.Amount >= floor && r.Amount < threshold).ToList();
        var total = near.Sum(r => r.Amount);
        if (near.Count < rule.MinCount || total <= threshold)
        {
            return null;
        }

        var what = e.Kind == MonitoredKind.In ? "deposits" : "withdrawals";
        return Raise(rule, p, e, $"{near.Count} cash {what} of {Money(floor)} to {Money(threshold - 1)} within {Hours(rule)} add up to {Money(total)}, over the {Money(threshold)} reporting threshold", near, total);
    }

    private Alert? RapidMovement(RuleDefinition rule, AccountProfile p, MonitoredEvent e)
    {
        if (e.Kind != MonitoredKind.Out)
        {
            return null;
        }

        var window = Window(p, rule, e.TimestampMicros).ToList();
        var firstIn = window.FindIndex(r => r.Kind == MonitoredKind.In);
        if (firstIn < 0)
        {
            return null;
        }

        var inflow = window.Where(r => r.Kind == MonitoredKind.In).Sum(r => r.Amount);
        var after = window.Skip(firstIn).Where(r => r.Kind == MonitoredKind.Out).ToList();
        var outflow = after.Sum(r => r.Amount);
        if (inflow < rule.MinAmount || outflow < inflow * rule.OutRatio!.Value)
        {
            return null;
        }

        return Raise(rule, p, e, $"{Money(inflow)} came in and {Money(outflow)} ({outflow * 100 / inflow}%) went out again within {Hours(rule)}", window.Where(r => r.Kind == MonitoredKind.In).Concat(after).OrderBy(r => r.Seq), inflow);
    }

    private Alert? HighRisk(RuleDefinition rule, AccountProfile p, MonitoredEvent e)
    {
        if (e.Kind is not (MonitoredKind.In or MonitoredKind.Out) || e.Country is null || e.Amount < rule.MinAmount)
        {
            return null;
        }

        var listed = rule.Countries is { } own ? own.Contains(e.Country, StringComparer.Ordinal) : _highRisk.Contains(e.Country);
        if (!listed)
        {
            return null;
        }

        var direction = e.Kind == MonitoredKind.In ? "from" : "to";
        return Raise(rule, p, e, $"{Money(e.Amount)} {direction} {e.Country}, a high-risk jurisdiction", [p.Recent[^1]], e.Amount);
    }

    private Alert? VolumeSpike(RuleDefinition rule, AccountProfile p, MonitoredEvent e)
    {
        if (e.Kind is not (MonitoredKind.In or MonitoredKind.Out))
        {
            return null;
        }

        var historyDays = (e.TimestampMicros - p.FirstSeenMicros) / (double)MicrosPerDay;
        if (historyDays < rule.MinHistoryDays)
        {
            return null;
        }

        var window = Window(p, rule, e.TimestampMicros).Where(r => r.Kind is MonitoredKind.In or MonitoredKind.Out).ToList();
        var value = window.Sum(r => r.Amount);
        if (value < rule.MinAmount)
        {
            return null;
        }

        // The baseline: the days before the window, averaged over the days the account existed (at most baselineDays).
        var windowStartDay = Day(e.TimestampMicros - (rule.Window.Ticks / 10));
        var days = (int)Math.Min(rule.BaselineDays!.Value, Math.Max(1, Math.Floor(historyDays - rule.Window.TotalDays)));
        var baseline = p.DailyTotal(windowStartDay - days, windowStartDay - 1) / (double)days;
        var windowDays = Math.Max(1, rule.Window.TotalDays);
        if (value < rule.Multiplier!.Value * Math.Max(baseline, 1) * windowDays)
        {
            return null;
        }

        return Raise(rule, p, e, $"{Money(value)} moved within {Hours(rule)} against a {days}-day baseline of {Money((long)baseline)} a day ({(baseline < 1 ? "no activity" : $"{value / (baseline * windowDays):0.0}x")})", window, value);
    }

    private Alert? RoundAmounts(RuleDefinition rule, AccountProfile p, MonitoredEvent e)
    {
        bool Round(long amount) => amount >= rule.MinAmount && amount % rule.Unit!.Value == 0;
        if (e.Kind is not (MonitoredKind.In or MonitoredKind.Out) || !Round(e.Amount))
        {
            return null;
        }

        var round = Window(p, rule, e.TimestampMicros).Where(r => r.Kind is MonitoredKind.In or MonitoredKind.Out && Round(r.Amount)).ToList();
        if (round.Count < rule.MinCount)
        {
            return null;
        }

        return Raise(rule, p, e, $"{round.Count} round amounts (multiples of {Money(rule.Unit!.Value)}, at least {Money(rule.MinAmount!.Value)}) within {Hours(rule)}, {Money(round.Sum(r => r.Amount))} in all", round, round.Sum(r => r.Amount));
    }

    private Alert? Dormant(RuleDefinition rule, AccountProfile p, MonitoredEvent e, long previousActivity)
    {
        if (e.Kind is not (MonitoredKind.In or MonitoredKind.Out) || e.Amount < rule.MinAmount || previousActivity == 0 || previousActivity == e.TimestampMicros)
        {
            return null;
        }

        var quiet = (e.TimestampMicros - previousActivity) / (double)MicrosPerDay;
        if (quiet < rule.DormantDays)
        {
            return null;
        }

        return Raise(rule, p, e, $"{Money(e.Amount)} moved after {Math.Floor(quiet).ToString(CultureInfo.InvariantCulture)} days without activity", [p.Recent[^1]], e.Amount);
    }

    private Alert? CardTesting(RuleDefinition rule, AccountProfile p, MonitoredEvent e)
    {
        if (e.Kind != MonitoredKind.Declined || e.Amount > rule.MaxAmount)
        {
            return null;
        }

        var small = Window(p, rule, e.TimestampMicros).Where(r => r.Kind == MonitoredKind.Declined && r.Amount <= rule.MaxAmount).ToList();
        if (small.Count < rule.MinCount)
        {
            return null;
        }

        var merchants = small.Select(r => r.Counterparty).Where(c => c != 0).Distinct().Count();
        return Raise(rule, p, e, $"{small.Count} declined authorizations of at most {Money(rule.MaxAmount!.Value)} within {Hours(rule)} at {merchants} merchant(s)", small, small.Sum(r => r.Amount));
    }

    private Alert? FanOut(RuleDefinition rule, AccountProfile p, MonitoredEvent e)
    {
        if (e.Kind != MonitoredKind.Out || e.Counterparty is null)
        {
            return null;
        }

        var outs = Window(p, rule, e.TimestampMicros).Where(r => r.Kind == MonitoredKind.Out && r.Counterparty != 0).ToList();
        var distinct = outs.Select(r => r.Counterparty).Distinct().Count();
        var total = outs.Sum(r => r.Amount);
        if (distinct < rule.MinCount || total < rule.MinAmount)
        {
            return null;
        }

        return Raise(rule, p, e, $"{Money(total)} paid out to {distinct} distinct counterparties within {Hours(rule)}", outs, total);
    }

    private static string Hours(RuleDefinition rule) =>
        rule.Window.TotalHours < 1 ? $"{rule.Window.TotalMinutes:0} minutes" : rule.Window.TotalHours == 1 ? "1 hour" : $"{rule.Window.TotalHours:0.#} hours";

    /// <summary>Minor units as dollars and cents (amounts in rule summaries; the currency is the account's).</summary>
    internal static string Money(long minor) => (minor / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);

    private static TimeZoneInfo FindBusinessZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // No tz database: New York standard time all year (an hour off in summer, around midnight only).
            return TimeZoneInfo.CreateCustomTimeZone("EST", TimeSpan.FromHours(-5), "EST", "EST");
        }
    }
}
