using Baas.Compliance.Monitoring;
using Baas.Events;
using Baas.Events.Consumers;
using Baas.Kyc.Store;
using Npgsql;

namespace Baas.Kyc.Monitoring;

/// <summary>
/// Ongoing KYC monitoring as a consumer of the authorization log. For accounts held by KYC customers: a single
/// deposit at or above the policy's large-deposit amount, or money in over 30 days above a multiple of the
/// declared monthly activity, asks for enhanced due diligence; activity in a high-risk jurisdiction asks for EDD,
/// in a prohibited one suspends pending review. The day totals, the escalations and the position are written in
/// one transaction, so a batch delivered again changes nothing twice.
/// </summary>
public sealed class KycMonitoringHandler(KycService service, string consumer = "kyc") : ILogHandler
{
    private const long PositionEvery = 1_000;

    private readonly LogEvent _decoded = new();
    private long _positionStoredAt = long.MinValue / 2;

    /// <inheritdoc />
    public async Task<long> PositionAsync(CancellationToken cancellation)
    {
        await using var command = service.Store.DataSource.CreateCommand("SELECT seq FROM kyc.consumer_position WHERE consumer = @c");
        command.Parameters.AddWithValue("c", consumer);
        return await command.ExecuteScalarAsync(cancellation) is long seq ? seq : 0;
    }

    /// <inheritdoc />
    public async Task<long> HandleAsync(IReadOnlyList<LogRecord> records, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(records);
        var events = new List<MonitoredEvent>();
        foreach (var record in records)
        {
            if (_decoded.TryDecode(record.Record) && MonitoredEvent.TryFrom(_decoded, out var e) && e!.Kind is MonitoredKind.In or MonitoredKind.Out)
            {
                events.Add(e);
            }
        }

        var last = records[^1].Seq;
        var policy = service.Policy;
        await using var connection = await service.Store.DataSource.OpenConnectionAsync(cancellation);
        var owners = await OwnersAsync(connection, events, cancellation);
        if (owners.Count == 0 && Environment.TickCount64 - _positionStoredAt < PositionEvery)
        {
            // Nothing here concerns a KYC customer: the position is stored at most once a second. A restart from the
            // older stored position handles these records again, which changes nothing.
            return last;
        }

        await using var tx = await connection.BeginTransactionAsync(cancellation);
        var triggers = new List<(string Customer, bool Suspend, string Cause, object Evidence)>();
        var days = new Dictionary<(string Customer, DateOnly Day), (long In, long Out)>();
        foreach (var e in events)
        {
            if (!owners.TryGetValue(e.AccountId, out var customer))
            {
                continue;
            }

            var day = DateOnly.FromDateTime(e.Timestamp.UtcDateTime);
            days.TryGetValue((customer, day), out var total);
            days[(customer, day)] = e.Kind == MonitoredKind.In ? (total.In + e.Amount, total.Out) : (total.In, total.Out + e.Amount);
            var evidence = new { seq = e.Seq, accountId = e.AccountId, amount = e.Amount, e.Currency, e.Country, type = e.Type.ToString() };
            if (e.Kind == MonitoredKind.In && e.Amount >= policy.Monitoring.LargeDeposit)
            {
                triggers.Add((customer, false, "large_deposit", evidence));
            }

            switch (policy.CountryRisk(e.Country))
            {
                case "prohibited":
                    triggers.Add((customer, true, "sanctioned_jurisdiction", evidence));
                    break;
                case "high":
                    triggers.Add((customer, false, "high_risk_jurisdiction", evidence));
                    break;
            }
        }

        if (days.Count > 0)
        {
            await using var upsert = new NpgsqlCommand(
                """
                INSERT INTO kyc.activity (customer_id, day, inflow, outflow) SELECT * FROM unnest(@c, @d, @i, @o)
                ON CONFLICT (customer_id, day) DO UPDATE SET inflow = kyc.activity.inflow + excluded.inflow, outflow = kyc.activity.outflow + excluded.outflow
                """,
                connection,
                tx);
            upsert.Parameters.AddWithValue("c", days.Keys.Select(k => k.Customer).ToArray());
            upsert.Parameters.AddWithValue("d", days.Keys.Select(k => k.Day).ToArray());
            upsert.Parameters.AddWithValue("i", days.Values.Select(v => v.In).ToArray());
            upsert.Parameters.AddWithValue("o", days.Values.Select(v => v.Out).ToArray());
            await upsert.ExecuteNonQueryAsync(cancellation);
            await ActivityAboveExpectedAsync(connection, tx, days.Where(d => d.Value.In > 0).Select(d => d.Key.Customer).Distinct().ToArray(), triggers, cancellation);
        }

        var changed = new List<CustomerTransaction>();
        foreach (var (customer, suspend, cause, evidence) in triggers)
        {
            var t = changed.Find(c => c.Customer.Id == customer) ?? await service.Store.JoinAsync(connection, tx, customer, cancellation);
            if (t is not null && await KycService.EscalateAsync(t, suspend, cause, evidence, cancellation) && !changed.Contains(t))
            {
                changed.Add(t);
            }
        }

        foreach (var t in changed)
        {
            await t.CommitAsync(cancellation);
        }

        await using (var stored = new NpgsqlCommand(
            """
            INSERT INTO kyc.consumer_position (consumer, seq, updated_at) VALUES (@c, @s, now())
            ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq, updated_at = now()
            """,
            connection,
            tx))
        {
            stored.Parameters.AddWithValue("c", consumer);
            stored.Parameters.AddWithValue("s", last);
            await stored.ExecuteNonQueryAsync(cancellation);
        }

        await tx.CommitAsync(cancellation);
        _positionStoredAt = Environment.TickCount64;
        foreach (var t in changed)
        {
            await service.AfterCommitAsync(t, cancellation);
        }

        return last;
    }

    private static async Task<Dictionary<string, string>> OwnersAsync(NpgsqlConnection connection, List<MonitoredEvent> events, CancellationToken cancellation)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        if (events.Count == 0)
        {
            return owners;
        }

        await using var command = new NpgsqlCommand("SELECT account_id, customer_id FROM kyc.accounts WHERE account_id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", events.Select(e => e.AccountId).Distinct(StringComparer.Ordinal).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            owners[reader.GetString(0)] = reader.GetString(1);
        }

        return owners;
    }

    private async Task ActivityAboveExpectedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string[] customers, List<(string, bool, string, object)> triggers, CancellationToken cancellation)
    {
        if (customers.Length == 0)
        {
            return;
        }

        var m = service.Policy.Monitoring;
        await using var command = new NpgsqlCommand(
            """
            SELECT c.id, c.expected_monthly_volume, sum(a.inflow)
            FROM kyc.customers c JOIN kyc.activity a ON a.customer_id = c.id AND a.day > @since
            WHERE c.id = ANY(@ids) AND c.expected_monthly_volume IS NOT NULL
            GROUP BY c.id, c.expected_monthly_volume
            HAVING sum(a.inflow) > greatest(c.expected_monthly_volume * @multiple, @floor)
            """,
            connection,
            tx);
        command.Parameters.AddWithValue("ids", customers);
        command.Parameters.AddWithValue("since", DateOnly.FromDateTime(service.Store.Time.GetUtcNow().UtcDateTime).AddDays(-30));
        command.Parameters.AddWithValue("multiple", (long)m.ActivityMultiple);
        command.Parameters.AddWithValue("floor", m.ActivityFloor);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            triggers.Add((reader.GetString(0), false, "activity_above_expected", new { expectedMonthly = reader.GetInt64(1), inflow30Days = reader.GetInt64(2) }));
        }
    }
}
