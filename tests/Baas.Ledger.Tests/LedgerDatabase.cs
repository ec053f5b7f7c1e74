using Npgsql;

namespace Baas.Ledger.Tests;

/// <summary>
/// A throwaway database <c>ledger_test_{guid}</c> on the PostgreSQL from <c>BAAS_PG</c>, migrated, with the
/// ledger's store, queries and verifier over it; dropped on dispose. Used as a class fixture (one database per
/// test class) or created by a test that needs one to itself. Tests sharing one keep apart by taking their own
/// sequence numbers (<see cref="NextSeq"/>), account ids and consumer names.
/// </summary>
public sealed class LedgerDatabase : IAsyncLifetime, IAsyncDisposable
{
    private readonly bool _migrate;
    private long _seq;
    private int _ids;
    private NpgsqlDataSource? _dataSource;

    public LedgerDatabase()
        : this(migrate: true)
    {
    }

    private LedgerDatabase(bool migrate)
    {
        _migrate = migrate;
        Name = "ledger_test_" + Guid.NewGuid().ToString("N");
    }

    public string Name { get; }

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("the database is not created (BAAS_PG missing?)");

    public LedgerStore Store { get; private set; } = null!;

    public LedgerQueries Queries { get; private set; } = null!;

    public LedgerVerifier Verifier { get; private set; } = null!;

    /// <summary>A database of its own, migrated unless <paramref name="migrate"/> is false.</summary>
    public static async Task<LedgerDatabase> CreateAsync(bool migrate = true)
    {
        var db = new LedgerDatabase(migrate);
        await db.CreateCoreAsync();
        return db;
    }

    /// <summary>The next unused log sequence in this database (sequences are unique across the whole ledger).</summary>
    public long NextSeq() => Interlocked.Increment(ref _seq);

    /// <summary>An account id no other test in this database uses.</summary>
    public string NewAccountId(string prefix = "acct") => $"{prefix}_{Interlocked.Increment(ref _ids)}";

    public async Task InitializeAsync()
    {
        // Without BAAS_PG every test here is skipped (or, under CI, fails in PostgresEnvironment.Require).
        if (PostgresEnvironment.ConnectionString is not null)
        {
            await CreateCoreAsync();
        }
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="sql"/> with triggers off (<c>session_replication_role = replica</c>): how a test corrupts the ledger on purpose.</summary>
    public async Task CorruptAsync(string sql)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"SET session_replication_role = replica; {sql}; SET session_replication_role = origin;", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The pending transfer of a hold, or null.</summary>
    public async Task<TransferRow?> TransferAsync(long holdId)
    {
        await using var command = DataSource.CreateCommand(
            """
            SELECT t.kind, a.code, c.code, t.currency, t.amount, t.remaining, t.posted, t.state, t.created_seq, t.resolved_seq
            FROM ledger.pending_transfers t JOIN ledger.accounts a ON a.id = t.account_id JOIN ledger.accounts c ON c.id = t.counterparty_id
            WHERE t.hold_id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = holdId });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new TransferRow(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetInt64(4),
            reader.GetInt64(5),
            reader.GetInt64(6),
            reader.GetString(7),
            reader.GetInt64(8),
            reader.IsDBNull(9) ? null : reader.GetInt64(9));
    }

    /// <summary>Counts of rows in the ledger's tables, to show that something changed nothing.</summary>
    public async Task<LedgerCounts> CountsAsync()
    {
        await using var command = DataSource.CreateCommand(
            """
            SELECT (SELECT count(*) FROM ledger.accounts), (SELECT count(*) FROM ledger.journal_entries), (SELECT count(*) FROM ledger.postings),
                   (SELECT count(*) FROM ledger.pending_transfers), (SELECT coalesce(sum(abs(posted)), 0)::bigint FROM ledger.accounts),
                   (SELECT coalesce(sum(abs(pending)), 0)::bigint FROM ledger.accounts)
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new LedgerCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    /// <summary>The kinds of the journal entries of an authorizer account, oldest first.</summary>
    public async Task<IReadOnlyList<string>> EntryKindsAsync(string accountId)
    {
        var page = await Queries.GetEntriesAsync(accountId, null, LedgerQueries.MaxPageSize);
        return [.. page.Entries.Reverse().Select(e => e.Kind)];
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is null)
        {
            return;
        }

        await _dataSource.DisposeAsync();
        _dataSource = null;
        await using var admin = NpgsqlDataSource.Create(PostgresEnvironment.Require());
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task CreateCoreAsync()
    {
        var admin = PostgresEnvironment.Require();
        await using (var server = NpgsqlDataSource.Create(admin))
        await using (var create = server.CreateCommand($"CREATE DATABASE {Name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = Name, Pooling = true, MaxPoolSize = 20 };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        if (_migrate)
        {
            await LedgerMigrator.MigrateAsync(_dataSource);
        }

        Store = new LedgerStore(_dataSource);
        Queries = new LedgerQueries(_dataSource);
        Verifier = new LedgerVerifier(_dataSource);
    }
}

/// <summary>A pending transfer as stored, with its accounts' codes.</summary>
public sealed record TransferRow(
    string Kind, string Account, string Counterparty, string Currency, long Amount, long Remaining, long Posted, string State, long CreatedSeq, long? ResolvedSeq);

/// <summary>Row counts and absolute balance totals of the ledger.</summary>
public sealed record LedgerCounts(long Accounts, long Entries, long Postings, long Transfers, long PostedVolume, long PendingVolume);
