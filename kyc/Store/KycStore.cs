using System.Security.Cryptography;
using System.Text.Json;
using Baas.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Baas.Kyc.Store;

/// <summary>
/// Customers, their transitions and accounts in PostgreSQL. Every change to a customer happens in a
/// <see cref="CustomerTransaction"/> that holds the customer's row lock, so two requests (an API call and a
/// webhook, or monitoring) never interleave their transitions.
/// </summary>
public sealed class KycStore(NpgsqlDataSource dataSource, TimeProvider? time = null)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The database.</summary>
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>The clock.</summary>
    public TimeProvider Time => _time;

    /// <summary>
    /// Inserts a new customer in <c>INITIATED</c> (its first history entry), or finds the one made earlier with the
    /// same idempotency key: then <paramref name="requestHash"/> must match (else 409).
    /// </summary>
    public async Task<(string Id, bool Created)> CreateAsync(CustomerApplication application, string? idempotencyKey, byte[] requestHash, IdentityProtector protector, string mask, string normalizedIdentifier, string actor, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(protector);
        if (idempotencyKey is not null && await FindByKeyAsync(idempotencyKey, requestHash, cancellation) is { } existing)
        {
            return (existing, false);
        }

        var id = "cus_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
        var now = _time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var tx = await connection.BeginTransactionAsync(cancellation);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO kyc.customers (id, state, program_id, first_name, last_name, date_of_birth, address, nationality, identifier_type,
                identifier_mask, identifier_hash, identifier_enc, source_of_funds, expected_monthly_volume, occupation, idempotency_key, request_hash,
                created_at, updated_at)
            VALUES (@id, 'INITIATED', @program, @first, @last, @dob, @address, @nationality, @itype, @mask, @ihash, @ienc, @funds, @volume, @occupation, @key, @rhash, @now, @now)
            ON CONFLICT (idempotency_key) DO NOTHING
            """,
            connection,
            tx))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("program", (object?)application.ProgramId ?? DBNull.Value);
            insert.Parameters.AddWithValue("first", application.FirstName);
            insert.Parameters.AddWithValue("last", application.LastName);
            insert.Parameters.AddWithValue("dob", application.DateOfBirth);
            insert.Parameters.Add(new NpgsqlParameter("address", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(application.Address, Json) });
            insert.Parameters.AddWithValue("nationality", application.Nationality);
            insert.Parameters.AddWithValue("itype", application.Identifier.Type);
            insert.Parameters.AddWithValue("mask", mask);
            insert.Parameters.AddWithValue("ihash", protector.Hash(application.Identifier.Type, normalizedIdentifier));
            insert.Parameters.AddWithValue("ienc", protector.Encrypt(normalizedIdentifier));
            insert.Parameters.AddWithValue("funds", (object?)application.SourceOfFunds ?? DBNull.Value);
            insert.Parameters.AddWithValue("volume", (object?)application.ExpectedMonthlyVolume ?? DBNull.Value);
            insert.Parameters.AddWithValue("occupation", (object?)application.Occupation ?? DBNull.Value);
            insert.Parameters.AddWithValue("key", (object?)idempotencyKey ?? DBNull.Value);
            insert.Parameters.AddWithValue("rhash", requestHash);
            insert.Parameters.AddWithValue("now", now);
            if (await insert.ExecuteNonQueryAsync(cancellation) == 0)
            {
                // A concurrent request with the same key won the race.
                await tx.RollbackAsync(cancellation);
                return ((await FindByKeyAsync(idempotencyKey!, requestHash, cancellation))!, false);
            }
        }

        await InsertTransitionAsync(connection, tx, id, null, KycStates.Initiated, "application_received", actor, null, now, cancellation);
        await tx.CommitAsync(cancellation);
        return (id, true);
    }

    private async Task<string?> FindByKeyAsync(string key, byte[] requestHash, CancellationToken cancellation)
    {
        await using var find = dataSource.CreateCommand("SELECT id, request_hash FROM kyc.customers WHERE idempotency_key = @k");
        find.Parameters.AddWithValue("k", key);
        await using var reader = await find.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation))
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals((byte[])reader[1], requestHash))
        {
            throw new KycException(409, "this Idempotency-Key was used for a different customer application", "Idempotency-Key");
        }

        return reader.GetString(0);
    }

    /// <summary>Opens a transaction holding <paramref name="customerId"/>'s row lock; 404 when unknown.</summary>
    public async Task<CustomerTransaction> BeginAsync(string customerId, CancellationToken cancellation)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellation);
        NpgsqlTransaction? tx = null;
        try
        {
            tx = await connection.BeginTransactionAsync(cancellation);
            var row = await ReadRowAsync(connection, tx, customerId, cancellation) ?? throw new KycException(404, $"no customer {customerId}");
            return new CustomerTransaction(connection, tx, row, _time.GetUtcNow());
        }
        catch
        {
            if (tx is not null)
            {
                await tx.DisposeAsync();
            }

            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Locks a customer inside a larger transaction (ongoing monitoring's batch); null when unknown. Its owner commits.</summary>
    internal async Task<CustomerTransaction?> JoinAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string customerId, CancellationToken cancellation) =>
        await ReadRowAsync(connection, tx, customerId, cancellation) is { } row ? new CustomerTransaction(connection, tx, row, _time.GetUtcNow(), owned: false) : null;

    /// <summary>A customer with accounts and full history; null when unknown.</summary>
    public async Task<CustomerView?> GetAsync(string id, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        CustomerView? view;
        await using (var command = new NpgsqlCommand(
            """
            SELECT id, state, program_id, first_name || ' ' || last_name, identifier_type, identifier_mask, address->>'country', risk_score, risk_factors::text,
                sanctions_hold, review_step, document_expiry, created_at, updated_at
            FROM kyc.customers WHERE id = @id
            """,
            connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            if (!await reader.ReadAsync(cancellation))
            {
                return null;
            }

            view = new CustomerView(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.IsDBNull(8) ? null : JsonDocument.Parse(reader.GetString(8)).RootElement.Clone(),
                reader.GetBoolean(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateOnly>(11),
                [],
                [],
                reader.GetFieldValue<DateTimeOffset>(12),
                reader.GetFieldValue<DateTimeOffset>(13));
        }

        var history = new List<TransitionView>();
        await using (var command = new NpgsqlCommand("SELECT from_state, to_state, cause, actor, evidence::text, at FROM kyc.transitions WHERE customer_id = @id ORDER BY id", connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                history.Add(new TransitionView(
                    reader.IsDBNull(0) ? null : reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : JsonDocument.Parse(reader.GetString(4)).RootElement.Clone(),
                    reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        return view with { Accounts = await AccountsAsync(connection, id, cancellation), History = history };
    }

    /// <summary>Customers, newest first, optionally in one state.</summary>
    public async Task<IReadOnlyList<(string Id, string State, string Name, DateTimeOffset UpdatedAt)>> ListAsync(string? state, int limit, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, state, first_name || ' ' || last_name, updated_at FROM kyc.customers WHERE (@state::text IS NULL OR state = @state) ORDER BY created_at DESC, id LIMIT @limit");
        command.Parameters.AddWithValue("state", NpgsqlDbType.Text, (object?)state ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var list = new List<(string, string, string, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            list.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return list;
    }

    /// <summary>How many customers are in each state.</summary>
    public Task<IReadOnlyDictionary<string, long>> CountByStateAsync(CancellationToken cancellation) => dataSource.ByStateAsync("kyc.customers", cancellation);

    /// <summary>The customer holding an account; null when no customer does.</summary>
    public async Task<string?> CustomerOfAccountAsync(string accountId, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand("SELECT customer_id FROM kyc.accounts WHERE account_id = @a");
        command.Parameters.AddWithValue("a", accountId);
        return await command.ExecuteScalarAsync(cancellation) as string;
    }

    /// <summary>Accounts whose authorizer status is not yet what the customer's state asks.</summary>
    public async Task<IReadOnlyList<(string AccountId, string CustomerId, string Status)>> UnsyncedAsync(int limit, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT account_id, customer_id, desired_status FROM kyc.accounts WHERE synced_status IS DISTINCT FROM desired_status ORDER BY account_id LIMIT @l");
        command.Parameters.AddWithValue("l", limit);
        var list = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            list.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return list;
    }

    /// <summary>Records what the authorizer confirmed (only if the wanted status did not change meanwhile), or why it failed.</summary>
    public async Task MarkSyncedAsync(string accountId, string status, string? error, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(error is null
            ? "UPDATE kyc.accounts SET synced_status = @s, synced_at = @now, last_error = NULL WHERE account_id = @a AND desired_status = @s"
            : "UPDATE kyc.accounts SET last_error = @e WHERE account_id = @a");
        command.Parameters.AddWithValue("a", accountId);
        command.Parameters.AddWithValue("s", status);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        command.Parameters.AddWithValue("e", (object?)error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>Customer ids in a state whose last change is older than <paramref name="before"/> (sweeps: stuck screening, overdue EDD).</summary>
    public async Task<IReadOnlyList<string>> InStateSinceAsync(string state, DateTimeOffset before, int limit, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM kyc.customers WHERE state = @s AND updated_at < @b ORDER BY updated_at LIMIT @l");
        command.Parameters.AddWithValue("s", state);
        command.Parameters.AddWithValue("b", before);
        command.Parameters.AddWithValue("l", limit);
        return await ReadIdsAsync(command, cancellation);
    }

    /// <summary>Approved customers whose identity document expired before <paramref name="today"/>.</summary>
    public async Task<IReadOnlyList<string>> ExpiredDocumentsAsync(DateOnly today, int limit, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM kyc.customers WHERE state = 'APPROVED_STANDARD' AND document_expiry < @t ORDER BY id LIMIT @l");
        command.Parameters.AddWithValue("t", today);
        command.Parameters.AddWithValue("l", limit);
        return await ReadIdsAsync(command, cancellation);
    }

    /// <summary>True when another, not rejected, customer has the same identifier.</summary>
    internal static async Task<bool> DuplicateIdentityAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CustomerRow customer, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM kyc.customers WHERE identifier_hash = @h AND id <> @id AND state <> 'REJECTED')", connection, tx);
        command.Parameters.AddWithValue("h", customer.IdentifierHash);
        command.Parameters.AddWithValue("id", customer.Id);
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }

    internal static async Task<IReadOnlyList<CustomerAccountView>> AccountsAsync(NpgsqlConnection connection, string customerId, CancellationToken cancellation, NpgsqlTransaction? tx = null)
    {
        await using var command = new NpgsqlCommand("SELECT account_id, desired_status, synced_status, synced_at, last_error FROM kyc.accounts WHERE customer_id = @id ORDER BY created_at, account_id", connection, tx);
        command.Parameters.AddWithValue("id", customerId);
        var list = new List<CustomerAccountView>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            list.Add(new CustomerAccountView(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return list;
    }

    internal static async Task InsertTransitionAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string customerId, string? from, string to, string cause, string actor, object? evidence, DateTimeOffset at, CancellationToken cancellation)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO kyc.transitions (customer_id, from_state, to_state, cause, actor, evidence, at) VALUES (@c, @f, @t, @cause, @actor, @e, @at)",
            connection,
            tx);
        insert.Parameters.AddWithValue("c", customerId);
        insert.Parameters.AddWithValue("f", (object?)from ?? DBNull.Value);
        insert.Parameters.AddWithValue("t", to);
        insert.Parameters.AddWithValue("cause", cause);
        insert.Parameters.AddWithValue("actor", actor);
        insert.Parameters.Add(new NpgsqlParameter("e", NpgsqlDbType.Jsonb) { Value = evidence is null ? DBNull.Value : JsonSerializer.Serialize(evidence, Json) });
        insert.Parameters.AddWithValue("at", at);
        await insert.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task<CustomerRow?> ReadRowAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string id, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT id, state, program_id, first_name, last_name, date_of_birth, address::text, nationality, identifier_type, identifier_hash, source_of_funds,
                expected_monthly_volume, occupation, sanctions_hold, review_step, document_attempts, liveness_attempts, document_expiry, updated_at
            FROM kyc.customers WHERE id = @id FOR UPDATE
            """,
            connection,
            tx);
        command.Parameters.AddWithValue("id", id);
        await using var r = await command.ExecuteReaderAsync(cancellation);
        if (!await r.ReadAsync(cancellation))
        {
            return null;
        }

        return new CustomerRow
        {
            Id = r.GetString(0),
            State = r.GetString(1),
            ProgramId = r.IsDBNull(2) ? null : r.GetString(2),
            FirstName = r.GetString(3),
            LastName = r.GetString(4),
            DateOfBirth = r.GetFieldValue<DateOnly>(5),
            Address = JsonSerializer.Deserialize<PostalAddress>(r.GetString(6), Json)!,
            Nationality = r.GetString(7),
            IdentifierType = r.GetString(8),
            IdentifierHash = (byte[])r[9],
            SourceOfFunds = r.IsDBNull(10) ? null : r.GetString(10),
            ExpectedMonthlyVolume = r.IsDBNull(11) ? null : r.GetInt64(11),
            Occupation = r.IsDBNull(12) ? null : r.GetString(12),
            SanctionsHold = r.GetBoolean(13),
            ReviewStep = r.IsDBNull(14) ? null : r.GetString(14),
            DocumentAttempts = r.GetInt32(15),
            LivenessAttempts = r.GetInt32(16),
            DocumentExpiry = r.IsDBNull(17) ? null : r.GetFieldValue<DateOnly>(17),
            UpdatedAt = r.GetFieldValue<DateTimeOffset>(18),
        };
    }

    private static async Task<IReadOnlyList<string>> ReadIdsAsync(NpgsqlCommand command, CancellationToken cancellation)
    {
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
