using System.Data;
using Npgsql;

namespace Baas.Ledger;

/// <summary>
/// Checks the ledger's invariants from the stored rows (<c>./baas ledger verify</c>), all in one read-only
/// snapshot so it can run while ingestion continues:
/// every entry balances (posted and pending) per currency and has postings; every posting and transfer refers to
/// an entry and accounts that exist (the hot tables have no foreign keys); every account's posted and pending
/// equal the sums of its postings and its postings are in its currency; all accounts sum to zero per currency;
/// every account's pending equals what its open pending transfers hold; every transfer's remaining equals what
/// its journal entries hold, is never negative, is zero once resolved; and every transfer was resolved by
/// exactly one entry, matching its state, or by none while open.
/// </summary>
public sealed class LedgerVerifier
{
    /// <summary>At most this many violations are reported per check.</summary>
    public const int MaxPerCheck = 100;

    private static readonly (string Check, string Sql)[] Checks =
    [
        ("entry_unbalanced",
            """
            SELECT 'entry ' || entry_id, format('%s: posted amounts sum to %s, pending to %s', currency, sum(amount), sum(pending))
            FROM ledger.postings GROUP BY entry_id, currency HAVING sum(amount) <> 0 OR sum(pending) <> 0
            ORDER BY entry_id
            """),
        ("entry_without_postings",
            """
            SELECT 'entry ' || e.id, format('seq %s (%s) has no postings', coalesce(e.seq::text, '-'), e.kind)
            FROM ledger.journal_entries e WHERE NOT EXISTS (SELECT 1 FROM ledger.postings p WHERE p.entry_id = e.id)
            ORDER BY e.id
            """),
        ("orphan",
            """
            SELECT 'entry ' || p.entry_id, format('posting to account id %s: %s', p.account_id, CASE WHEN e.id IS NULL THEN 'no such entry' ELSE 'no such account' END)
            FROM ledger.postings p
            LEFT JOIN ledger.journal_entries e ON e.id = p.entry_id
            LEFT JOIN ledger.accounts a ON a.id = p.account_id
            WHERE e.id IS NULL OR a.id IS NULL
            UNION ALL
            SELECT 'hold ' || t.hold_id, format('account id %s or counterparty id %s does not exist', t.account_id, t.counterparty_id)
            FROM ledger.pending_transfers t
            WHERE NOT EXISTS (SELECT 1 FROM ledger.accounts a WHERE a.id = t.account_id)
               OR NOT EXISTS (SELECT 1 FROM ledger.accounts a WHERE a.id = t.counterparty_id)
            ORDER BY 1
            """),
        ("account_balance",
            """
            SELECT a.code, format('posted %s but its postings sum to %s; pending %s but its postings sum to %s',
                a.posted, coalesce(s.amount, 0), a.pending, coalesce(s.pending, 0))
            FROM ledger.accounts a
            LEFT JOIN (SELECT account_id, sum(amount) AS amount, sum(pending) AS pending FROM ledger.postings GROUP BY account_id) s
                ON s.account_id = a.id
            WHERE a.posted <> coalesce(s.amount, 0) OR a.pending <> coalesce(s.pending, 0)
            ORDER BY a.code
            """),
        ("posting_currency",
            """
            SELECT a.code, format('entry %s posts %s to an account in %s', p.entry_id, p.currency, a.currency)
            FROM ledger.postings p JOIN ledger.accounts a ON a.id = p.account_id
            WHERE p.currency <> a.currency
            ORDER BY p.entry_id
            """),
        ("ledger_total",
            """
            SELECT currency::text, format('all accounts: posted sums to %s, pending to %s', sum(posted), sum(pending))
            FROM ledger.accounts GROUP BY currency HAVING sum(posted) <> 0 OR sum(pending) <> 0
            ORDER BY currency
            """),
        ("account_pending",
            """
            SELECT a.code, format('pending %s but its open pending transfers hold %s', a.pending, coalesce(h.held, 0) - coalesce(c.held, 0))
            FROM ledger.accounts a
            LEFT JOIN (SELECT account_id, sum(remaining) AS held FROM ledger.pending_transfers
                       WHERE state IN ('pending', 'partially_posted') GROUP BY account_id) h ON h.account_id = a.id
            LEFT JOIN (SELECT counterparty_id, sum(remaining) AS held FROM ledger.pending_transfers
                       WHERE state IN ('pending', 'partially_posted') GROUP BY counterparty_id) c ON c.counterparty_id = a.id
            WHERE a.pending <> coalesce(h.held, 0) - coalesce(c.held, 0)
            ORDER BY a.code
            """),
        ("transfer_remaining",
            """
            SELECT 'hold ' || hold_id, format('%s with remaining %s', state, remaining)
            FROM ledger.pending_transfers
            WHERE remaining < 0
               OR (state IN ('pending', 'partially_posted') AND remaining = 0)
               OR (state NOT IN ('pending', 'partially_posted') AND remaining <> 0)
            ORDER BY hold_id
            """),
        ("transfer_journal",
            """
            SELECT 'hold ' || t.hold_id, format('remaining %s but its journal entries hold %s', t.remaining, coalesce(j.pending, 0))
            FROM ledger.pending_transfers t
            LEFT JOIN (SELECT e.hold_id, p.account_id, sum(p.pending) AS pending
                       FROM ledger.journal_entries e JOIN ledger.postings p ON p.entry_id = e.id
                       WHERE e.hold_id IS NOT NULL GROUP BY e.hold_id, p.account_id) j
                ON j.hold_id = t.hold_id AND j.account_id = t.account_id
            WHERE t.remaining <> coalesce(j.pending, 0)
            ORDER BY t.hold_id
            """),
        ("transfer_resolved_twice",
            """
            SELECT 'hold ' || hold_id, format('resolved by %s entries (seq %s)', count(*), string_agg(coalesce(seq::text, '-'), ', ' ORDER BY id))
            FROM ledger.journal_entries WHERE resolution IS NOT NULL
            GROUP BY hold_id HAVING count(*) > 1
            ORDER BY hold_id
            """),
        ("transfer_resolution",
            """
            SELECT 'hold ' || t.hold_id, format('state %s resolved at seq %s, but the journal resolves it at seq %s as %s',
                t.state, coalesce(t.resolved_seq::text, '-'), coalesce(r.seq::text, '-'), coalesce(r.resolution, '-'))
            FROM ledger.pending_transfers t
            LEFT JOIN ledger.journal_entries r ON r.hold_id = t.hold_id AND r.resolution IS NOT NULL
            WHERE (t.resolved_seq IS NULL) <> (r.id IS NULL) OR t.resolved_seq <> r.seq OR t.state <> r.resolution
            ORDER BY t.hold_id
            """),
    ];

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>A verifier over the ledger schema in <paramref name="dataSource"/>.</summary>
    public LedgerVerifier(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <summary>The names of the checks, in the order they run.</summary>
    public static IReadOnlyList<string> CheckNames { get; } = [.. Checks.Select(c => c.Check)];

    /// <summary>Every violation found (at most <see cref="MaxPerCheck"/> per check); empty when the ledger is consistent.</summary>
    public async Task<IReadOnlyList<LedgerViolation>> VerifyAsync(CancellationToken cancellation = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellation);

        // Fresh statistics first: right after a bulk load (a demo, a replay) autovacuum may not have analyzed yet,
        // and with a planner that thinks the tables are empty the whole-ledger checks below took minutes, not seconds.
        await using (var analyze = new NpgsqlCommand("ANALYZE ledger.accounts, ledger.postings, ledger.journal_entries, ledger.pending_transfers", connection))
        {
            await analyze.ExecuteNonQueryAsync(cancellation);
        }

        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellation);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellation);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (_, sql) in Checks)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"{sql} LIMIT {MaxPerCheck}"));
        }

        var violations = new List<LedgerViolation>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellation))
        {
            for (var i = 0; i < Checks.Length; i++)
            {
                if (i > 0 && !await reader.NextResultAsync(cancellation))
                {
                    throw new InvalidOperationException($"the verifier's check {Checks[i].Check} returned no result set");
                }

                var check = Checks[i].Check;
                while (await reader.ReadAsync(cancellation))
                {
                    violations.Add(new LedgerViolation(check, reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        await transaction.CommitAsync(cancellation);
        return violations;
    }
}

/// <summary>One broken invariant: which check, on what (an entry, an account code, a hold, a currency), and the numbers.</summary>
/// <param name="Check">The check's name, for example <c>entry_unbalanced</c> (<see cref="LedgerVerifier.CheckNames"/>).</param>
/// <param name="Subject">What is wrong: <c>entry 12</c>, <c>customer:acct_1</c>, <c>hold 7</c>, <c>USD</c>.</param>
/// <param name="Detail">The values that disagree.</param>
public sealed record LedgerViolation(string Check, string Subject, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Check}: {Subject}: {Detail}";
}
