using System.Text;
using Baas.Events;
using Baas.Events.Consumers;
using Baas.Kyc.Monitoring;
using Baas.Testing;

namespace Baas.Kyc.Tests.Workflow;

/// <summary>Ongoing monitoring: log records, compliance's alerts and filings, and the clock move approved customers; the authorizer follows.</summary>
public sealed class MonitoringTests
{
    private static ReadOnlyMemory<byte> Sim(string outcome) => Encoding.UTF8.GetBytes($$"""{"provider":"simulator","outcome":"{{outcome}}"}""");

    private static async Task<string> ApprovedWithAccountAsync(KycDatabase db, string account, CustomerApplication? application = null)
    {
        var (customer, _) = await db.Service.CreateAsync(application ?? Applicants.Plausible(), null, "api", default);
        await db.Service.AddAccountAsync(customer.Id, account, null, "USD", default);
        Assert.Equal("restricted", db.Accounts.StatusOf(account));
        await db.Service.SubmitAsync(customer.Id, "document", Sim("pass"), "api", default);
        Assert.Equal(KycStates.ApprovedStandard, (await db.Service.SubmitAsync(customer.Id, "liveness", Sim("pass"), "api", default)).State);
        Assert.Equal("ok", db.Accounts.StatusOf(account));
        return customer.Id;
    }

    private static LogRecord Credit(long seq, DateTimeOffset at, string account, long amount, string? country = "US") =>
        ManagementRecords.Record(seq, at, new AccountCredited(account, amount, "USD", "dep-" + seq, amount, new MoneyDetails("ach", country, "employer")));

    [PostgresFact]
    public async Task A_large_deposit_asks_for_edd_and_a_sanctioned_jurisdiction_suspends_and_declines()
    {
        await using var db = await KycDatabase.CreateAsync();
        var customer = await ApprovedWithAccountAsync(db, "acc-m1");
        var handler = new KycMonitoringHandler(db.Service);
        var now = db.Clock.GetUtcNow();

        // Small deposits and accounts no customer holds change nothing.
        Assert.Equal(2, await handler.HandleAsync([Credit(1, now, "acc-m1", 50_000), Credit(2, now, "someone-else", 5_000_000)], default));
        Assert.Equal(KycStates.ApprovedStandard, (await db.Service.Store.GetAsync(customer, default))!.State);

        await handler.HandleAsync([Credit(3, now, "acc-m1", 1_200_000)], default);
        var edd = (await db.Service.Store.GetAsync(customer, default))!;
        Assert.Equal(KycStates.ApprovedEddRequired, edd.State);
        Assert.Equal("large_deposit", edd.History[^1].Cause);
        Assert.Equal(3, edd.History[^1].Evidence!.Value.GetProperty("seq").GetInt64());
        Assert.Equal("ok", db.Accounts.StatusOf("acc-m1"));

        await handler.HandleAsync([Credit(4, now, "acc-m1", 10_000, country: "IR")], default);
        var suspended = (await db.Service.Store.GetAsync(customer, default))!;
        Assert.Equal(KycStates.SuspendedPendingReview, suspended.State);
        Assert.Equal("sanctioned_jurisdiction", suspended.History[^1].Cause);
        Assert.Equal("suspended", db.Accounts.StatusOf("acc-m1"));
        Assert.Equal(4L, await handler.PositionAsync(default));

        // Delivered again (at-least-once): nothing twice.
        var transitions = suspended.History.Count;
        await handler.HandleAsync([Credit(3, now, "acc-m1", 1_200_000), Credit(4, now, "acc-m1", 10_000, country: "IR")], default);
        Assert.Equal(transitions, (await db.Service.Store.GetAsync(customer, default))!.History.Count);

        // Review reinstates; the authorizer hears it.
        var back = await db.Service.ReviewAsync(customer, new ReviewDecision("approve", "travel refund, documented", "ana", Edd: true), "admin", default);
        Assert.Equal(KycStates.ApprovedEddRequired, back.State);
        Assert.Equal("ok", db.Accounts.StatusOf("acc-m1"));
    }

