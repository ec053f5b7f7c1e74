namespace Baas.Ledger.Tests;

/// <summary>
/// Reconciliation over a ledger of its own: the script's model of the authorizer's accounts stands on the other
/// side (the real authorizer is in the end-to-end tests). Both checks are shown to find what they are for: an
/// account that differs or exists on one side only, and a program whose sub-ledger no longer matches its
/// position on the master ledger although every entry balances.
/// </summary>
public sealed class ReconcilerTests
{
    [PostgresFact]
    public async Task A_ledger_fed_the_authorizers_log_reconciles_clean_for_every_account_and_program()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        var (s, authorizer) = await TrafficAsync(db);

        var result = await new LedgerReconciler(db.DataSource, "recon").RunAsync(authorizer, TimeSpan.FromSeconds(5), "test");

        Assert.Empty(result.Discrepancies);
        Assert.Equal((s.Accounts.Count, 3), (result.Accounts, result.Programs)); // prog_1 USD, prog_2 USD, prog_2 EUR
        Assert.Equal(s.Records[^1].Seq, result.LogSeq);
        Assert.Equal((3L, 0, "test"), (await db.ScalarAsync<long>($"SELECT programs::bigint FROM ledger.reconciliation_runs WHERE id = {result.RunId}"), await new LedgerReconciler(db.DataSource).LatestDiscrepanciesAsync(), await db.ScalarAsync<string>($"SELECT trigger FROM ledger.reconciliation_runs WHERE id = {result.RunId}")));
    }

    [PostgresFact]
    public async Task Accounts_that_differ_or_exist_on_one_side_only_are_discrepancies_and_are_stored()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        var (s, authorizer) = await TrafficAsync(db);
        var ids = s.Accounts.Keys.Order(StringComparer.Ordinal).ToArray();
        authorizer.Tamper(ids[0], a => a with { Posted = a.Posted + 1 });
        authorizer.Tamper(ids[1], a => a with { Held = a.Held - 7 });
        authorizer.Hide(ids[2]);
        authorizer.Add(new AuthorizerAccount("only_in_authorizer", "prog_1", "USD", 500, 0));

        var result = await new LedgerReconciler(db.DataSource, "recon").RunAsync(authorizer, TimeSpan.FromSeconds(5));

        var found = result.Discrepancies.Select(d => (d.Scope, d.Subject, d.Field)).Order().ToArray();
        Assert.Equal(
            new[]
            {
                ("account", "customer:" + ids[0], "posted"),
                ("account", "customer:" + ids[1], "pending"),
                ("account", "customer:" + ids[2], "missing_in_authorizer"),
                ("account", "customer:only_in_authorizer", "missing_in_ledger"),
            }.Order().ToArray(),
            found);
        var posted = result.Discrepancies.Single(d => d.Field == "posted");
        Assert.Equal(posted.Expected, posted.Actual + 1);
        Assert.Equal(s.Accounts.Count + 1, result.Accounts);
        Assert.Equal(4L, await db.ScalarAsync<long>($"SELECT count(*) FROM ledger.discrepancies WHERE run_id = {result.RunId} AND scope = 'account'"));
        Assert.Equal(4, await new LedgerReconciler(db.DataSource).LatestDiscrepanciesAsync());
    }

    [PostgresFact]
    public async Task A_posting_against_another_programs_omnibus_balances_but_breaks_both_programs_against_the_master_ledger()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        var (s, authorizer) = await TrafficAsync(db);
        var victim = s.Accounts.Values.First(a => a.ProgramId == "prog_1");

        // A balanced entry that credits a prog_1 customer out of prog_2's omnibus: every entry still sums to zero,
        // every balance equals its postings; only the programs' books disagree.
        await db.ExecuteAsync(
            $"""
            WITH e AS (INSERT INTO ledger.journal_entries (kind, ts, description) VALUES ('manual', now(), 'misrouted') RETURNING id),
                 p AS (INSERT INTO ledger.postings (entry_id, account_id, currency, amount)
                       SELECT e.id, a.id, 'USD', CASE WHEN a.code = 'customer:{victim.Id}' THEN 900 ELSE -900 END
                       FROM e, ledger.accounts a WHERE a.code IN ('customer:{victim.Id}', 'sponsor_omnibus:prog_2:USD') RETURNING account_id, amount)
            UPDATE ledger.accounts a SET posted = a.posted + p.amount FROM p WHERE a.id = p.account_id
            """);
        authorizer.Tamper(victim.Id, a => a with { Posted = a.Posted + 900 });
        Assert.Empty(await db.Verifier.VerifyAsync());

        var result = await new LedgerReconciler(db.DataSource, "recon").RunAsync(authorizer, TimeSpan.FromSeconds(5));

        var found = result.Discrepancies.OrderBy(d => d.Subject, StringComparer.Ordinal).ToArray();
        Assert.Equal(2, found.Length);
        Assert.All(found, d => Assert.Equal(("program", "posted"), (d.Scope, d.Field)));
        Assert.Equal(("program:prog_1:USD", 900L), (found[0].Subject, found[0].Actual - found[0].Expected!.Value));
        Assert.Equal(("program:prog_2:USD", -900L), (found[1].Subject, found[1].Actual - found[1].Expected!.Value));
    }

    [PostgresFact]
    public async Task An_adjustment_goes_through_the_authorizer_once_per_key_and_posts_an_adjustment_entry()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        var (s, authorizer) = await TrafficAsync(db);
        var a = s.Accounts.Values.First();
        var before = a.Posted;
        var adjustments = new LedgerAdjustments(db.DataSource);

        var (first, created) = await adjustments.ApplyAsync(new AdjustmentRequest("goodwill-1", a.Id, 1_250, "goodwill credit for a late refund", "ops"), authorizer);
        var (again, createdAgain) = await adjustments.ApplyAsync(new AdjustmentRequest("goodwill-1", a.Id, 1_250, "goodwill credit for a late refund", "ops"), authorizer);
        var (debit, _) = await adjustments.ApplyAsync(new AdjustmentRequest("chargeback-9", a.Id, -400, "chargeback lost", "ops"), authorizer);
        await Assert.ThrowsAsync<AdjustmentConflictException>(() => adjustments.ApplyAsync(new AdjustmentRequest("goodwill-1", a.Id, 1_300, "other", "ops"), authorizer));
        var refused = await Assert.ThrowsAsync<AuthorizerRefusedException>(() => adjustments.ApplyAsync(new AdjustmentRequest("nobody-1", "no_such_account", 10, "x", "ops"), authorizer));
        Assert.Equal(404, refused.Status);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Seq, again.Seq);
        Assert.Null(first.EntryId);
        Assert.Equal(before + 1_250 - 400, a.Posted);
        Assert.Equal(2, authorizer.Moves);
        await db.Store.ApplyAsync("recon", s.Take());

        Assert.NotNull((await adjustments.GetAsync("goodwill-1"))!.EntryId);
        Assert.NotNull((await adjustments.GetAsync("chargeback-9"))!.EntryId);
        Assert.Equal(a.Posted, (await db.Queries.GetBalanceAsync(a.Id))!.Posted);
        var kinds = await db.EntryKindsAsync(a.Id);
        Assert.Equal(["adjustment", "adjustment"], kinds.TakeLast(2));
        Assert.Empty(await db.Verifier.VerifyAsync());
        Assert.Empty((await new LedgerReconciler(db.DataSource, "recon").RunAsync(authorizer, TimeSpan.FromSeconds(5))).Discrepancies);
        Assert.Equal(debit.Seq, s.Records[^1].Seq);
    }

    /// <summary>Two programs, three currencies' worth of accounts, mixed card and money traffic, applied; and the model as the authorizer.</summary>
    private static async Task<(LogScript Script, ModelAuthorizer Authorizer)> TrafficAsync(LedgerDatabase db)
    {
        var s = new LogScript(db.NextSeq);
        var accounts = new[]
        {
            s.Open("a1"), s.Open("a2"), s.Open("b1", "USD", "prog_2"), s.Open("b2", "EUR", "prog_2"), s.Open("b3", "USD", "prog_2"),
        };
        foreach (var a in accounts)
        {
            s.Credit(a, 50_000);
        }

        var h1 = s.Authorize(accounts[0], 2_000);
        s.Clear(accounts[0], h1, 2_100);
        var h2 = s.Authorize(accounts[1], 3_000);
        s.Reverse(accounts[1], h2, keep: 1_000);
        s.Authorize(accounts[2], 700);
        var h3 = s.Authorize(accounts[3], 900);
        s.Expire(accounts[3], h3);
        s.Financial(accounts[4], 450);
        s.Refund(accounts[4], 120);
        s.Debit(accounts[2], 1_000);
        var r = s.Reserve(accounts[4], 5_000);
        s.Release(accounts[4], r, 2_000, post: true);
        await db.Store.ApplyAsync("recon", s.Take());
        return (s, new ModelAuthorizer(s));
    }

    /// <summary>The script's model as the authorizer's side of reconciliation and adjustments.</summary>
    private sealed class ModelAuthorizer(LogScript script) : IAuthorizerClient
    {
        private readonly Dictionary<string, Func<AuthorizerAccount, AuthorizerAccount>> _tampered = new(StringComparer.Ordinal);
        private readonly HashSet<string> _hidden = new(StringComparer.Ordinal);
        private readonly List<AuthorizerAccount> _extra = [];
        private readonly Dictionary<string, (long Amount, long Seq)> _references = new(StringComparer.Ordinal);

        public int Moves { get; private set; }

        public void Tamper(string id, Func<AuthorizerAccount, AuthorizerAccount> change) => _tampered[id] = change;

        public void Hide(string id) => _hidden.Add(id);

        public void Add(AuthorizerAccount account) => _extra.Add(account);

        public Task<long> CommittedAsync(CancellationToken cancellation) => Task.FromResult(script.Records[^1].Seq);

        public Task<AuthorizerAccount?> GetAccountAsync(string accountId, CancellationToken cancellation) =>
            Task.FromResult(All().Where(a => a.Id == accountId).Select(a => (AuthorizerAccount?)a).FirstOrDefault());

        public Task<AuthorizerAccountPage> ListAccountsAsync(string? cursor, int limit, CancellationToken cancellation)
        {
            // Pages of two, to exercise the cursor.
            var all = All().ToList();
            var start = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
            var page = all.Skip(start).Take(2).ToList();
            return Task.FromResult(new AuthorizerAccountPage(page, start + 2 < all.Count ? (start + 2).ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
        }

        public Task<long> MoveMoneyAsync(string accountId, long amount, string reference, CancellationToken cancellation)
        {
            if (!script.Accounts.TryGetValue(accountId, out var a))
            {
                throw new AuthorizerRefusedException(404, "account not found");
            }

            if (_references.TryGetValue(reference, out var done))
            {
                return done.Amount == amount ? Task.FromResult(done.Seq) : throw new AuthorizerRefusedException(409, "reference already used for a different amount");
            }

            Moves++;
            var seq = amount > 0 ? script.Credit(a, amount, reference) : script.Debit(a, -amount, reference);
            _references[reference] = (amount, seq);
            return Task.FromResult(seq);
        }

        private IEnumerable<AuthorizerAccount> All() =>
            script.Accounts.Values
                .Where(a => !_hidden.Contains(a.Id))
                .Select(a => new AuthorizerAccount(a.Id, a.ProgramId, a.Currency, a.Posted, a.Held))
                .Select(a => _tampered.TryGetValue(a.Id, out var change) ? change(a) : a)
                .Concat(_extra);
    }
}
