using Baas.Compliance.Cases;
using Baas.Compliance.Monitoring;
using Baas.Events;
using Baas.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baas.Compliance.Tests.Cases;

/// <summary>
/// Monitoring into PostgreSQL and the case lifecycle: alerts recorded once however often the log is delivered,
/// profiles that survive a new handler, cases opened and joined, legal and illegal transitions, and the SAR clock
/// (30 days, 60 without a suspect, 90/120 after a filing) read with a fake clock.
/// </summary>
public class CaseLifecycleTests
{
    private static readonly DateTimeOffset Detected = new(2026, 1, 5, 14, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task Alerts_are_recorded_once_and_profiles_survive_a_new_handler()
    {
        await using var db = await ComplianceDatabase.CreateAsync();
        var handler = new MonitoringHandler(db.DataSource, RuleSet.Default, "compliance", NullLogger.Instance);
        var first = Deposit(1, Detected, 950_000);
        var second = Deposit(2, Detected.AddHours(3), 900_000);
        Assert.Equal(2, await handler.HandleAsync([first, second], default));
        Assert.Equal(2, await handler.PositionAsync(default));

        // Delivered again (a takeover, a Redis restart): nothing new.
        await handler.HandleAsync([first, second], default);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM compliance.alerts WHERE rule_id = 'structuring'"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM compliance.cases"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM compliance.filings WHERE kind = 'ctr' AND cash_in = 1850000"));

        // A new handler (a restart) reads the profile: a third deposit inside the cooldown raises nothing, one after it does.
        var restarted = new MonitoringHandler(db.DataSource, RuleSet.Default, "compliance", NullLogger.Instance);
        await restarted.HandleAsync([Deposit(3, Detected.AddHours(5), 920_000)], default);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM compliance.alerts WHERE rule_id = 'structuring'"));
        await restarted.HandleAsync([Deposit(4, Detected.AddHours(80), 940_000), Deposit(5, Detected.AddHours(81), 940_000)], default);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM compliance.alerts WHERE rule_id = 'structuring'"));

        // Both structuring alerts joined the one open case on the account.
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM compliance.cases"));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM compliance.alerts WHERE case_id IS NOT NULL"));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM compliance.filings WHERE kind = 'ctr'"));
    }

    [PostgresFact]
    public async Task Alerts_below_the_triage_threshold_are_logged_without_a_case()
    {
        await using var db = await ComplianceDatabase.CreateAsync();
        var handler = new MonitoringHandler(db.DataSource, RuleSet.Default, "compliance", NullLogger.Instance);
        long seq = 0;
        var records = new List<Baas.Events.Consumers.LogRecord>();
        foreach (var amount in new[] { 400_000L, 300_000, 500_000 })
        {
            seq++;
            records.Add(ManagementRecords.Record(seq, Detected.AddHours(seq * 30), new AccountCredited("acct-r", amount, "USD", $"r{seq}", 0)));
        }

        await handler.HandleAsync(records, default);
        Assert.Equal("logged", await db.ScalarAsync<string>("SELECT status FROM compliance.alerts WHERE rule_id = 'round_amounts'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM compliance.cases"));
    }

    [PostgresFact]
    public async Task A_case_moves_only_along_legal_transitions_and_keeps_its_history()
    {
        await using var db = await ComplianceDatabase.CreateAsync();
        var clock = new FixedTimeProvider(Detected.AddDays(1));
        var cases = new CaseStore(db.DataSource, clock);
        var id = await OpenCaseAsync(db);

        var illegal = await Assert.ThrowsAsync<CaseException>(() => cases.TransitionAsync(id, "closed", "no_action", "a1", null, false, default));
        Assert.Equal(409, illegal.Status);
        Assert.Equal(400, (await Assert.ThrowsAsync<CaseException>(() => cases.TransitionAsync(id, "investigating", "no_action", "a1", null, false, default))).Status);
        await cases.AssignAsync(id, "analyst-1", "lead", default);
        await cases.TransitionAsync(id, "investigating", null, "analyst-1", "looking", false, default);
        await cases.NoteAsync(id, "customer says the cash came from a car sale", "analyst-1", default);
        Assert.Equal(400, (await Assert.ThrowsAsync<CaseException>(() => cases.TransitionAsync(id, "closed", null, "analyst-1", null, false, default))).Status);
        var noSar = await Assert.ThrowsAsync<CaseException>(() => cases.TransitionAsync(id, "closed", "sar_filed", "analyst-1", null, false, default));
        Assert.Contains("no SAR", noSar.Message, StringComparison.Ordinal);
        var closed = await cases.TransitionAsync(id, "closed", "no_action", "analyst-1", "explained", false, default);
        Assert.Equal(("closed", "no_action", "not_required"), (closed.State, closed.Disposition, closed.SarStatus));
        Assert.Equal(409, (await Assert.ThrowsAsync<CaseException>(() => cases.TransitionAsync(id, "investigating", null, "a1", null, false, default))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<CaseException>(() => cases.AssignAsync(id + 1000, "x", "a1", default))).Status);

        var detail = (await cases.GetAsync(id, default))!;
        Assert.Equal(["opened", "assigned", "transition", "note", "transition"], detail.History.Select(h => h.Kind));
        Assert.Equal("analyst-1", detail.Case.Assignee);
        Assert.Single(detail.Alerts);
    }

    [PostgresFact]
    public async Task The_SAR_clock_runs_30_days_or_60_without_a_suspect_and_90_120_after_a_filing()
    {
        await using var db = await ComplianceDatabase.CreateAsync();
        var clock = new FixedTimeProvider(Detected.AddDays(1));
        var cases = new CaseStore(db.DataSource, clock);
        var id = await OpenCaseAsync(db);
        var view = (await cases.GetAsync(id, default))!.Case;
        Assert.Equal((Detected.AddHours(3).AddDays(30), "pending"), (view.SarDueAt, view.SarStatus));

        clock.Now = Detected.AddDays(25);
        Assert.Equal("due_soon", (await cases.GetAsync(id, default))!.Case.SarStatus);
        Assert.Equal((0L, 1L, 0L, 1L), await cases.ClockAsync(default));
        clock.Now = Detected.AddDays(31);
        Assert.Equal("overdue", (await cases.GetAsync(id, default))!.Case.SarStatus);
        Assert.Equal([id], (await cases.ListAsync(null, null, "overdue", null, 10, default)).Select(c => c.Id));

        var extended = await cases.SetSuspectAsync(id, identified: false, "analyst-1", default);
        Assert.Equal((Detected.AddHours(3).AddDays(60), "pending"), (extended.SarDueAt, extended.SarStatus));
        Assert.Empty(await cases.ListAsync(null, null, "overdue", null, 10, default));

        // A SAR filed on day 40: the deadline is met; reviews every 90 days, next filing due 120 days after.
        var filedAt = Detected.AddDays(40);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await CaseStore.SarFiledAsync(connection, tx, id, 1, filedAt, "analyst-1", default);
            await tx.CommitAsync();
        }

        await cases.TransitionAsync(id, "investigating", null, "analyst-1", null, false, default);
        var closed = await cases.TransitionAsync(id, "closed", "sar_filed", "analyst-1", "activity continues", continuingActivity: true, default);
        Assert.Equal((filedAt.AddDays(90), filedAt.AddDays(120), true), (closed.NextReviewAt!.Value, closed.NextFilingDueAt!.Value, closed.ContinuingActivity));
        clock.Now = filedAt.AddDays(91);
        Assert.Equal([id], (await cases.ListAsync(null, null, "review_due", null, 10, default)).Select(c => c.Id));
        clock.Now = filedAt.AddDays(121);
        Assert.Equal("overdue", (await cases.GetAsync(id, default))!.Case.SarStatus);
        Assert.Equal(400, (await Assert.ThrowsAsync<CaseException>(() => cases.ListAsync(null, null, "someday", null, 10, default))).Status);
    }

    private static Baas.Events.Consumers.LogRecord Deposit(long seq, DateTimeOffset at, long amount) =>
        ManagementRecords.Record(seq, at, new AccountCredited("acct-s", amount, "USD", $"dep-{seq}", 0, new MoneyDetails("cash", "US", "branch 1")));

    private static async Task<long> OpenCaseAsync(ComplianceDatabase db)
    {
        var handler = new MonitoringHandler(db.DataSource, RuleSet.Default, "compliance", NullLogger.Instance);
        await handler.HandleAsync([Deposit(1, Detected, 950_000), Deposit(2, Detected.AddHours(3), 900_000)], default);
        return await db.ScalarAsync<long>("SELECT id FROM compliance.cases");
    }
}
