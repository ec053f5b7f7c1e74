using Npgsql;

namespace Baas.Ledger;

/// <summary>What the authorizer says an account holds: posted and held, in minor units.</summary>
/// <param name="Posted">The authorizer's posted balance.</param>
/// <param name="Held">The authorizer's held amount (open holds).</param>
public readonly record struct AuthorizerBalance(long Posted, long Held);

/// <summary>One difference between the authorizer and the ledger that outlived a second look.</summary>
/// <param name="AccountCode">The ledger account (<c>customer:{id}</c>).</param>
/// <param name="Field"><c>posted</c>, <c>pending</c> (the authorizer's held) or <c>missing_in_authorizer</c>.</param>
/// <param name="AuthorizerValue">The authorizer's value (null when it has no such account).</param>
/// <param name="LedgerValue">The ledger's value.</param>
public sealed record Discrepancy(string AccountCode, string Field, long? AuthorizerValue, long LedgerValue);

/// <summary>A finished reconciliation run.</summary>
/// <param name="RunId">Its row in <c>ledger.reconciliation_runs</c>.</param>
/// <param name="LogSeq">The authorizer's committed sequence the ledger had caught up with before comparing.</param>
/// <param name="Accounts">Customer accounts compared.</param>
/// <param name="Discrepancies">What differed, also stored in <c>ledger.discrepancies</c>.</param>
public sealed record ReconciliationResult(long RunId, long LogSeq, int Accounts, IReadOnlyList<Discrepancy> Discrepancies);

/// <summary>
/// Compares every customer account's posted and pending in the ledger with the authorizer's posted and held.
/// The two move with the same log records, so they agree once the ledger has applied everything the authorizer
/// had committed when it was read: the reconciler first waits for the ledger to reach the authorizer's committed
/// sequence, and looks again at any account that differs after catching up once more (traffic keeps moving
/// both). What still differs is a discrepancy: stored with its run, returned, and counted by the metric
/// <c>baas_reconciliation_discrepancies</c>. The ledger is authoritative; nothing is corrected here.
/// </summary>
public sealed class LedgerReconciler(NpgsqlDataSource dataSource, string consumer = LedgerStore.DefaultConsumer)
{
    /// <summary>Runs one reconciliation.</summary>
    /// <param name="authorizer">Reads an account from the authorizer; null when it does not know the account.</param>
    /// <param name="authorizerCommitted">The authorizer's committed log sequence now.</param>
    /// <param name="catchUp">How long to wait for the ledger to catch up with the authorizer each time.</param>
    /// <param name="cancellation">Stops the run.</param>
    public async Task<ReconciliationResult> RunAsync(
        Func<string, CancellationToken, Task<AuthorizerBalance?>> authorizer,
        Func<CancellationToken, Task<long>> authorizerCommitted,
        TimeSpan catchUp,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(authorizer);
        ArgumentNullException.ThrowIfNull(authorizerCommitted);
        var store = new LedgerStore(dataSource);
        var seq = await CatchUpAsync(store, authorizerCommitted, catchUp, cancellation);
        var accounts = await CustomerAccountsAsync(cancellation);
        var suspects = new List<string>();
        foreach (var (code, _, _) in accounts)
        {
            if (await CompareAsync(code, authorizer, cancellation) is { Count: > 0 })
            {
                suspects.Add(code);
            }
        }

        var found = new List<Discrepancy>();
        if (suspects.Count > 0)
        {
            seq = await CatchUpAsync(store, authorizerCommitted, catchUp, cancellation);
            foreach (var code in suspects)
            {
                found.AddRange(await CompareAsync(code, authorizer, cancellation));
            }
        }

        var runId = await StoreAsync(seq, found, cancellation);
        return new ReconciliationResult(runId, seq, accounts.Count, found);
    }

    /// <summary>The discrepancies of the latest finished run (0 before any run).</summary>
    public async Task<int> LatestDiscrepanciesAsync(CancellationToken cancellation = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT coalesce((SELECT discrepancies FROM ledger.reconciliation_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1), 0)");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellation), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<long> CatchUpAsync(LedgerStore store, Func<CancellationToken, Task<long>> committed, TimeSpan catchUp, CancellationToken cancellation)
    {
        var target = await committed(cancellation);
        var until = DateTime.UtcNow + catchUp;
        while (await store.PositionAsync(consumer, cancellation) < target && DateTime.UtcNow < until)
        {
            await Task.Delay(50, cancellation);
        }

        return target;
    }

    private async Task<List<(string Code, long Posted, long Pending)>> CustomerAccountsAsync(CancellationToken cancellation)
    {
        var list = new List<(string, long, long)>();
        await using var command = dataSource.CreateCommand("SELECT code, posted, pending FROM ledger.accounts WHERE kind = 'customer' ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            list.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return list;
    }

    private async Task<List<Discrepancy>> CompareAsync(string code, Func<string, CancellationToken, Task<AuthorizerBalance?>> authorizer, CancellationToken cancellation)
    {
        var found = new List<Discrepancy>();
        var accountId = code["customer:".Length..];
        var theirs = await authorizer(accountId, cancellation);
        await using var command = dataSource.CreateCommand("SELECT posted, pending FROM ledger.accounts WHERE code = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        var (posted, pending) = (reader.GetInt64(0), reader.GetInt64(1));
        if (theirs is not { } a)
        {
            found.Add(new Discrepancy(code, "missing_in_authorizer", null, posted));
            return found;
        }

        if (a.Posted != posted)
        {
            found.Add(new Discrepancy(code, "posted", a.Posted, posted));
        }

        if (a.Held != pending)
        {
            found.Add(new Discrepancy(code, "pending", a.Held, pending));
        }

        return found;
    }

    private async Task<long> StoreAsync(long seq, List<Discrepancy> found, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        long runId;
        await using (var run = new NpgsqlCommand("INSERT INTO ledger.reconciliation_runs (finished_at, log_seq, discrepancies) VALUES (now(), $1, $2) RETURNING id", connection, transaction))
        {
            run.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seq });
            run.Parameters.Add(new NpgsqlParameter<int> { TypedValue = found.Count });
            runId = (long)(await run.ExecuteScalarAsync(cancellation))!;
        }

        foreach (var d in found)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO ledger.discrepancies (run_id, account_code, field, authorizer_value, ledger_value) VALUES ($1, $2, $3, $4, $5)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = d.AccountCode });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = d.Field });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)d.AuthorizerValue ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = d.LedgerValue });
            await insert.ExecuteNonQueryAsync(cancellation);
        }

        await transaction.CommitAsync(cancellation);
        return runId;
    }
}