    [PostgresFact]
    public async Task Money_in_above_the_declared_activity_asks_for_edd()
    {
        await using var db = await KycDatabase.CreateAsync();
        var customer = await ApprovedWithAccountAsync(db, "acc-m2");
        var handler = new KycMonitoringHandler(db.Service);
        var now = db.Clock.GetUtcNow();

        // Declared $4,000 a month; three times that with the $5,000 floor is $12,000: $11,000 in 30 days is fine.
        await handler.HandleAsync([Credit(1, now.AddDays(-20), "acc-m2", 500_000), Credit(2, now.AddDays(-1), "acc-m2", 600_000)], default);
        Assert.Equal(KycStates.ApprovedStandard, (await db.Service.Store.GetAsync(customer, default))!.State);
        await handler.HandleAsync([Credit(3, now, "acc-m2", 200_000)], default);
        var after = (await db.Service.Store.GetAsync(customer, default))!;
        Assert.Equal(KycStates.ApprovedEddRequired, after.State);
        Assert.Equal("activity_above_expected", after.History[^1].Cause);
        Assert.Equal(1_300_000, after.History[^1].Evidence!.Value.GetProperty("inflow30Days").GetInt64());
    }

    [PostgresFact]
    public async Task Compliance_alerts_and_sar_filings_reach_the_customer()
    {
        await using var db = await KycDatabase.CreateAsync();
        var listed = await ApprovedWithAccountAsync(db, "acc-f1");
        var filed = await ApprovedWithAccountAsync(db, "acc-f2", Applicants.Plausible("Lena", "Fischer", "536-22-3333"));
        var feed = new ComplianceFeed(db.Service);
        Assert.Equal(0, await feed.PollAsync(default));

        await db.ExecuteAsync(
            """
            INSERT INTO compliance.alerts (rule_id, rule_version, kind, score, account_id, seq, occurred_at, summary, evidence, amount, status)
            VALUES ('sanctions_match', 'x', 'sanctions', 100, 'acc-f1', 0, now(), 'list update: SDN 10278', '{}', 0, 'case'),
                   ('round_amounts', 'x', 'round_amounts', 30, 'acc-f2', 9, now(), 'low score', '{}', 0, 'logged')
            """);
        await db.ExecuteAsync("INSERT INTO compliance.filings (kind, state, account_id, amount, filed_at) VALUES ('sar', 'filed', 'acc-f2', 100, now())");
        Assert.Equal(2, await feed.PollAsync(default));
        Assert.Equal(0, await feed.PollAsync(default));

        var suspended = (await db.Service.Store.GetAsync(listed, default))!;
        Assert.Equal(KycStates.SuspendedPendingReview, suspended.State);
        Assert.Equal("sanctions_match", suspended.History[^1].Cause);
        Assert.True(suspended.SanctionsHold);
        Assert.Equal("suspended", db.Accounts.StatusOf("acc-f1"));
        var edd = (await db.Service.Store.GetAsync(filed, default))!;
        Assert.Equal(KycStates.ApprovedEddRequired, edd.State);
        Assert.Equal("sar_filed", edd.History[^1].Cause);

        // Reinstating a customer suspended for a sanctions match needs the match cleared.
        var refused = await Assert.ThrowsAsync<KycException>(() => db.Service.ReviewAsync(listed, new ReviewDecision("approve", "ok", "ana"), "admin", default));
        Assert.Equal(409, refused.Status);
    }

