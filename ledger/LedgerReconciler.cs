using Npgsql;

namespace Baas.Ledger;

/// <summary>One difference that outlived a second look.</summary>
/// <param name="Scope"><c>account</c>: the authorizer against the ledger, per customer account. <c>program</c>: a program's
/// sub-ledger (the sum of its customer accounts) against its position on the sponsor bank's master ledger.</param>
/// <param name="Subject"><c>customer:{id}</c>, or <c>program:{programId}:{currency}</c>.</param>
/// <param name="Field"><c>posted</c> or <c>pending</c>; for an account also <c>missing_in_authorizer</c>, <c>missing_in_ledger</c>.</param>
/// <param name="Expected">What the other side says: the authorizer's value (null when it has no such account), or the
/// master ledger's (the negated sum of the program's sponsor omnibus and network settlement accounts).</param>
/// <param name="Actual">The ledger's value: the customer account's, or the program's sub-ledger total (0 when the ledger has no such account).</param>
public sealed record Discrepancy(string Scope, string Subject, string Field, long? Expected, long Actual);

/// <summary>A finished reconciliation run.</summary>
/// <param name="RunId">Its row in <c>ledger.reconciliation_runs</c>.</param>
/// <param name="LogSeq">The authorizer's committed sequence the ledger had caught up with before comparing.</param>
/// <param name="Accounts">Customer accounts compared (the union of both sides).</param>
/// <param name="Programs">Program and currency pairs whose sub-ledger was set against the master ledger.</param>
/// <param name="Discrepancies">What differed, also stored in <c>ledger.discrepancies</c>.</param>
public sealed record ReconciliationResult(long RunId, long LogSeq, int Accounts, int Programs, IReadOnlyList<Discrepancy> Discrepancies);

/// <summary>A stored reconciliation run, as operators read it back.</summary>
/// <param name="RunId">Its row in <c>ledger.reconciliation_runs</c>.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="LogSeq">The authorizer's committed sequence it compared at.</param>
/// <param name="Accounts">Customer accounts compared (null for runs stored before migration 0002).</param>
/// <param name="Programs">Program and currency pairs compared (likewise).</param>
/// <param name="Trigger">Who started it: <c>cli</c>, <c>periodic</c>, ...</param>
/// <param name="Discrepancies">How many it found.</param>
/// <param name="Found">What it found, at most <see cref="LedgerReconciler.MaxReported"/>.</param>
public sealed record ReconciliationRun(long RunId, DateTimeOffset FinishedAt, long? LogSeq, int? Accounts, int? Programs, string? Trigger, int? Discrepancies, IReadOnlyList<Discrepancy> Found);

/// <summary>
/// Reconciliation, run by <c>baas ledger reconcile</c> and periodically by the ledger component. Two checks:
/// <list type="number">
/// <item>Every customer account, on both sides: the authorizer's posted and held against the ledger's posted and
/// pending, and accounts one side has and the other does not. The two move with the same log records, so they agree
/// once the ledger has applied everything the authorizer had committed: the reconciler waits for that first, pages
/// through all of the authorizer's accounts, and looks again at any account that differs after catching up once
/// more (traffic keeps moving both).</item>
/// <item>Every program and currency: the program sub-ledger (the sum of its customers' posted and pending) against
/// the program's position on the sponsor bank's master ledger (its omnibus cash and what it owes the network,
/// negated), read in one snapshot.</item>
/// </list>
/// What still differs is a discrepancy: stored with its run, returned, and counted by the metric
/// <c>baas_reconciliation_discrepancies</c>. The ledger is authoritative; nothing is corrected here.
/// </summary>
public sealed class LedgerReconciler(NpgsqlDataSource dataSource, string consumer = LedgerStore.DefaultConsumer)
{
    /// <summary>Accounts asked of the authorizer per page.</summary>
    public const int PageSize = 1_000;

    /// <summary>The most discrepancies <see cref="LatestRunAsync"/> returns.</summary>
    public const int MaxReported = 1_000;

