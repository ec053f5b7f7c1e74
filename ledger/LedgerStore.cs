using System.Collections.Concurrent;
using Baas.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Baas.Ledger;

/// <summary>
/// Writes authorization-log records into the ledger. Each <see cref="ApplyAsync"/> call decodes and maps the
/// records (<see cref="LedgerMapper"/>), then in one transaction locks the consumer's position row, drops what
/// is at or below it, and writes the journal entries, postings, pending-transfer changes and balance updates
/// of the rest with a handful of set-based statements over arrays (<c>unnest</c>): one INSERT of the entries,
/// one of their postings, one INSERT of new transfers, one UPDATE of changed ones and one UPDATE of balances
/// aggregated per account, together with the new position. Redelivered or overlapping batches therefore
/// change nothing, and a crash leaves either all of a batch or none of it. Safe to share; calls for one
/// consumer serialize on its row.
/// </summary>
public sealed partial class LedgerStore
{
    /// <summary>The consumer name the ledger component uses for its position (and in lag metrics).</summary>
    public const string DefaultConsumer = "ledger";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    // Ledger accounts by code. Accounts are never deleted, so an id once committed stays valid; entries found or
    // created inside a transaction join the cache only after it commits.
    private readonly ConcurrentDictionary<string, LedgerAccountRef> _accounts = new(StringComparer.Ordinal);

    // The position each consumer last committed through this store: records at or below it are not even decoded
    // again. Only a hint; the position read under lock in the transaction decides.
    private readonly ConcurrentDictionary<string, long> _positions = new(StringComparer.Ordinal);