    [PostgresFact]
    public async Task Overdue_edd_suspends_and_an_expired_document_asks_for_edd()
    {
        await using var db = await KycDatabase.CreateAsync();
        var expiring = await ApprovedWithAccountAsync(db, "acc-s1");
        await db.ExecuteAsync($"UPDATE kyc.customers SET document_expiry = '2026-12-01' WHERE id = '{expiring}'");
        Assert.Equal(0, await db.Service.SweepAsync(default));

        db.Clock.Advance(TimeSpan.FromDays(15));
        Assert.Equal(1, await db.Service.SweepAsync(default));
        Assert.Equal("document_expired", (await db.Service.Store.GetAsync(expiring, default))!.History[^1].Cause);

        db.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, await db.Service.SweepAsync(default));
        db.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await db.Service.SweepAsync(default));
        var overdue = (await db.Service.Store.GetAsync(expiring, default))!;
        Assert.Equal(KycStates.SuspendedPendingReview, overdue.State);
        Assert.Equal("edd_overdue", overdue.History[^1].Cause);
        Assert.Equal("suspended", db.Accounts.StatusOf("acc-s1"));
    }

    [PostgresFact]
    public async Task A_status_the_authorizer_missed_is_pushed_when_it_is_back()
    {
        await using var db = await KycDatabase.CreateAsync();
        var customer = await ApprovedWithAccountAsync(db, "acc-d1");
        db.Accounts.Down = true;
        await db.Service.ReviewAsync(customer, new ReviewDecision("suspend", "fraud report from the program", "ana"), "admin", default);
        Assert.Equal("ok", db.Accounts.StatusOf("acc-d1"));
        var account = (await db.Service.Store.GetAsync(customer, default))!.Accounts.Single();
        Assert.Equal(("suspended", "ok"), (account.Status, account.SyncedStatus));
        Assert.Contains("down", account.LastError, StringComparison.Ordinal);

        db.Accounts.Down = false;
        Assert.Equal(1, await db.Service.SyncAccountsAsync(default));
        Assert.Equal("suspended", db.Accounts.StatusOf("acc-d1"));
        Assert.Equal(0, await db.Service.SyncAccountsAsync(default));
    }

    [PostgresFact]
    public async Task An_unauthorized_return_and_a_held_payment_ask_for_edd()
    {
        await using var db = await KycDatabase.CreateAsync();
        var pulled = await ApprovedWithAccountAsync(db, "acc-p1");
        var held = await ApprovedWithAccountAsync(db, "acc-p2", Applicants.Plausible("Lena", "Fischer", "536-22-3333"));
        await db.ExecuteAsync(
            """
            INSERT INTO payments.payments (id, account_id, direction, amount, currency, counterparty, requested_rail, rail, rail_reason, state, end_to_end_id, uetr, return_code, created_at, updated_at)
            VALUES ('pay_1', 'acc-p1', 'debit', 5000, 'USD', '{}', 'ach', 'ach', 'requested', 'returned', 'E1', gen_random_uuid(), 'R10', now(), now()),
                   ('pay_2', 'acc-p2', 'credit', 5000, 'USD', '{}', 'rtp', 'rtp', 'requested', 'held_for_review', 'E2', gen_random_uuid(), NULL, now(), now()),
                   ('pay_3', 'acc-p2', 'credit', 5000, 'USD', '{}', 'ach', 'ach', 'requested', 'returned', 'E3', gen_random_uuid(), 'R03', now(), now());
            INSERT INTO payments.events (payment_id, type, body, at) VALUES ('pay_3', 'payment_returned', '{}', now()), ('pay_1', 'payment_returned', '{}', now()), ('pay_2', 'payment_held_for_review', '{}', now());
            """);
        var feed = new ComplianceFeed(db.Service);
        Assert.Equal(2, await feed.PollAsync(default));
        Assert.Equal(0, await feed.PollAsync(default));
        Assert.Equal("unauthorized_return", (await db.Service.Store.GetAsync(pulled, default))!.History[^1].Cause);
        Assert.Equal("counterparty_potential_match", (await db.Service.Store.GetAsync(held, default))!.History[^1].Cause);
    }
}
