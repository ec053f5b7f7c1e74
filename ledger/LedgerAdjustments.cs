using Npgsql;

namespace Baas.Ledger;

/// <summary>A request to correct a customer's balance.</summary>
/// <param name="Key">The idempotency key (1 to 36 characters): the same key again is the same adjustment.</param>
/// <param name="AccountId">The authorizer's account id.</param>
/// <param name="Amount">Signed, minor units: positive credits the customer, negative debits.</param>
/// <param name="Reason">Why (for the audit trail and statements), 1 to 500 characters.</param>
/// <param name="RequestedBy">Who asked (the API caller).</param>
public sealed record AdjustmentRequest(string Key, string AccountId, long Amount, string Reason, string RequestedBy);

/// <summary>An adjustment as recorded.</summary>
/// <param name="Key">Its idempotency key.</param>
/// <param name="AccountId">The account.</param>
/// <param name="Amount">Signed amount, minor units.</param>
/// <param name="Reason">Why.</param>
/// <param name="RequestedBy">Who asked.</param>
/// <param name="Seq">The authorizer's log record that carries it; null until the authorizer has taken it.</param>
/// <param name="RequestedAt">When it was first asked for.</param>
/// <param name="EntryId">The ledger's journal entry for it; null until the ledger has applied that record.</param>
public sealed record Adjustment(string Key, string AccountId, long Amount, string Reason, string RequestedBy, long? Seq, DateTimeOffset RequestedAt, long? EntryId);

/// <summary>The key was used before for a different adjustment.</summary>
public sealed class AdjustmentConflictException(string message) : Exception(message);

/// <summary>
/// Adjustments (<c>POST /v1/ledger/adjustments</c>): recorded here under their idempotency key, then applied
/// through the authorizer as a credit or debit with the reference <c>adj:{key}</c>, so the authorizer's balance
/// and the ledger's move by the same log record (entry kind <c>adjustment</c>, against the program's sponsor
/// omnibus). Every step can be repeated: the key makes the record once, the reference makes the authorizer
/// move the money once, and the log sequence makes the journal entry once.
/// </summary>
public sealed class LedgerAdjustments(NpgsqlDataSource dataSource)
{
    /// <summary>The reference prefix of an adjustment's credit or debit in the authorizer.</summary>
    public const string ReferencePrefix = "adj:";

    /// <summary>The longest key (the authorizer's references are at most 40 characters).</summary>
    public const int MaxKeyLength = 36;

    /// <summary>True when a credit's or debit's reference marks it as an adjustment.</summary>
    public static bool IsAdjustment(string? reference) => reference is not null && reference.StartsWith(ReferencePrefix, StringComparison.Ordinal);

    /// <summary>The authorizer reference of an adjustment key.</summary>
    public static string Reference(string key) => ReferencePrefix + key;

    /// <summary>
    /// Records, submits and returns the adjustment. A repeat of an earlier request (same key, account and amount)
    /// answers the same adjustment and moves nothing again; the same key for something else is a conflict.
    /// </summary>
    /// <returns>The adjustment, and true when this call recorded it.</returns>
    /// <exception cref="AdjustmentConflictException">The key belongs to a different adjustment.</exception>
    /// <exception cref="AuthorizerRefusedException">The authorizer refused it; the record stays, unsubmitted, so the same request may be retried.</exception>
    public async Task<(Adjustment Adjustment, bool Created)> ApplyAsync(AdjustmentRequest request, IAuthorizerClient authorizer, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(authorizer);
        var created = await RecordAsync(request, cancellation);
        var seq = await authorizer.MoveMoneyAsync(request.AccountId, request.Amount, Reference(request.Key), cancellation);
        await using (var command = dataSource.CreateCommand("UPDATE ledger.adjustments SET seq = $2 WHERE key = $1 AND seq IS NULL"))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Key });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seq });
            await command.ExecuteNonQueryAsync(cancellation);
        }

        return ((await GetAsync(request.Key, cancellation))!, created);
    }

    /// <summary>The adjustment under <paramref name="key"/>, with its journal entry once the ledger has one; null when there is none.</summary>
    public async Task<Adjustment?> GetAsync(string key, CancellationToken cancellation = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT a.key, a.account_id, a.amount, a.reason, a.requested_by, a.seq, a.requested_at, e.id
            FROM ledger.adjustments a LEFT JOIN ledger.journal_entries e ON e.seq = a.seq
            WHERE a.key = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation))
        {
            return null;
        }

        return new Adjustment(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt64(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetInt64(5),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.IsDBNull(7) ? null : reader.GetInt64(7));
    }

    private async Task<bool> RecordAsync(AdjustmentRequest request, CancellationToken cancellation)
    {
        await using (var insert = dataSource.CreateCommand(
            "INSERT INTO ledger.adjustments (key, account_id, amount, reason, requested_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING"))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Key });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.AccountId });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = request.Amount });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Reason });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.RequestedBy });
            if (await insert.ExecuteNonQueryAsync(cancellation) == 1)
            {
                return true;
            }
        }

        var earlier = await GetAsync(request.Key, cancellation) ?? throw new InvalidOperationException($"adjustment {request.Key} vanished");
        if (earlier.AccountId != request.AccountId || earlier.Amount != request.Amount)
        {
            throw new AdjustmentConflictException(
                $"idempotency key {request.Key} was used for an adjustment of {earlier.Amount} to account {earlier.AccountId}");
        }

        return false;
    }
}
