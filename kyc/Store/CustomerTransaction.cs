using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Baas.Kyc.Store;

/// <summary>
/// A change to one customer, under its row lock: transitions (each checked against <see cref="KycStates.Transitions"/>
/// and written to the audit trail), the fields the workflow keeps, provider checks, and accounts. Nothing is
/// visible until <see cref="CommitAsync"/>; disposing without it rolls everything back.
/// </summary>
public sealed class CustomerTransaction : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _tx;
    private readonly List<(string From, string To, string Cause)> _made = [];
    private string? _riskFactors;
    private int? _riskScore;
    private readonly bool _owned;
    private string? _sanctionsHits;

    internal CustomerTransaction(NpgsqlConnection connection, NpgsqlTransaction tx, CustomerRow customer, DateTimeOffset now, bool owned = true)
    {
        _connection = connection;
        _tx = tx;
        _owned = owned;
        Customer = customer;
        Now = now;
        InitialState = customer.State;
    }

    /// <summary>The customer, as it stands in this transaction.</summary>
    public CustomerRow Customer { get; }

    /// <summary>The state when the transaction began.</summary>
    public string InitialState { get; }

    /// <summary>The transaction's time (every transition in it carries it).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The transitions made so far.</summary>
    public IReadOnlyList<(string From, string To, string Cause)> Made => _made;

    internal NpgsqlConnection Connection => _connection;

    internal NpgsqlTransaction Transaction => _tx;

    /// <summary>Moves the customer to <paramref name="to"/>, recording the cause, actor and evidence; 409 when the transition is not legal.</summary>
    public async Task GoAsync(string to, string cause, string actor, object? evidence, CancellationToken cancellation)
    {
        var from = Customer.State;
        if (!KycStates.CanGo(from, to))
        {
            var legal = KycStates.Transitions.TryGetValue(from, out var next) && next.Count > 0 ? string.Join(", ", next.Order(StringComparer.Ordinal)) : "none: it is final";
            throw new KycException(409, $"a customer in {from} cannot go to {to} (from {from}: {legal})", "state");
        }

        if (to == KycStates.Approved && Customer.SanctionsHold)
        {
            // Only a reviewer's clearing lifts the hold, and it does so before approving.
            throw new KycException(409, "the customer has a potential sanctions match that no reviewer has cleared; it cannot be approved", "state");
        }

        await KycStore.InsertTransitionAsync(_connection, _tx, Customer.Id, from, to, cause, actor, evidence, Now, cancellation);
        Customer.State = to;
        _made.Add((from, to, cause));
        await using var accounts = new NpgsqlCommand("UPDATE kyc.accounts SET desired_status = @s WHERE customer_id = @c AND desired_status <> @s", _connection, _tx);
        accounts.Parameters.AddWithValue("s", KycStates.AuthorizerStatus(to));
        accounts.Parameters.AddWithValue("c", Customer.Id);
        await accounts.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>Stores the risk assessment with the customer.</summary>
    public void SetRisk(int score, object factors)
    {
        _riskScore = score;
        _riskFactors = JsonSerializer.Serialize(factors, KycStore.Json);
    }

    /// <summary>Stores the sanctions findings with the customer.</summary>
    public void SetSanctionsHits(object hits) => _sanctionsHits = JsonSerializer.Serialize(hits, KycStore.Json);

    /// <summary>Records a check sent to a provider (a webhook finds the customer by it); 409 when the id is already used.</summary>
    public async Task AddCheckAsync(string provider, string checkId, string step, CancellationToken cancellation)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO kyc.checks (provider, check_id, customer_id, step, created_at) VALUES (@p, @id, @c, @s, @now) ON CONFLICT DO NOTHING",
            _connection,
            _tx);
        insert.Parameters.AddWithValue("p", provider);
        insert.Parameters.AddWithValue("id", checkId);
        insert.Parameters.AddWithValue("c", Customer.Id);
        insert.Parameters.AddWithValue("s", step);
        insert.Parameters.AddWithValue("now", Now);
        if (await insert.ExecuteNonQueryAsync(cancellation) == 0)
        {
            throw new KycException(409, $"check {checkId} at {provider} is already recorded", "checkId");
        }
    }

    /// <summary>Stores a check's result; false when it already had one (a repeated delivery).</summary>
    public async Task<bool> CompleteCheckAsync(string provider, string checkId, string outcome, object result, CancellationToken cancellation)
    {
        await using var update = new NpgsqlCommand(
            "UPDATE kyc.checks SET outcome = @o, result = @r, completed_at = @now WHERE provider = @p AND check_id = @id AND completed_at IS NULL",
            _connection,
            _tx);
        update.Parameters.AddWithValue("o", outcome);
        update.Parameters.Add(new NpgsqlParameter("r", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(result, KycStore.Json) });
        update.Parameters.AddWithValue("now", Now);
        update.Parameters.AddWithValue("p", provider);
        update.Parameters.AddWithValue("id", checkId);
        return await update.ExecuteNonQueryAsync(cancellation) == 1;
    }

    /// <summary>Links an account to the customer with the status its state asks for; 409 when another customer holds it.</summary>
    public async Task LinkAccountAsync(string accountId, CancellationToken cancellation)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO kyc.accounts (account_id, customer_id, desired_status, created_at) VALUES (@a, @c, @s, @now)
            ON CONFLICT (account_id) DO UPDATE SET desired_status = excluded.desired_status WHERE kyc.accounts.customer_id = excluded.customer_id
            """,
            _connection,
            _tx);
        insert.Parameters.AddWithValue("a", accountId);
        insert.Parameters.AddWithValue("c", Customer.Id);
        insert.Parameters.AddWithValue("s", KycStates.AuthorizerStatus(Customer.State));
        insert.Parameters.AddWithValue("now", Now);
        if (await insert.ExecuteNonQueryAsync(cancellation) == 0)
        {
            throw new KycException(409, $"account {accountId} belongs to another customer", "accountId");
        }
    }

    /// <summary>The customer's accounts.</summary>
    public Task<IReadOnlyList<CustomerAccountView>> AccountsAsync(CancellationToken cancellation) => KycStore.AccountsAsync(_connection, Customer.Id, cancellation, _tx);

    /// <summary>True when another customer (not rejected) has the same identifier.</summary>
    public Task<bool> DuplicateIdentityAsync(CancellationToken cancellation) => KycStore.DuplicateIdentityAsync(_connection, _tx, Customer, cancellation);

    /// <summary>Writes the customer's fields and commits (a transaction joined to a larger one only writes; its owner commits).</summary>
    public async Task CommitAsync(CancellationToken cancellation)
    {
        await using (var update = new NpgsqlCommand(
            """
            UPDATE kyc.customers SET state = @state, sanctions_hold = @hold, review_step = @step, document_attempts = @da, liveness_attempts = @la,
                document_expiry = @expiry, risk_score = COALESCE(@score, risk_score), risk_factors = COALESCE(@factors, risk_factors),
                sanctions_hits = COALESCE(@hits, sanctions_hits), updated_at = CASE WHEN state = @state THEN updated_at ELSE @now END
            WHERE id = @id
            """,
            _connection,
            _tx))
        {
            update.Parameters.AddWithValue("id", Customer.Id);
            update.Parameters.AddWithValue("state", Customer.State);
            update.Parameters.AddWithValue("hold", Customer.SanctionsHold);
            update.Parameters.AddWithValue("step", NpgsqlDbType.Text, (object?)Customer.ReviewStep ?? DBNull.Value);
            update.Parameters.AddWithValue("da", Customer.DocumentAttempts);
            update.Parameters.AddWithValue("la", Customer.LivenessAttempts);
            update.Parameters.AddWithValue("expiry", NpgsqlDbType.Date, (object?)Customer.DocumentExpiry ?? DBNull.Value);
            update.Parameters.AddWithValue("score", NpgsqlDbType.Integer, (object?)_riskScore ?? DBNull.Value);
            update.Parameters.Add(new NpgsqlParameter("factors", NpgsqlDbType.Jsonb) { Value = (object?)_riskFactors ?? DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter("hits", NpgsqlDbType.Jsonb) { Value = (object?)_sanctionsHits ?? DBNull.Value });
            update.Parameters.AddWithValue("now", Now);
            await update.ExecuteNonQueryAsync(cancellation);
        }

        if (_owned)
        {
            await _tx.CommitAsync(cancellation);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_owned)
        {
            return;
        }

        await _tx.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