    /// <summary>Runs one reconciliation.</summary>
    /// <param name="authorizer">The authorizer's accounts and committed position.</param>
    /// <param name="catchUp">How long to wait for the ledger to catch up with the authorizer each time.</param>
    /// <param name="trigger">Who started it (<c>cli</c>, <c>periodic</c>, ...), stored with the run.</param>
    /// <param name="cancellation">Stops the run.</param>
    public async Task<ReconciliationResult> RunAsync(IAuthorizerClient authorizer, TimeSpan catchUp, string trigger = "cli", CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(authorizer);
        var store = new LedgerStore(dataSource);
        var seq = await CatchUpAsync(store, authorizer, catchUp, cancellation);
        var ledger = await CustomerAccountsAsync(null, cancellation);
        var suspects = new HashSet<string>(StringComparer.Ordinal);
        var compared = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await authorizer.ListAccountsAsync(cursor, PageSize, cancellation);
            foreach (var account in page.Accounts)
            {
                compared.Add(account.Id);
                if (Compare(account.Id, account, ledger.TryGetValue(account.Id, out var mine) ? mine : null).Count > 0)
                {
                    suspects.Add(account.Id);
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        foreach (var id in ledger.Keys)
        {
            if (compared.Add(id))
            {
                suspects.Add(id);
            }
        }

        var found = new List<Discrepancy>();
        if (suspects.Count > 0)
        {
            seq = await CatchUpAsync(store, authorizer, catchUp, cancellation);
            var again = await CustomerAccountsAsync([.. suspects], cancellation);
            foreach (var id in suspects.Order(StringComparer.Ordinal))
            {
                found.AddRange(Compare(id, await authorizer.GetAccountAsync(id, cancellation), again.TryGetValue(id, out var mine) ? mine : null));
            }
        }

        var programs = await ProgramsAsync(cancellation);
        foreach (var p in programs)
        {
            var subject = $"program:{p.ProgramId}:{p.Currency}";
            if (p.SubPosted != p.MasterPosted)
            {
                found.Add(new Discrepancy("program", subject, "posted", p.MasterPosted, p.SubPosted));
            }

            if (p.SubPending != p.MasterPending)
            {
                found.Add(new Discrepancy("program", subject, "pending", p.MasterPending, p.SubPending));
            }
        }

        var runId = await StoreAsync(seq, compared.Count, programs.Count, trigger, found, cancellation);
        return new ReconciliationResult(runId, seq, compared.Count, programs.Count, found);
    }

    /// <summary>The discrepancies of the latest finished run (0 before any run).</summary>
    public async Task<int> LatestDiscrepanciesAsync(CancellationToken cancellation = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT coalesce((SELECT discrepancies FROM ledger.reconciliation_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1), 0)");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellation), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The latest finished run and what it found; null before any run.</summary>
    public async Task<ReconciliationRun?> LatestRunAsync(CancellationToken cancellation = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        ReconciliationRun run;
        await using (var read = new NpgsqlCommand(
            "SELECT id, finished_at, log_seq, accounts, programs, trigger, discrepancies FROM ledger.reconciliation_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1",
            connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellation))
        {
            if (!await reader.ReadAsync(cancellation))
            {
                return null;
            }

            run = new ReconciliationRun(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                []);
        }

        var found = new List<Discrepancy>();
        await using (var read = new NpgsqlCommand(
            $"SELECT scope, account_code, field, authorizer_value, ledger_value FROM ledger.discrepancies WHERE run_id = $1 ORDER BY id LIMIT {MaxReported}", connection))
        {
            read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = run.RunId });
            await using var reader = await read.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                found.Add(new Discrepancy(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        return run with { Found = found };
    }

    private static List<Discrepancy> Compare(string id, AuthorizerAccount? theirs, LedgerCustomer? mine)
    {
        var code = LedgerAccounts.Customer(id);
        var found = new List<Discrepancy>();
        if (theirs is not { } a)
        {
            if (mine is { } orphan)
            {
                found.Add(new Discrepancy("account", code, "missing_in_authorizer", null, orphan.Posted));
            }

            return found;
        }

        if (mine is not { } m)
        {
            found.Add(new Discrepancy("account", code, "missing_in_ledger", a.Posted, 0));
            return found;
        }

        if (a.Posted != m.Posted)
        {
            found.Add(new Discrepancy("account", code, "posted", a.Posted, m.Posted));
        }

        if (a.Held != m.Pending)
        {
            found.Add(new Discrepancy("account", code, "pending", a.Held, m.Pending));
        }

        return found;
    }

    private async Task<long> CatchUpAsync(LedgerStore store, IAuthorizerClient authorizer, TimeSpan catchUp, CancellationToken cancellation)
    {
        var target = await authorizer.CommittedAsync(cancellation);
        var until = DateTime.UtcNow + catchUp;
        while (await store.PositionAsync(consumer, cancellation) < target && DateTime.UtcNow < until)
        {
            await Task.Delay(50, cancellation);
        }

        return target;
    }

    /// <summary>Customer accounts by the authorizer's account id: all of them, or those in <paramref name="ids"/>.</summary>
    private async Task<Dictionary<string, LedgerCustomer>> CustomerAccountsAsync(string[]? ids, CancellationToken cancellation)
    {
        var accounts = new Dictionary<string, LedgerCustomer>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand(ids is null
            ? "SELECT code, posted, pending FROM ledger.accounts WHERE kind = 'customer'"
            : "SELECT code, posted, pending FROM ledger.accounts WHERE kind = 'customer' AND code = ANY($1)");
        if (ids is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ids.Select(LedgerAccounts.Customer)] });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            accounts[reader.GetString(0)["customer:".Length..]] = new LedgerCustomer(reader.GetInt64(1), reader.GetInt64(2));
        }

        return accounts;
    }

    /// <summary>Each program's sub-ledger and master-ledger totals per currency, in one statement (one snapshot).</summary>
    private async Task<List<ProgramTotals>> ProgramsAsync(CancellationToken cancellation)
    {
        var list = new List<ProgramTotals>();
        await using var command = dataSource.CreateCommand(
            """
            SELECT coalesce(program_id, '(none)'), currency,
                   coalesce(sum(posted) FILTER (WHERE kind = 'customer'), 0)::bigint,
                   coalesce(sum(pending) FILTER (WHERE kind = 'customer'), 0)::bigint,
                   coalesce(-sum(posted) FILTER (WHERE kind IN ('sponsor_omnibus', 'network_settlement')), 0)::bigint,
                   coalesce(-sum(pending) FILTER (WHERE kind IN ('sponsor_omnibus', 'network_settlement')), 0)::bigint
            FROM ledger.accounts
            WHERE kind IN ('customer', 'sponsor_omnibus', 'network_settlement')
            GROUP BY 1, 2
            ORDER BY 1, 2
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            list.Add(new ProgramTotals(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return list;
    }

    private async Task<long> StoreAsync(long seq, int accounts, int programs, string trigger, List<Discrepancy> found, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        long runId;
        await using (var run = new NpgsqlCommand(
            "INSERT INTO ledger.reconciliation_runs (finished_at, log_seq, discrepancies, accounts, programs, trigger) VALUES (now(), $1, $2, $3, $4, $5) RETURNING id",
            connection,
            transaction))
        {
            run.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seq });
            run.Parameters.Add(new NpgsqlParameter<int> { TypedValue = found.Count });
            run.Parameters.Add(new NpgsqlParameter<int> { TypedValue = accounts });
            run.Parameters.Add(new NpgsqlParameter<int> { TypedValue = programs });
            run.Parameters.Add(new NpgsqlParameter<string> { TypedValue = trigger });
            runId = (long)(await run.ExecuteScalarAsync(cancellation))!;
        }

        if (found.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO ledger.discrepancies (run_id, scope, account_code, field, authorizer_value, ledger_value)
                SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
                """,
                connection,
                transaction);
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. found.Select(d => d.Scope)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. found.Select(d => d.Subject)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. found.Select(d => d.Field)] });
            insert.Parameters.Add(new NpgsqlParameter<long?[]> { TypedValue = [.. found.Select(d => d.Expected)] });
            insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. found.Select(d => d.Actual)] });
            await insert.ExecuteNonQueryAsync(cancellation);
        }

        await transaction.CommitAsync(cancellation);
        return runId;
    }

    private readonly record struct LedgerCustomer(long Posted, long Pending);

    private sealed record ProgramTotals(string ProgramId, string Currency, long SubPosted, long SubPending, long MasterPosted, long MasterPending);
}
