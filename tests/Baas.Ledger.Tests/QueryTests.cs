namespace Baas.Ledger.Tests;

/// <summary>Balances and the keyset-paginated journal of an account.</summary>
public sealed class QueryTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    [PostgresFact]
    public async Task An_unknown_account_has_no_balance_and_no_entries()
    {
        Assert.Null(await db.Queries.GetBalanceAsync("nobody"));
        var page = await db.Queries.GetEntriesAsync("nobody", null, 10);
        Assert.Empty(page.Entries);
        Assert.Null(page.NextCursor);
    }

    [PostgresFact]
    public async Task Balance_reports_posted_pending_and_available()
    {
        var s = new LogScript(db.NextSeq);
        var a = s.Open(db.NewAccountId(), "EUR", "prog_eu");
        s.Credit(a, 10_000);
        s.Authorize(a, 2_500);
        s.ForcePost(a, 1_000);
        await db.Store.ApplyAsync(a.Id, s.Take());

        var balance = await db.Queries.GetBalanceAsync(a.Id);

        Assert.Equal(new LedgerBalance("customer:" + a.Id, "customer", "EUR", "prog_eu", 9_000, 2_500, 6_500), balance);
    }

    [PostgresFact]
    public async Task Entries_come_newest_first_page_by_page_until_the_last()
    {
        var s = new LogScript(db.NextSeq);
        var a = s.Open(db.NewAccountId());
        s.Credit(a, 100_000);
        for (var i = 1; i <= 12; i++)
        {
            var hold = s.Authorize(a, i * 100);
            s.Clear(a, hold, i * 100);
        }

        await db.Store.ApplyAsync(a.Id, s.Take());

        var seen = new List<LedgerEntry>();
        long? cursor = null;
        var pages = 0;
        do
        {
            var page = await db.Queries.GetEntriesAsync(a.Id, cursor, 10);
            seen.AddRange(page.Entries);
            cursor = page.NextCursor;
            pages++;
            Assert.True(page.Entries.Count == 10 || cursor is null);
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Count);
        Assert.Equal(seen.Select(e => e.EntryId).OrderDescending(), seen.Select(e => e.EntryId));
        Assert.Equal(25, seen.Select(e => e.EntryId).Distinct().Count());
        Assert.Equal("account_credited", seen[^1].Kind);
        Assert.Equal(("clearing", -1_200L, -1_200L, "USD"), (seen[0].Kind, seen[0].Amount, seen[0].Pending, seen[0].Currency));
        Assert.Equal(a.Posted, seen.Sum(e => e.Amount));
    }

    [PostgresFact]
    public async Task A_page_that_ends_exactly_at_the_last_entry_has_no_next_cursor()
    {
        var s = new LogScript(db.NextSeq);
        var a = s.Open(db.NewAccountId());
        for (var i = 0; i < 4; i++)
        {
            s.Credit(a, 10);
        }

        await db.Store.ApplyAsync(a.Id, s.Take());

        var first = await db.Queries.GetEntriesAsync(a.Id, null, 2);
        var second = await db.Queries.GetEntriesAsync(a.Id, first.NextCursor, 2);

        Assert.NotNull(first.NextCursor);
        Assert.Equal(2, second.Entries.Count);
        Assert.Null(second.NextCursor);
    }

    [PostgresFact]
    public async Task Counterparty_accounts_have_journals_too()
    {
        var s = new LogScript(db.NextSeq);
        var a = s.Open(db.NewAccountId(), "CHF");
        s.Credit(a, 5_000);
        s.ForcePost(a, 700);
        await db.Store.ApplyAsync(a.Id, s.Take());

        var network = await db.Queries.GetEntriesByCodeAsync("network_settlement:prog_1:CHF", null, 500);
        var omnibus = await db.Queries.GetEntriesByCodeAsync("sponsor_omnibus:prog_1:CHF", null, 500);

        Assert.Equal(("force_post", 700L), (network.Entries[0].Kind, network.Entries[0].Amount));
        Assert.Equal(("account_credited", -5_000L), (omnibus.Entries[0].Kind, omnibus.Entries[0].Amount));
    }

    [PostgresTheory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(LedgerQueries.MaxPageSize + 1)]
    public async Task A_limit_outside_1_to_500_is_refused(int limit) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Queries.GetEntriesAsync("acct", null, limit));

    [PostgresFact]
    public async Task A_cursor_that_is_not_an_entry_id_is_refused() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Queries.GetEntriesAsync("acct", 0, 10));
}
