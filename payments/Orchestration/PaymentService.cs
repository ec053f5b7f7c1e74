using System.Security.Cryptography;
using System.Text.Json;
using Baas.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Baas.Payments.Orchestration;

/// <summary>
/// Payment orchestration on PostgreSQL: instructions accepted with an idempotency key, a rail chosen, funds
/// reserved, counterparties screened, and every transition stored with its history, its event, and the money
/// operation it asks of the authorizer (reserve on acceptance, post on settlement, release on failure or cancel,
/// reversal on return) in one transaction. The operations are applied after commit with idempotent references,
/// so a crash between the two re-applies them without moving money twice.
/// </summary>
#pragma warning disable CA1001 // The applier's lock lives as long as the process; nothing is gained by disposing it.
public sealed partial class PaymentService(
    NpgsqlDataSource dataSource,
    RailChooser chooser,
    IPaymentAccounts? accounts,
    ICounterpartyScreening? screening,
    ILogger logger,
    TimeProvider? time = null)
{
    /// <summary>The JSON shape of the API and the stored documents (web defaults, nulls left out).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _applying = new(1, 1);
#pragma warning restore CA1001

    /// <summary>The database.</summary>
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>The clock.</summary>
    public TimeProvider Time => _time;

    /// <summary>Raised when something was submitted or changed that the dispatcher should look at.</summary>
    public event Action? Changed;

    /// <summary>
    /// Accepts a payment: the same key with the same body answers the payment made the first time; with another body
    /// 409. Outbound funds are reserved at once; a balance that cannot cover the payment fails it (422). A counterparty
    /// screening hit holds it for review.
    /// </summary>
    public async Task<(PaymentView Payment, bool Created)> CreateAsync(PaymentRequest request, string idempotencyKey, string actor, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, Json));
        if (await FindByKeyAsync(idempotencyKey, hash, cancellation) is { } existing)
        {
            return (await RequireAsync(existing, cancellation), false);
        }

        var now = _time.GetUtcNow();
        var choice = chooser.Choose(request.Rail, request.Direction, request.Amount, request.Counterparty, request.RequestedSettlement, now);
        var id = "pay_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellation))
        await using (var tx = await connection.BeginTransactionAsync(cancellation))
        {
            await using (var insert = new NpgsqlCommand(
                """
                INSERT INTO payments.payments (id, idempotency_key, request_hash, account_id, direction, amount, currency, counterparty, requested_rail, rail, rail_reason,
                    purpose, requested_settlement, state, settlement_date, end_to_end_id, uetr, created_at, updated_at)
                VALUES (@id, @key, @hash, @account, @direction, @amount, @currency, @counterparty, @requested, @rail, @reason, @purpose, @settlement, 'initiated',
                    @date, @e2e, @uetr, @now, @now)
                ON CONFLICT (idempotency_key) DO NOTHING
                """,
                connection,
                tx))
            {
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("key", idempotencyKey);
                insert.Parameters.AddWithValue("hash", hash);
                insert.Parameters.AddWithValue("account", request.AccountId);
                insert.Parameters.AddWithValue("direction", request.Direction);
                insert.Parameters.AddWithValue("amount", request.Amount);
                insert.Parameters.AddWithValue("currency", request.Currency);
                insert.Parameters.Add(new NpgsqlParameter("counterparty", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(request.Counterparty, Json) });
                insert.Parameters.AddWithValue("requested", request.Rail);
                insert.Parameters.AddWithValue("rail", choice.Rail);
                insert.Parameters.AddWithValue("reason", choice.Reason);
                insert.Parameters.AddWithValue("purpose", (object?)request.Purpose ?? DBNull.Value);
                insert.Parameters.AddWithValue("settlement", (object?)request.RequestedSettlement ?? DBNull.Value);
                insert.Parameters.AddWithValue("date", choice.SettlementDate);
                insert.Parameters.AddWithValue("e2e", id.ToUpperInvariant().Replace("_", "", StringComparison.Ordinal));
                insert.Parameters.AddWithValue("uetr", Guid.NewGuid());
                insert.Parameters.AddWithValue("now", now);
                if (await insert.ExecuteNonQueryAsync(cancellation) == 0)
                {
                    await tx.RollbackAsync(cancellation);
                    return (await RequireAsync((await FindByKeyAsync(idempotencyKey, hash, cancellation))!, cancellation), false);
                }
            }

            var row = (await LockAsync(connection, tx, id, cancellation))!;
            await GoAsync(connection, tx, row, PaymentStates.Initiated, "accepted", actor, new { choice.Rail, choice.Reason, choice.SettlementDate, choice.Instant }, now, cancellation, first: true);
            await tx.CommitAsync(cancellation);
        }

        await ApplyOperationsAsync(id, cancellation);
        var payment = await RequireAsync(id, cancellation);
        if (payment.State == PaymentStates.Initiated && screening is not null)
        {
            var hits = await screening.ScreenAsync(request.Counterparty.Name, request.Counterparty.Country, cancellation);
            if (hits.Count > 0)
            {
                await TransitionAsync(id, PaymentStates.Initiated, PaymentStates.HeldForReview, "counterparty_potential_match", "system", new { hits }, cancellation);
                payment = await RequireAsync(id, cancellation);
            }
        }

        if (payment.State == PaymentStates.Failed)
        {
            throw new PaymentException(422, $"payment {id} failed: {payment.FailureReason}", "amount");
        }

        Changed?.Invoke();
        return (payment, true);
    }

    /// <summary>Cancels a payment not yet submitted (initiated or held for review); its reservation is released.</summary>
    public async Task<PaymentView> CancelAsync(string id, string? reason, string actor, CancellationToken cancellation)
    {
        var current = await RequireAsync(id, cancellation);
        if (current.State is not (PaymentStates.Initiated or PaymentStates.HeldForReview))
        {
            throw new PaymentException(409, $"a payment in {current.State} can no longer be cancelled", "state");
        }

        await TransitionAsync(id, current.State, PaymentStates.Cancelled, "cancelled", actor, new { reason }, cancellation);
        await ApplyOperationsAsync(id, cancellation);
        return await RequireAsync(id, cancellation);
    }

    /// <summary>A reviewer's decision on a held payment: <c>release</c> sends it on, <c>reject</c> fails it and releases its funds.</summary>
    public async Task<PaymentView> ReviewAsync(string id, string? decision, string? reason, string actor, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new PaymentException(400, "reason is required", "reason");
        }

        var (to, cause) = decision switch
        {
            "release" => (PaymentStates.Initiated, "review_released"),
            "reject" => (PaymentStates.Failed, "review_rejected"),
            _ => throw new PaymentException(400, "decision is release or reject", "decision"),
        };
        await TransitionAsync(id, PaymentStates.HeldForReview, to, cause, actor, new { reason }, cancellation);
        await ApplyOperationsAsync(id, cancellation);
        Changed?.Invoke();
        return await RequireAsync(id, cancellation);
    }

    /// <summary>Moves a payment from <paramref name="from"/> to <paramref name="to"/> in its own transaction; 409 when it is elsewhere or the move is not legal.</summary>
    public async Task TransitionAsync(string id, string from, string to, string cause, string actor, object? evidence, CancellationToken cancellation, Func<NpgsqlConnection, NpgsqlTransaction, NpgsqlCommand[]>? also = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var tx = await connection.BeginTransactionAsync(cancellation);
        var row = await LockAsync(connection, tx, id, cancellation) ?? throw new PaymentException(404, $"no payment {id}");
        if (row.State != from)
        {
            throw new PaymentException(409, $"payment {id} is {row.State}, not {from}", "state");
        }

        await GoAsync(connection, tx, row, to, cause, actor, evidence, _time.GetUtcNow(), cancellation);
        foreach (var command in also?.Invoke(connection, tx) ?? [])
        {
            await using (command)
            {
                await command.ExecuteNonQueryAsync(cancellation);
            }
        }

        await tx.CommitAsync(cancellation);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>A payment with its history and operations; null when unknown.</summary>
    public async Task<PaymentView?> GetAsync(string id, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand($"SELECT {ViewColumns} FROM payments.payments WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        PaymentView view;
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            if (!await reader.ReadAsync(cancellation))
            {
                return null;
            }

            view = ReadView(reader);
        }

        var history = new List<PaymentTransitionView>();
        await using (var h = new NpgsqlCommand("SELECT from_state, to_state, cause, actor, evidence::text, at FROM payments.transitions WHERE payment_id = @id ORDER BY id", connection))
        {
            h.Parameters.AddWithValue("id", id);
            await using var reader = await h.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                history.Add(new PaymentTransitionView(
                    reader.IsDBNull(0) ? null : reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : JsonDocument.Parse(reader.GetString(4)).RootElement.Clone(),
                    reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        var operations = new List<PaymentOperationView>();
        await using (var o = new NpgsqlCommand("SELECT kind, amount, reference, state, seq, error FROM payments.operations WHERE payment_id = @id ORDER BY id", connection))
        {
            o.Parameters.AddWithValue("id", id);
            await using var reader = await o.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                operations.Add(new PaymentOperationView(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        return view with { History = history, Operations = operations };
    }

    /// <summary>The account's deposit account number at the sponsor bank (for direct deposit), assigned on first use.</summary>
    public async Task<string> AccountNumberAsync(string accountId, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH added AS (
                INSERT INTO payments.account_numbers (account_id, number) VALUES (@a, '8' || lpad(nextval('payments.account_number_seq')::text, 11, '0'))
                ON CONFLICT (account_id) DO NOTHING RETURNING number)
            SELECT number FROM added UNION ALL SELECT number FROM payments.account_numbers WHERE account_id = @a LIMIT 1
            """);
        command.Parameters.AddWithValue("a", accountId);
        return (string)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>Payment events after <paramref name="after"/> (the feed compliance and KYC read).</summary>
    public async Task<IReadOnlyList<JsonElement>> EventsAsync(long after, int limit, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT jsonb_build_object('id', id, 'paymentId', payment_id, 'type', type, 'at', at) || jsonb_build_object('body', body) FROM payments.events WHERE id > @a ORDER BY id LIMIT @l");
        command.Parameters.AddWithValue("a", after);
        command.Parameters.AddWithValue("l", limit);
        var events = new List<JsonElement>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            events.Add(JsonDocument.Parse(reader.GetString(0)).RootElement.Clone());
        }

        return events;
    }

    /// <summary>How many payments are in each state.</summary>
    public Task<IReadOnlyDictionary<string, long>> CountByStateAsync(CancellationToken cancellation) => dataSource.ByStateAsync("payments.payments", cancellation);

    /// <summary>Payments, newest first, optionally of one account or in one state.</summary>
    public async Task<IReadOnlyList<PaymentView>> ListAsync(string? accountId, string? state, int limit, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {ViewColumns} FROM payments.payments WHERE (@a::text IS NULL OR account_id = @a) AND (@s::text IS NULL OR state = @s) ORDER BY created_at DESC, id LIMIT @l");
        command.Parameters.AddWithValue("a", NpgsqlDbType.Text, (object?)accountId ?? DBNull.Value);
        command.Parameters.AddWithValue("s", NpgsqlDbType.Text, (object?)state ?? DBNull.Value);
        command.Parameters.AddWithValue("l", limit);
        var list = new List<PaymentView>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            list.Add(ReadView(reader));
        }

        return list;
    }

    /// <summary>
    /// Applies pending money operations (all, or one payment's) in order. A reservation the balance cannot cover
    /// fails its payment; an authorizer that cannot be reached leaves the operation pending for the next pass.
    /// </summary>
    public async Task<int> ApplyOperationsAsync(string? paymentId, CancellationToken cancellation)
    {
        if (accounts is null)
        {
            return 0;
        }

        // One applier at a time: the request that created a payment and the background pass must not both apply
        // (or both fail) the same operation, nor answer before the other has finished the payment's transition.
        await _applying.WaitAsync(cancellation);
        try
        {
            return await ApplyPendingAsync(paymentId, cancellation);
        }
        finally
        {
            _applying.Release();
        }
    }

    private async Task<int> ApplyPendingAsync(string? paymentId, CancellationToken cancellation)
    {
        if (accounts is null)
        {
            return 0;
        }


        var pending = new List<(long Id, string Payment, string Kind, long Amount, string Reference, string Account, long? Reservation, string Rail, string Counterparty, string? Country)>();
        await using (var command = dataSource.CreateCommand(
            """
            SELECT o.id, o.payment_id, o.kind, o.amount, o.reference, p.account_id, p.reservation_id, p.rail, p.counterparty->>'name', p.counterparty->>'country'
            FROM payments.operations o JOIN payments.payments p ON p.id = o.payment_id
            WHERE o.state = 'pending' AND (@p::text IS NULL OR o.payment_id = @p) ORDER BY o.id LIMIT 500
            """))
        {
            command.Parameters.AddWithValue("p", NpgsqlDbType.Text, (object?)paymentId ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                pending.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.GetString(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
            }
        }

        var applied = 0;
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in pending)
        {
            if (blocked.Contains(op.Payment))
            {
                continue;
            }

            try
            {
                long? seq = null;
                switch (op.Kind)
                {
                    case "reserve":
                        var reservation = await accounts.ReserveAsync(op.Account, op.Amount, op.Reference, cancellation);
                        await ExecuteAsync("UPDATE payments.payments SET reservation_id = @r WHERE id = @id", cancellation, ("r", reservation), ("id", op.Payment));
                        break;
                    case "post" or "release":
                        var reservationId = op.Reservation ?? await ReservationOfAsync(op.Payment, cancellation);
                        if (reservationId is null)
                        {
                            // Nothing was reserved (the reservation failed): nothing to release.
                            await MarkAsync(op.Id, "done", null, "no reservation", cancellation);
                            continue;
                        }

                        await accounts.ReleaseAsync(op.Account, reservationId.Value, op.Kind == "post", op.Reference, cancellation);
                        break;
                    default:
                        seq = await accounts.MoveAsync(op.Account, op.Kind == "credit" ? op.Amount : -op.Amount, op.Reference, Method(op.Rail), op.Country, LogCounterparty(op.Counterparty), cancellation);
                        break;
                }

                await MarkAsync(op.Id, "done", seq, null, cancellation);
                applied++;
            }
            catch (PaymentException e) when (op.Kind == "reserve" && e.Status is 422 or 404)
            {
                // The refusal, its reason and the payment's failure in one transaction.
                var reason = e.Status == 404 ? "unknown_account" : "insufficient_funds";
                await TransitionAsync(op.Payment, PaymentStates.Initiated, PaymentStates.Failed, reason, "system", new { error = e.Message }, cancellation, (connection, tx) =>
                [
                    Command(connection, tx, "UPDATE payments.operations SET state = 'failed', error = @e, done_at = @now WHERE id = @id", ("e", e.Message), ("now", _time.GetUtcNow()), ("id", op.Id)),
                    Command(connection, tx, "UPDATE payments.payments SET failure_reason = @f WHERE id = @id", ("f", reason), ("id", op.Payment)),
                ]);
                blocked.Add(op.Payment);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or PaymentException or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                LogOperationDeferred(logger, op.Kind, op.Payment, e.Message);
                await MarkAsync(op.Id, "pending", null, e.Message, cancellation);
                blocked.Add(op.Payment);
            }
        }

        return applied;
    }

    private async Task<long?> ReservationOfAsync(string paymentId, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand("SELECT reservation_id FROM payments.payments WHERE id = @id");
        command.Parameters.AddWithValue("id", paymentId);
        return await command.ExecuteScalarAsync(cancellation) as long?;
    }

    private async Task MarkAsync(long id, string state, long? seq, string? error, CancellationToken cancellation) =>
        await ExecuteAsync(
            "UPDATE payments.operations SET state = @s, seq = @q, error = @e, done_at = CASE WHEN @s = 'pending' THEN NULL ELSE @now END WHERE id = @id",
            cancellation,
            ("s", state),
            ("q", (object?)seq ?? DBNull.Value),
            ("e", (object?)error ?? DBNull.Value),
            ("now", _time.GetUtcNow()),
            ("id", id));

    internal async Task ExecuteAsync(string sql, CancellationToken cancellation, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>
    /// The counterparty as the authorizer's money details take it: at most 64 characters, no control characters.
    /// A payment's counterparty name may be 140; over HTTP the authorizer refuses longer, and the operation would
    /// never apply.
    /// </summary>
    internal static string LogCounterparty(string name)
    {
        var clean = new string([.. name.Select(ch => char.IsControl(ch) ? ' ' : ch)]).Trim();
        return clean.Length == 0 ? "unknown" : clean.Length <= 64 ? clean : clean[..64];
    }

    /// <summary>The log's method name for a rail (compliance reads it).</summary>
    public static string Method(string rail) => rail switch
    {
        "ach" or "ach_same_day" => "ach",
        "rtp" => "rtp",
        "fednow" => "fednow",
        _ => "wire",
    };

    /// <summary>The fields of a payment a transition needs, read under its row lock.</summary>
    internal sealed record PaymentRow(string Id, string State, string AccountId, string Direction, long Amount, string Currency, string Rail, bool Reserved);

    internal static async Task<PaymentRow?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string id, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT id, state, account_id, direction, amount, currency, rail,
                EXISTS (SELECT 1 FROM payments.operations o WHERE o.payment_id = p.id AND o.kind = 'reserve' AND o.state <> 'failed')
            FROM payments.payments p WHERE id = @id FOR UPDATE
            """,
            connection,
            tx);
        command.Parameters.AddWithValue("id", id);
        await using var r = await command.ExecuteReaderAsync(cancellation);
        return await r.ReadAsync(cancellation)
            ? new PaymentRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5), r.GetString(6), r.GetBoolean(7))
            : null;
    }

    /// <summary>
    /// The transition itself: checked against <see cref="PaymentStates.Transitions"/> (a payment's first state is
    /// free), written with its history row, its event, and the money operation it implies.
    /// </summary>
    internal static async Task GoAsync(NpgsqlConnection connection, NpgsqlTransaction tx, PaymentRow row, string to, string cause, string actor, object? evidence, DateTimeOffset now, CancellationToken cancellation, bool first = false)
    {
        var from = first ? null : row.State;
        if (!first && !PaymentStates.CanGo(row.State, to))
        {
            var legal = PaymentStates.Transitions[row.State];
            throw new PaymentException(409, $"a payment in {row.State} cannot go to {to} (from {row.State}: {(legal.Count == 0 ? "none: it is final" : string.Join(", ", legal.Order(StringComparer.Ordinal)))})", "state");
        }

        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO payments.transitions (payment_id, from_state, to_state, cause, actor, evidence, at) VALUES (@id, @f, @t, @c, @a, @e, @now);
            UPDATE payments.payments SET state = @t, updated_at = @now WHERE id = @id;
            INSERT INTO payments.events (payment_id, type, body, at)
            VALUES (@id, 'payment_' || @t, jsonb_build_object('paymentId', @id, 'accountId', @account, 'direction', @direction, 'amount', @amount, 'currency', @currency,
                'rail', @rail, 'from', @f, 'to', @t, 'cause', @c), @now);
            """,
            connection,
            tx))
        {
            insert.Parameters.AddWithValue("id", row.Id);
            insert.Parameters.AddWithValue("f", NpgsqlDbType.Text, (object?)from ?? DBNull.Value);
            insert.Parameters.AddWithValue("t", to);
            insert.Parameters.AddWithValue("c", cause);
            insert.Parameters.AddWithValue("a", actor);
            insert.Parameters.Add(new NpgsqlParameter("e", NpgsqlDbType.Jsonb) { Value = evidence is null ? DBNull.Value : JsonSerializer.Serialize(evidence, Json) });
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("account", row.AccountId);
            insert.Parameters.AddWithValue("direction", row.Direction);
            insert.Parameters.AddWithValue("amount", row.Amount);
            insert.Parameters.AddWithValue("currency", row.Currency);
            insert.Parameters.AddWithValue("rail", row.Rail);
            await insert.ExecuteNonQueryAsync(cancellation);
        }

        foreach (var (kind, reference) in Operations(row, from, to))
        {
            await using var op = new NpgsqlCommand(
                "INSERT INTO payments.operations (payment_id, kind, amount, reference, created_at) VALUES (@id, @k, @amount, @ref, @now) ON CONFLICT (reference) DO NOTHING",
                connection,
                tx);
            op.Parameters.AddWithValue("id", row.Id);
            op.Parameters.AddWithValue("k", kind);
            op.Parameters.AddWithValue("amount", row.Amount);
            op.Parameters.AddWithValue("ref", reference);
            op.Parameters.AddWithValue("now", now);
            await op.ExecuteNonQueryAsync(cancellation);
        }
    }

    /// <summary>
    /// The ledger operation of a transition. Outbound (credit): reserve on acceptance, post on settlement, release on
    /// failure, cancel or a return before settlement, and a credit back on a return after it. Pulls and inbound
    /// credits: the money arrives on settlement and a later return takes it back.
    /// </summary>
    internal static IEnumerable<(string Kind, string Reference)> Operations(PaymentRow row, string? from, string to)
    {
        var id = row.Id;
        if (row.Direction == "credit")
        {
            if (from is null && to == PaymentStates.Initiated)
            {
                yield return ("reserve", id + ":reserve");
            }
            else if (to == PaymentStates.Settled)
            {
                yield return ("post", id + ":post");
            }
            else if (to is PaymentStates.Failed or PaymentStates.Cancelled || (to == PaymentStates.Returned && from != PaymentStates.Settled))
            {
                if (row.Reserved)
                {
                    yield return ("release", id + ":release");
                }
            }
            else if (to == PaymentStates.Returned)
            {
                yield return ("credit", id + ":return");
            }

            yield break;
        }

        if (to == PaymentStates.Settled)
        {
            yield return ("credit", id + ":settle");
        }
        else if (to == PaymentStates.Returned && from == PaymentStates.Settled)
        {
            yield return ("debit", id + ":return");
        }
    }

    private async Task<string?> FindByKeyAsync(string key, byte[] hash, CancellationToken cancellation)
    {
        await using var find = dataSource.CreateCommand("SELECT id, request_hash FROM payments.payments WHERE idempotency_key = @k");
        find.Parameters.AddWithValue("k", key);
        await using var reader = await find.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation))
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals((byte[])reader[1], hash)
            ? reader.GetString(0)
            : throw new PaymentException(409, "this Idempotency-Key was used for a different payment", "Idempotency-Key");
    }

    private async Task<PaymentView> RequireAsync(string id, CancellationToken cancellation) =>
        await GetAsync(id, cancellation) ?? throw new PaymentException(404, $"no payment {id}");

    private const string ViewColumns =
        "id, state, rail, rail_reason, requested_rail, account_id, direction, amount, currency, counterparty::text, purpose, settlement_date, trace_number, end_to_end_id, uetr, file_name, return_code, failure_reason, created_at, updated_at";

    private static PaymentView ReadView(NpgsqlDataReader r)
    {
        var counterparty = JsonSerializer.Deserialize<Counterparty>(r.GetString(9), Json)!;
        counterparty = counterparty with
        {
            AccountNumber = counterparty.AccountNumber is { Length: > 4 } a ? new string('*', a.Length - 4) + a[^4..] : counterparty.AccountNumber,
            Iban = counterparty.Iban is { Length: > 8 } i ? i[..4] + new string('*', i.Length - 8) + i[^4..] : counterparty.Iban,
        };
        return new PaymentView(
            r.GetString(0),
            r.GetString(1),
            r.GetString(2),
            r.GetString(3),
            r.GetString(4),
            r.GetString(5),
            r.GetString(6),
            r.GetInt64(7),
            r.GetString(8),
            counterparty,
            r.IsDBNull(10) ? null : r.GetString(10),
            r.IsDBNull(11) ? null : r.GetFieldValue<DateOnly>(11),
            r.IsDBNull(12) ? null : r.GetString(12),
            r.GetString(13),
            r.GetGuid(14),
            r.IsDBNull(15) ? null : r.GetString(15),
            r.IsDBNull(16) ? null : r.GetString(16),
            r.IsDBNull(17) ? null : r.GetString(17),
            [],
            [],
            r.GetFieldValue<DateTimeOffset>(18),
            r.GetFieldValue<DateTimeOffset>(19));
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "payments: {Kind} of {PaymentId} deferred: {Reason}")]
    private static partial void LogOperationDeferred(ILogger logger, string kind, string paymentId, string reason);
}
