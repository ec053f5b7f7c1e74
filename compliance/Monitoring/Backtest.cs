using System.Diagnostics;
using Baas.Events;
using Baas.Events.Log;

namespace Baas.Compliance.Monitoring;

/// <summary>What a rule set would have raised over a recorded log.</summary>
/// <param name="RuleVersion">The rule set's version.</param>
/// <param name="Records">Log records read.</param>
/// <param name="Monitored">Records the rules evaluated.</param>
/// <param name="FirstSeq">First sequence read (0 when none).</param>
/// <param name="LastSeq">Last sequence read.</param>
/// <param name="Accounts">Accounts with a profile.</param>
/// <param name="ByRule">Per rule: alerts, of which at or above the triage threshold, and accounts alerted.</param>
/// <param name="Cases">Accounts that would have a case (an alert at or above the triage threshold).</param>
/// <param name="CashReports">Currency transaction reports that would be drafted.</param>
/// <param name="Elapsed">Time spent reading and evaluating.</param>
public sealed record BacktestReport(
    string RuleVersion,
    long Records,
    long Monitored,
    long FirstSeq,
    long LastSeq,
    int Accounts,
    IReadOnlyList<BacktestRuleCount> ByRule,
    int Cases,
    int CashReports,
    TimeSpan Elapsed)
{
    /// <summary>Records per second through decode and the rules.</summary>
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Records / Elapsed.TotalSeconds : 0;
}

/// <summary>One rule's count in a backtest.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Alerts">Alerts it raised.</param>
/// <param name="Triaged">Of those, at or above the triage threshold.</param>
/// <param name="Accounts">Distinct accounts alerted.</param>
public sealed record BacktestRuleCount(string RuleId, int Alerts, int Triaged, int Accounts);

/// <summary>
/// <c>baas compliance backtest</c>: replays a recorded authorization log (the authorizer's segment files) through
/// a rule set in memory and counts what it would raise. Touches no database and no live case; the events' own
/// timestamps drive every window, so the count is what the live consumer would have raised with these rules.
/// </summary>
public static class Backtest
{
    /// <summary>Runs <paramref name="rules"/> over the log in <paramref name="logDirectory"/>; <paramref name="onAlert"/> sees each alert.</summary>
    public static BacktestReport Run(RuleSet rules, string logDirectory, Action<Alert>? onAlert = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!Directory.Exists(logDirectory))
        {
            throw new DirectoryNotFoundException($"no log directory at {logDirectory}");
        }

        var started = Stopwatch.GetTimestamp();
        var engine = new MonitoringEngine(rules);
        var decoded = new LogEvent();
        var alerts = new List<Alert>();
        var reports = new List<CashReport>();
        var all = new List<Alert>();
        long records = 0, monitored = 0, first = 0, last = 0;
        var cashReports = 0;
        using (var reader = new SegmentLogReader(logDirectory))
        {
            reader.Seek(1);
            while (reader.TryReadNext())
            {
                records++;
                first = first == 0 ? reader.LastSeq : first;
                last = reader.LastSeq;
                if (!decoded.TryDecode(reader.Current) || !MonitoredEvent.TryFrom(decoded, out var e))
                {
                    continue;
                }

                monitored++;
                engine.Evaluate(e!, alerts, reports);
                cashReports += reports.Count;
                reports.Clear();
                foreach (var a in alerts)
                {
                    onAlert?.Invoke(a);
                    all.Add(a);
                }

                alerts.Clear();
                if ((monitored & 0xFFFF) == 0)
                {
                    engine.ClearDirty();
                }
            }
        }

        var byRule = rules.Rules.Select(r =>
        {
            var hits = all.Where(a => a.RuleId == r.Id).ToList();
            return new BacktestRuleCount(r.Id, hits.Count, hits.Count(a => a.Score >= rules.TriageThreshold), hits.Select(a => a.AccountId).Distinct(StringComparer.Ordinal).Count());
        }).ToList();
        var cases = all.Where(a => a.Score >= rules.TriageThreshold).Select(a => a.AccountId).Distinct(StringComparer.Ordinal).Count();
        return new BacktestReport(rules.Version, records, monitored, first, last, engine.Accounts, byRule, cases, cashReports, Stopwatch.GetElapsedTime(started));
    }
}
