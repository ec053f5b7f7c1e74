using Npgsql;

namespace Baas.Ledger.Tests;

/// <summary>
/// The verifier passes on a ledger written by the store and fails on each kind of damage done to it directly
/// with SQL (triggers off, as only a deliberate hand could); the database itself refuses unbalanced entries,
/// changes to the journal and a second resolution. Each test corrupts a database of its own.
/// </summary>
public sealed class VerifierTests
{
    [PostgresFact]
    public async Task A_ledger_written_by_the_store_verifies_clean()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        await WriteSampleAsync(db);

        Assert.Empty(await db.Verifier.VerifyAsync());
    }

    [PostgresFact]
    public async Task A_changed_posting_amount_is_found()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        var (a, _) = await WriteSampleAsync(db);
        await db.CorruptAsync(
            $"UPDATE ledger.postings SET amount = amount + 1 WHERE account_id = (SELECT id FROM ledger.accounts WHERE code = 'customer:{a.Id}') AND amount <> 0");

        var violations = await db.Verifier.VerifyAsync();

        Assert.Contains(violations, v => v.Check == "entry_unbalanced");
        Assert.Contains(violations, v => v.Check == "account_balance" && v.Subject == "customer:" + a.Id);
    }

    [PostgresFact]
    public async Task A_posting_moved_to_an_account_that_does_not_exist_is_found()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        var (a, _) = await WriteSampleAsync(db);
        var entry = await db.ScalarAsync<long>("SELECT max(entry_id) FROM ledger.postings");
        await db.CorruptAsync($"UPDATE ledger.postings SET account_id = 999999 WHERE entry_id = {entry} AND account_id = (SELECT id FROM ledger.accounts WHERE code = 'customer:{a.Id}')");

        var violations = await db.Verifier.VerifyAsync();

        Assert.Contains(violations, v => v.Check == "orphan" && v.Subject == $"entry {entry}");
        Assert.Contains(violations, v => v.Check == "account_balance" && v.Subject == "customer:" + a.Id);
    }

    [PostgresFact]
    public async Task A_changed_account_balance_is_found()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        var (a, _) = await WriteSampleAsync(db);
        await db.CorruptAsync($"UPDATE ledger.accounts SET posted = posted + 100, pending = pending - 1 WHERE code = 'customer:{a.Id}'");

        var violations = await db.Verifier.VerifyAsync();

        Assert.Contains(violations, v => v.Check == "account_balance" && v.Subject == "customer:" + a.Id);
        Assert.Contains(violations, v => v.Check == "ledger_total" && v.Subject == "USD");
        Assert.Contains(violations, v => v.Check == "account_pending" && v.Subject == "customer:" + a.Id);
    }

    [PostgresFact]
    public async Task A_changed_transfer_is_found()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        var (a, open) = await WriteSampleAsync(db);
        await db.CorruptAsync($"UPDATE ledger.pending_transfers SET remaining = -5 WHERE hold_id = {open}");

        var violations = await db.Verifier.VerifyAsync();

        Assert.Contains(violations, v => v.Check == "transfer_remaining" && v.Subject == $"hold {open}");
        Assert.Contains(violations, v => v.Check == "transfer_journal" && v.Subject == $"hold {open}");
        Assert.Contains(violations, v => v.Check == "account_pending" && v.Subject == "customer:" + a.Id);
    }

    [PostgresFact]
    public async Task A_transfer_resolved_twice_is_found()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        var (a, _) = await WriteSampleAsync(db);
        var resolved = await db.ScalarAsync<long>("SELECT min(hold_id) FROM ledger.pending_transfers WHERE resolved_seq IS NOT NULL");

        // A second resolving entry that balances (zero amounts): only the journal's history shows the problem.
        await db.ExecuteAsync(
            $"""
            WITH e AS (INSERT INTO ledger.journal_entries (seq, kind, ts, hold_id, resolution) VALUES (NULL, 'reversal', now(), {resolved}, 'voided') RETURNING id)
            INSERT INTO ledger.postings (entry_id, account_id, currency, amount, pending)
            SELECT e.id, a.id, 'USD', 0, 0 FROM e, ledger.accounts a WHERE a.code = 'customer:{a.Id}'
            """);

        var violations = await db.Verifier.VerifyAsync();

        Assert.Contains(violations, v => v.Check == "transfer_resolved_twice" && v.Subject == $"hold {resolved}");
        Assert.Contains(violations, v => v.Check == "transfer_resolution" && v.Subject == $"hold {resolved}");
    }

    [PostgresFact]
    public async Task The_database_refuses_unbalanced_entries_journal_changes_and_a_second_resolution()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        var (a, _) = await WriteSampleAsync(db);
        var resolved = await db.ScalarAsync<long>("SELECT min(hold_id) FROM ledger.pending_transfers WHERE resolved_seq IS NOT NULL");

        var unbalanced = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(
            $"""
            WITH e AS (INSERT INTO ledger.journal_entries (seq, kind, ts) VALUES (NULL, 'adjustment', now()) RETURNING id)
            INSERT INTO ledger.postings (entry_id, account_id, currency, amount)
            SELECT e.id, a.id, 'USD', 100 FROM e, ledger.accounts a WHERE a.code = 'customer:{a.Id}'
            """));
        Assert.Equal(PostgresErrorCodes.CheckViolation, unbalanced.SqlState);

        var update = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("UPDATE ledger.postings SET amount = 0"));
        Assert.Equal(PostgresErrorCodes.RestrictViolation, update.SqlState);
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("DELETE FROM ledger.journal_entries"));
        Assert.Equal(PostgresErrorCodes.RestrictViolation, delete.SqlState);

        var twice = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(
            $"UPDATE ledger.pending_transfers SET state = 'expired', resolved_seq = resolved_seq + 1 WHERE hold_id = {resolved}"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, twice.SqlState);

        Assert.Empty(await db.Verifier.VerifyAsync());
    }

    /// <summary>An account with a cleared hold, a voided one, an open one and a reservation; returns it and the open hold.</summary>
    private static async Task<(ModelAccount Account, long OpenHold)> WriteSampleAsync(LedgerDatabase db)
    {
        var s = new LogScript(db.NextSeq);
        var a = s.Open(db.NewAccountId());
        s.Credit(a, 10_000);
        var cleared = s.Authorize(a, 2_000);
        s.Clear(a, cleared, 2_100);
        var voided = s.Authorize(a, 500);
        s.Reverse(a, voided);
        var open = s.Authorize(a, 1_000);
        s.Reserve(a, 700);
        await db.Store.ApplyAsync("ledger", s.Take());
        return (a, open);
    }
}