    /// <summary>A store over the ledger schema in <paramref name="dataSource"/> (migrated by <see cref="LedgerMigrator"/>).</summary>
    public LedgerStore(NpgsqlDataSource dataSource, ILogger<LedgerStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The last log sequence applied for <paramref name="consumer"/>; 0 when it has applied nothing.</summary>
    public async Task<long> PositionAsync(string consumer, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        await using var command = _dataSource.CreateCommand("SELECT seq FROM ledger.consumer_positions WHERE consumer = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        return await command.ExecuteScalarAsync(cancellation) is long seq ? seq : 0;
    }

    /// <summary>
    /// Applies <paramref name="records"/> (log sequence and the encoded record, envelope and body, in sequence
    /// order) in one transaction with the consumer's new position, skipping those at or below the stored
    /// position; returns the new position (the stored one when nothing was new).
    /// </summary>
    /// <exception cref="InvalidDataException">A record does not decode, or its envelope's sequence is not the one given.</exception>
    /// <exception cref="InvalidOperationException">Another writer changed a pending transfer meanwhile; nothing was written (retry).</exception>
    public async Task<long> ApplyAsync(string consumer, IReadOnlyList<(long Seq, byte[] Record)> records, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentNullException.ThrowIfNull(records);
        var known = _positions.TryGetValue(consumer, out var cached) ? cached : 0;
        while (true)
        {
            var applied = await TryApplyAsync(consumer, records, known, cancellation);
            if (applied >= 0)
            {
                return applied;
            }

            // The stored position is behind what this store last committed (the database was restored?): map again from it.
            known = -applied - 1;
            _positions.TryRemove(consumer, out _);
        }
    }

    /// <summary>
    /// One attempt: records past <paramref name="known"/> (the position this store last committed, a hint) are
    /// decoded and mapped before the transaction opens; the position read under lock decides. Returns the new
    /// position, or <c>-(position + 1)</c> when the stored position is behind the hint.
    /// </summary>
    private async Task<long> TryApplyAsync(string consumer, IReadOnlyList<(long Seq, byte[] Record)> records, long known, CancellationToken cancellation)
    {
        var operations = new List<LedgerOperation>(records.Count);
        var newest = Map(records, known, operations);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        var (position, transfers, entryIds) = await BeginAsync(connection, transaction, consumer, operations, cancellation);
        if (position < known)
        {
            return -(position + 1);
        }

        if (position > known)
        {
            // Another writer went further since: what it applied is skipped here.
            operations.RemoveAll(o => o.Seq <= position);
        }

        var last = Math.Max(position, newest);
        if (last == position)
        {
            await transaction.CommitAsync(cancellation);
            _positions[consumer] = position;
            return position;
        }

        var fresh = new Dictionary<string, LedgerAccountRef>(StringComparer.Ordinal);
        var batch = new LedgerBatch(transfers, entryIds);
        if (operations.Count > 0)
        {
            await ResolveAccountsAsync(connection, transaction, operations, transfers, fresh, cancellation);
            Func<string, LedgerAccountRef?> account = code => Account(code, fresh);
            foreach (var operation in operations)
            {
                if (!batch.Add(operation, account))
                {
                    LogMissingHold(_logger, operation.Seq, operation.Kind, operation.HoldId);
                }
            }
        }

        await WriteAsync(connection, transaction, consumer, last, batch, cancellation);
        await transaction.CommitAsync(cancellation);
        foreach (var (code, account) in fresh)
        {
            _accounts[code] = account;
        }

        _positions[consumer] = last;
        LogApplied(_logger, consumer, position + 1, last, batch.EntryCount);
        return last;
    }

    /// <summary>Decodes and maps the records past <paramref name="position"/>; returns the newest sequence among them (or the position).</summary>
    private static long Map(IReadOnlyList<(long Seq, byte[] Record)> records, long position, List<LedgerOperation> operations)
    {
        var last = position;
        var decoded = new LogEvent();
        foreach (var (seq, record) in records)
        {
            // Redelivery and overlap: what the position (or this batch) already covers is skipped.
            if (seq <= last)
            {
                continue;
            }

            if (LogEvent.PeekSeq(record) != seq)
            {
                throw new InvalidDataException($"log record given as seq {seq} carries seq {LogEvent.PeekSeq(record)} (or is shorter than an envelope)");
            }

            last = seq;
            var type = LogEvent.PeekType(record);
            if (!LedgerMapper.Affects(type))
            {
                continue;
            }

            if (!decoded.TryDecode(record))
            {
                throw new InvalidDataException($"log record {seq} ({EventTypes.Name(type)}) does not decode; the ledger stops rather than skip money");
            }

            if (LedgerMapper.TryMap(decoded, out var operation))
            {
                operations.Add(operation);
            }
        }

        return last;
    }

    /// <summary>
    /// One round trip: locks the consumer's position row and reads the position, reads the pending transfers the
    /// operations touch (without locking them: the update checks that they did not change since, which is cheaper
    /// than locking a thousand rows), and takes an entry id from the sequence for each operation that may write one.
    /// </summary>
    private static async Task<(long Position, Dictionary<long, LedgerTransfer> Transfers, long[] EntryIds)> BeginAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string consumer, List<LedgerOperation> operations, CancellationToken cancellation)
    {
        var ids = new HashSet<long>();
        var entries = 0;
        foreach (var operation in operations)
        {
            if (operation.HoldId != 0)
            {
                ids.Add(operation.HoldId);
            }

            if (operation.HasEntry)
            {
                entries++;
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("INSERT INTO ledger.consumer_positions (consumer, seq) VALUES ($1, 0) ON CONFLICT (consumer) DO NOTHING")
                {
                    Parameters = { new NpgsqlParameter<string> { TypedValue = consumer } },
                },
                new NpgsqlBatchCommand("SELECT seq FROM ledger.consumer_positions WHERE consumer = $1 FOR UPDATE")
                {
                    Parameters = { new NpgsqlParameter<string> { TypedValue = consumer } },
                },
                new NpgsqlBatchCommand(
                    """
                    SELECT hold_id, kind, account_id, counterparty_id, currency, amount, remaining, posted, state, created_seq, updated_seq, resolved_seq
                    FROM ledger.pending_transfers WHERE hold_id = ANY($1)
                    """)
                {
                    Parameters = { new NpgsqlParameter<long[]> { TypedValue = [.. ids] } },
                },
                new NpgsqlBatchCommand("SELECT nextval('ledger.journal_entries_id_seq') FROM generate_series(1, $1)")
                {
                    Parameters = { new NpgsqlParameter<int> { TypedValue = entries } },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        var position = reader.GetInt64(0);
        await reader.NextResultAsync(cancellation);
        var transfers = new Dictionary<long, LedgerTransfer>(ids.Count);
        while (await reader.ReadAsync(cancellation))
        {
            var transfer = new LedgerTransfer
            {
                HoldId = reader.GetInt64(0),
                Kind = reader.GetString(1) == "reservation" ? PendingTransferKind.Reservation : PendingTransferKind.Card,
                AccountId = reader.GetInt64(2),
                CounterpartyId = reader.GetInt64(3),
                Currency = reader.GetString(4),
                Amount = reader.GetInt64(5),
                Remaining = reader.GetInt64(6),
                Posted = reader.GetInt64(7),
                State = PendingTransferStates.Parse(reader.GetString(8)),
                CreatedSeq = reader.GetInt64(9),
                UpdatedSeq = reader.GetInt64(10),
                LoadedUpdatedSeq = reader.GetInt64(10),
                ResolvedSeq = reader.IsDBNull(11) ? 0 : reader.GetInt64(11),
            };
            transfers[transfer.HoldId] = transfer;
        }

        await reader.NextResultAsync(cancellation);
        var entryIds = new long[entries];
        var n = 0;
        while (await reader.ReadAsync(cancellation))
        {
            entryIds[n++] = reader.GetInt64(0);
        }

        // Entry ids follow the log order, so the journal reads newest first by id.
        Array.Sort(entryIds);
        return (position, transfers, entryIds);
    }

    /// <summary>
    /// Finds or creates every account the operations post to. Customer accounts come first: a counterparty belongs
    /// to its customer's program, and a reservation release carries no currency (its customer's or hold's is used).
    /// Two round trips at most, none once every account is cached.
    /// </summary>
    private async Task ResolveAccountsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        List<LedgerOperation> operations,
        Dictionary<long, LedgerTransfer> transfers,
        Dictionary<string, LedgerAccountRef> fresh,
        CancellationToken cancellation)
    {
        var wanted = new Dictionary<string, AccountSpec>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            Want(wanted, fresh, LedgerAccounts.Customer(operation.AccountId), LedgerAccounts.CustomerKind, CurrencyOf(operation, transfers, null), operation.ProgramId, operation.Seq);
        }

        await EnsureAsync(connection, transaction, wanted, fresh, cancellation);
        wanted.Clear();
        foreach (var operation in operations)
        {
            if (!operation.OpensAccount && Account(LedgerAccounts.Customer(operation.AccountId), fresh) is { } customer)
            {
                var currency = CurrencyOf(operation, transfers, customer)!;
                Want(wanted, fresh, LedgerAccounts.Counterparty(operation.Counterparty, customer.ProgramId, currency), LedgerAccounts.CounterpartyKind(operation.Counterparty), currency, customer.ProgramId, operation.Seq);
            }
        }

        await EnsureAsync(connection, transaction, wanted, fresh, cancellation);
    }

    private static string? CurrencyOf(LedgerOperation operation, Dictionary<long, LedgerTransfer> transfers, LedgerAccountRef? customer) =>
        operation.Currency
        ?? (operation.HoldId != 0 && transfers.TryGetValue(operation.HoldId, out var hold) ? hold.Currency : null)
        ?? customer?.Currency;

    private void Want(Dictionary<string, AccountSpec> wanted, Dictionary<string, LedgerAccountRef> fresh, string code, string kind, string? currency, string? programId, long seq)
    {
        if (_accounts.ContainsKey(code) || fresh.ContainsKey(code))
        {
            return;
        }

        if (!wanted.TryGetValue(code, out var spec) || (spec.Currency is null && currency is not null))
        {
            wanted[code] = new AccountSpec(code, kind, currency, spec?.ProgramId ?? programId, spec?.CreatedSeq ?? seq);
        }
        else if (spec.ProgramId is null && programId is not null)
        {
            wanted[code] = spec with { ProgramId = programId };
        }
    }

    private static async Task EnsureAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<string, AccountSpec> wanted, Dictionary<string, LedgerAccountRef> fresh, CancellationToken cancellation)
    {
        if (wanted.Count == 0)
        {
            return;
        }

        var creatable = wanted.Values.Where(s => s.Currency is not null).ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (creatable.Length > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                INSERT INTO ledger.accounts (code, kind, currency, program_id, created_seq)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
                ON CONFLICT (code) DO NOTHING
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<string[]> { TypedValue = [.. creatable.Select(s => s.Code)] },
                    new NpgsqlParameter<string[]> { TypedValue = [.. creatable.Select(s => s.Kind)] },
                    new NpgsqlParameter<string[]> { TypedValue = [.. creatable.Select(s => s.Currency!)] },
                    new NpgsqlParameter<string?[]> { TypedValue = [.. creatable.Select(s => s.ProgramId)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. creatable.Select(s => s.CreatedSeq)] },
                },
            });
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT id, code, currency, program_id FROM ledger.accounts WHERE code = ANY($1)")
        {
            Parameters = { new NpgsqlParameter<string[]> { TypedValue = [.. wanted.Keys] } },
        });
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            fresh[reader.GetString(1)] = new LedgerAccountRef(reader.GetInt64(0), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }
    }

    private LedgerAccountRef? Account(string code, Dictionary<string, LedgerAccountRef> fresh) =>
        _accounts.TryGetValue(code, out var account) || fresh.TryGetValue(code, out account) ? account : null;

    private static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string consumer, long position, LedgerBatch rows, CancellationToken cancellation)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (rows.EntryCount > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                INSERT INTO ledger.journal_entries (id, seq, kind, ts, hold_id, resolution, description)
                SELECT x.id, x.seq, x.kind, x.ts, NULLIF(x.hold, 0), x.resolution, x.description
                FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[], $5::bigint[], $6::text[], $7::text[])
                    AS x(id, seq, kind, ts, hold, resolution, description)
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<long[]> { TypedValue = [.. rows.EntryId] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. rows.EntrySeq] },
                    new NpgsqlParameter<string[]> { TypedValue = [.. rows.EntryKind] },
                    new NpgsqlParameter<DateTime[]> { TypedValue = [.. rows.EntryTs] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. rows.EntryHold] },
                    new NpgsqlParameter<string?[]> { TypedValue = [.. rows.EntryResolution] },
                    new NpgsqlParameter<string[]> { TypedValue = [.. rows.EntryDescription] },
                },
            });

            // Every posting of the batch in one statement, so that the balance trigger sees every entry whole.
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                INSERT INTO ledger.postings (entry_id, account_id, currency, amount, pending)
                SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[])
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<long[]> { TypedValue = [.. rows.PostingEntry] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. rows.PostingAccount] },
                    new NpgsqlParameter<string[]> { TypedValue = [.. rows.PostingCurrency] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. rows.PostingAmount] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. rows.PostingPending] },
                },
            });
        }

        var created = rows.Transfers.Values.Where(t => t.IsNew).ToArray();
        if (created.Length > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                INSERT INTO ledger.pending_transfers
                    (hold_id, kind, account_id, counterparty_id, currency, amount, remaining, posted, state, created_seq, updated_seq, resolved_seq)
                SELECT x.hold, x.kind, x.account, x.counterparty, x.currency, x.amount, x.remaining, x.posted, x.state, x.created, x.updated, NULLIF(x.resolved, 0)
                FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[], $10::bigint[], $11::bigint[], $12::bigint[])
                    AS x(hold, kind, account, counterparty, currency, amount, remaining, posted, state, created, updated, resolved)
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<long[]> { TypedValue = [.. created.Select(t => t.HoldId)] },
                    new NpgsqlParameter<string[]> { TypedValue = [.. created.Select(t => t.Kind == PendingTransferKind.Reservation ? "reservation" : "card")] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. created.Select(t => t.AccountId)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. created.Select(t => t.CounterpartyId)] },
                    new NpgsqlParameter<string[]> { TypedValue = [.. created.Select(t => t.Currency)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. created.Select(t => t.Amount)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. created.Select(t => t.Remaining)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. created.Select(t => t.Posted)] },
                    new NpgsqlParameter<string[]> { TypedValue = [.. created.Select(t => PendingTransferStates.Name(t.State))] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. created.Select(t => t.CreatedSeq)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. created.Select(t => t.UpdatedSeq)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. created.Select(t => t.ResolvedSeq)] },
                },
            });
        }

        // Transfers that existed are updated by key, each only if it is still as it was read (optimistic: another
        // writer's change in between makes the count fall short, and the batch is refused and rolled back).
        NpgsqlBatchCommand? update = null;
        var changed = rows.Transfers.Values.Where(t => t.Dirty && !t.IsNew).ToArray();
        if (changed.Length > 0)
        {
            update = new NpgsqlBatchCommand(
                """
                UPDATE ledger.pending_transfers AS t
                SET amount = x.amount, remaining = x.remaining, posted = x.posted, state = x.state, updated_seq = x.updated, resolved_seq = NULLIF(x.resolved, 0)
                FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[])
                    AS x(hold, amount, remaining, posted, state, updated, resolved, expected)
                WHERE t.hold_id = x.hold AND t.updated_seq = x.expected
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<long[]> { TypedValue = [.. changed.Select(t => t.HoldId)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. changed.Select(t => t.Amount)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. changed.Select(t => t.Remaining)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. changed.Select(t => t.Posted)] },
                    new NpgsqlParameter<string[]> { TypedValue = [.. changed.Select(t => PendingTransferStates.Name(t.State))] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. changed.Select(t => t.UpdatedSeq)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. changed.Select(t => t.ResolvedSeq)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. changed.Select(t => t.LoadedUpdatedSeq)] },
                },
            };
            batch.BatchCommands.Add(update);
        }

        if (rows.Balances.Count > 0)
        {
            // One row per account however many entries touched it; ordered by id so that writers lock alike.
            var ids = rows.Balances.Keys.Order().ToArray();
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                UPDATE ledger.accounts AS a SET posted = a.posted + d.posted, pending = a.pending + d.pending
                FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS d(id, posted, pending)
                WHERE a.id = d.id
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<long[]> { TypedValue = ids },
                    new NpgsqlParameter<long[]> { TypedValue = [.. ids.Select(id => rows.Balances[id].Posted)] },
                    new NpgsqlParameter<long[]> { TypedValue = [.. ids.Select(id => rows.Balances[id].Pending)] },
                },
            });
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE ledger.consumer_positions SET seq = $2, updated_at = now() WHERE consumer = $1")
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = consumer },
                new NpgsqlParameter<long> { TypedValue = position },
            },
        });
        await batch.ExecuteNonQueryAsync(cancellation);
        if (update is not null && update.RecordsAffected != changed.Length)
        {
            throw new InvalidOperationException(
                $"{changed.Length - update.RecordsAffected} pending transfers changed while this batch was applied (another writer on the ledger?); nothing was written");
        }
    }

    private sealed record AccountSpec(string Code, string Kind, string? Currency, string? ProgramId, long CreatedSeq);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Ledger consumer {Consumer} applied seq {From}..{To}: {Entries} journal entries")]
    private static partial void LogApplied(ILogger logger, string consumer, long from, long to, int entries);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Log record {Seq} ({Kind}) names hold {HoldId}, which the ledger does not have; like the authorizer, it changes nothing")]
    private static partial void LogMissingHold(ILogger logger, long seq, string kind, long holdId);
}

/// <summary>A ledger account's id, currency and program.</summary>
/// <param name="Id">Primary key in <c>ledger.accounts</c>.</param>
/// <param name="Currency">ISO 4217 alphabetic code.</param>
/// <param name="ProgramId">The program it belongs to; null for a customer first seen without one.</param>
internal sealed record LedgerAccountRef(long Id, string Currency, string? ProgramId);
