namespace Baas.Kyc.Monitoring;

/// <summary>
/// Compliance's conclusions about KYC customers, read from the compliance tables in the same database: a
/// <c>sanctions_match</c> alert (a list update hit a registered customer) suspends pending review; other alerts at
/// or above the policy's score, and every SAR filed on a customer's account, ask for enhanced due diligence.
/// Payment events, when payments shares the database, add two more: an unauthorized return on a customer's pull and
/// a payment held for a counterparty screening hit ask for EDD. Positions (the last alert id, the last filing time,
/// the last payment event) are kept in <c>kyc.feed_position</c>.
/// </summary>
public sealed class ComplianceFeed(KycService service)
{
    /// <summary>Reads what is new and escalates; returns how many customers changed. Nothing happens without the compliance schema.</summary>
    public async Task<int> PollAsync(CancellationToken cancellation)
    {
        var data = service.Store.DataSource;
        await using (var exists = data.CreateCommand("SELECT to_regclass('compliance.alerts') IS NOT NULL AND to_regclass('compliance.filings') IS NOT NULL"))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellation))!)
            {
                return 0;
            }
        }

        var changed = 0;
        var lastAlert = await PositionAsync("alerts", cancellation);
        var alerts = new List<(long Id, string Customer, string Rule, int Score, string Summary)>();
        await using (var command = data.CreateCommand(
            """
            SELECT a.id, k.customer_id, a.rule_id, a.score, a.summary FROM compliance.alerts a JOIN kyc.accounts k ON k.account_id = a.account_id
            WHERE a.id > @last ORDER BY a.id LIMIT 500
            """))
        {
            command.Parameters.AddWithValue("last", lastAlert);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                alerts.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4)));
            }
        }

        // Alerts on accounts no customer holds move the position too.
        await using (var max = data.CreateCommand("SELECT coalesce(max(id), 0) FROM (SELECT id FROM compliance.alerts WHERE id > @last ORDER BY id LIMIT 500) x"))
        {
            max.Parameters.AddWithValue("last", lastAlert);
            var top = (long)(await max.ExecuteScalarAsync(cancellation))!;
            foreach (var a in alerts)
            {
                var sanctions = a.Rule == "sanctions_match";
                if (sanctions || a.Score >= service.Policy.Monitoring.AlertScore)
                {
                    changed += await service.EscalateAsync(a.Customer, suspend: sanctions, sanctions ? "sanctions_match" : "compliance_alert", new { alertId = a.Id, rule = a.Rule, a.Score, a.Summary }, cancellation) ? 1 : 0;
                }
            }

            if (top > lastAlert)
            {
                await StoreAsync("alerts", top, cancellation);
            }
        }

        var lastFiled = await PositionAsync("sar_filed", cancellation);
        var filings = new List<(long Id, string Customer, long FiledMicros)>();
        await using (var command = data.CreateCommand(
            """
            SELECT f.id, k.customer_id, (extract(epoch FROM f.filed_at) * 1000000)::bigint FROM compliance.filings f JOIN kyc.accounts k ON k.account_id = f.account_id
            WHERE f.kind = 'sar' AND f.filed_at IS NOT NULL AND (extract(epoch FROM f.filed_at) * 1000000)::bigint > @last ORDER BY f.filed_at LIMIT 500
            """))
        {
            command.Parameters.AddWithValue("last", lastFiled);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                filings.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        foreach (var f in filings)
        {
            changed += await service.EscalateAsync(f.Customer, suspend: false, "sar_filed", new { filingId = f.Id }, cancellation) ? 1 : 0;
        }

        if (filings.Count > 0)
        {
            await StoreAsync("sar_filed", filings.Max(f => f.FiledMicros), cancellation);
        }

        return changed + await PaymentsAsync(cancellation);
    }

    /// <summary>
    /// Payment events (the payments schema, when it is in this database): a pull returned as unauthorized (R05, R07,
    /// R10, R11, R29, R51) or a payment held because its counterparty may be sanctioned asks for EDD.
    /// </summary>
    private async Task<int> PaymentsAsync(CancellationToken cancellation)
    {
        var data = service.Store.DataSource;
        await using (var exists = data.CreateCommand("SELECT to_regclass('payments.events') IS NOT NULL"))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellation))!)
            {
                return 0;
            }
        }

        var last = await PositionAsync("payments", cancellation);
        var events = new List<(long Id, string Customer, string Type, string Payment, string? ReturnCode)>();
        long top;
        await using (var command = data.CreateCommand(
            """
            SELECT e.id, k.customer_id, e.type, e.payment_id, p.return_code FROM payments.events e
            JOIN payments.payments p ON p.id = e.payment_id JOIN kyc.accounts k ON k.account_id = p.account_id
            WHERE e.id > @last AND e.type IN ('payment_returned', 'payment_held_for_review') ORDER BY e.id LIMIT 500
            """))
        {
            command.Parameters.AddWithValue("last", last);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                events.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        await using (var max = data.CreateCommand("SELECT coalesce(max(id), 0) FROM (SELECT id FROM payments.events WHERE id > @last ORDER BY id LIMIT 500) x"))
        {
            max.Parameters.AddWithValue("last", last);
            top = (long)(await max.ExecuteScalarAsync(cancellation))!;
        }

        var changed = 0;
        foreach (var e in events)
        {
            if (e.Type == "payment_returned" && e.ReturnCode is "R05" or "R07" or "R10" or "R11" or "R29" or "R51")
            {
                changed += await service.EscalateAsync(e.Customer, suspend: false, "unauthorized_return", new { paymentId = e.Payment, returnCode = e.ReturnCode }, cancellation) ? 1 : 0;
            }
            else if (e.Type == "payment_held_for_review")
            {
                changed += await service.EscalateAsync(e.Customer, suspend: false, "counterparty_potential_match", new { paymentId = e.Payment }, cancellation) ? 1 : 0;
            }
        }

        if (top > last)
        {
            await StoreAsync("payments", top, cancellation);
        }

        return changed;
    }

    private async Task<long> PositionAsync(string feed, CancellationToken cancellation)
    {
        await using var command = service.Store.DataSource.CreateCommand("SELECT last_id FROM kyc.feed_position WHERE feed = @f");
        command.Parameters.AddWithValue("f", feed);
        return await command.ExecuteScalarAsync(cancellation) is long id ? id : 0;
    }

    private async Task StoreAsync(string feed, long last, CancellationToken cancellation)
    {
        await using var command = service.Store.DataSource.CreateCommand(
            "INSERT INTO kyc.feed_position (feed, last_id) VALUES (@f, @l) ON CONFLICT (feed) DO UPDATE SET last_id = excluded.last_id");
        command.Parameters.AddWithValue("f", feed);
        command.Parameters.AddWithValue("l", last);
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
