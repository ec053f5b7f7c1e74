using System.Security.Cryptography;
using System.Text.Json;
using Baas.Payments.Ach;
using Baas.Payments.Calendar;
using Baas.Payments.Iso20022;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Baas.Payments.Orchestration;

/// <summary>
/// What the sponsor bank sends back, read from the inbox directory: file acknowledgements and settlements
/// (<c>*.json</c>), NACHA files (returns, notifications of change, and inbound credits such as direct deposits),
/// and ISO 20022 messages (pacs.002 status, pacs.004 returns, inbound pacs.008 credits). Each file is applied in
/// one transaction and recorded, so a file seen twice changes nothing; processed files move to <c>processed/</c>.
/// </summary>
public sealed partial class PaymentInbox(PaymentService service, string inbox, ILogger logger)
{
    /// <summary>Applies every file in the inbox; returns how many were applied.</summary>
    public async Task<int> ProcessAsync(CancellationToken cancellation)
    {
        if (!Directory.Exists(inbox))
        {
            return 0;
        }

        var applied = 0;
        foreach (var path in Directory.GetFiles(inbox).Where(p => !Path.GetFileName(p).StartsWith('.')).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            try
            {
                applied += await ApplyAsync(name, await File.ReadAllTextAsync(path, cancellation), cancellation) ? 1 : 0;
            }
            catch (Exception e) when (e is NachaFormatException or Iso20022FormatException or JsonException or PaymentException or System.Xml.XmlException or KeyNotFoundException or InvalidOperationException)
            {
                // A file we cannot apply is set aside with the reason beside it; the rest of the inbox goes on.
                LogRefused(logger, name, e.Message);
                Directory.CreateDirectory(Path.Combine(inbox, "refused"));
                File.Move(path, Path.Combine(inbox, "refused", name), overwrite: true);
                await File.WriteAllTextAsync(Path.Combine(inbox, "refused", name + ".reason.txt"), e.Message + "\n", cancellation);
                continue;
            }

            Directory.CreateDirectory(Path.Combine(inbox, "processed"));
            File.Move(path, Path.Combine(inbox, "processed", name), overwrite: true);
        }

        if (applied > 0)
        {
            await service.ApplyOperationsAsync(null, cancellation);
        }

        return applied;
    }

    /// <summary>Applies one file's content; false when a file of that name was already applied.</summary>
    public async Task<bool> ApplyAsync(string name, string content, CancellationToken cancellation)
    {
        var now = service.Time.GetUtcNow();
        await using var connection = await service.DataSource.OpenConnectionAsync(cancellation);
        await using var tx = await connection.BeginTransactionAsync(cancellation);
        var (rail, kind, entries, total) = name.EndsWith(".json", StringComparison.Ordinal) ? ("ach", "status", 0, 0L)
            : name.EndsWith(".ach", StringComparison.Ordinal) ? ("ach", "nacha", 0, 0L)
            : ("iso20022", "xml", 0, 0L);
        if (!await PaymentDispatcher.RecordInboundAsync(connection, tx, name, rail, kind, entries, total, now, cancellation))
        {
            return false;
        }

        var context = new Context(connection, tx, now, name);
        if (kind == "status")
        {
            await StatusAsync(context, JsonDocument.Parse(content).RootElement, cancellation);
        }
        else if (kind == "nacha")
        {
            await NachaAsync(context, NachaReader.Read(new StringReader(content)), cancellation);
        }
        else
        {
            await IsoAsync(context, content, cancellation);
        }

        await tx.CommitAsync(cancellation);
        return true;
    }

    private sealed record Context(NpgsqlConnection Connection, NpgsqlTransaction Tx, DateTimeOffset Now, string File);

    /// <summary><c>{"type":"ack"|"reject"|"settlement","file":name,"reason"?}</c> for an ACH file we sent or received.</summary>
    private static async Task StatusAsync(Context c, JsonElement status, CancellationToken cancellation)
    {
        var type = status.GetProperty("type").GetString();
        var file = status.GetProperty("file").GetString() ?? throw new JsonException("file is required");
        var reason = status.TryGetProperty("reason", out var r) ? r.GetString() : null;
        var (from, to, cause) = type switch
        {
            "ack" => (new[] { PaymentStates.Submitted }, PaymentStates.PendingSettlement, "file_accepted"),
            "reject" => (new[] { PaymentStates.Submitted }, PaymentStates.Failed, "file_rejected"),
            "settlement" => (new[] { PaymentStates.Submitted, PaymentStates.PendingSettlement }, PaymentStates.Settled, "settled"),
            _ => throw new JsonException($"unknown status type {type}"),
        };
        foreach (var id in await IdsAsync(c, "SELECT id FROM payments.payments WHERE file_name = @v AND state = ANY(@s) ORDER BY id", file, from, cancellation))
        {
            await GoAsync(c, id, to, cause, new { file = c.File, reason }, cancellation, failure: reason);
        }
    }

    private static async Task NachaAsync(Context c, NachaFile file, CancellationToken cancellation)
    {
        foreach (var batch in file.Batches)
        {
            foreach (var entry in batch.Entries)
            {
                if (ReturnParser.TryParse(entry, out var returned))
                {
                    var ids = await IdsAsync(c, "SELECT id FROM payments.payments WHERE trace_number = @v AND state = ANY(@s)", returned!.OriginalTrace, [PaymentStates.Submitted, PaymentStates.PendingSettlement, PaymentStates.Settled], cancellation);
                    foreach (var id in ids)
                    {
                        if (await LateAsync(c, id, returned.Code, cancellation) is { } deadline)
                        {
                            // Past its time limit the return is not honoured: the payment stands, and the late return is on record for a dishonor (R61).
                            await EventAsync(c, id, "late_return", new { file = c.File, code = returned.Code.Code, deadline }, cancellation);
                            continue;
                        }

                        await Execute(c, "UPDATE payments.payments SET return_code = @v WHERE id = @id", returned.Code.Code, id, cancellation);
                        await GoAsync(c, id, PaymentStates.Returned, "returned_" + returned.Code.Code, new { file = c.File, code = returned.Code.Code, returned.Code.Description, unauthorized = returned.Code.IsUnauthorized }, cancellation);
                    }
                }
                else if (entry.Addenda.Any(a => a.TypeCode == "98"))
                {
                    await CorrectionAsync(c, NocParser.Parse(entry), cancellation);
                }
                else if (entry.TransactionCode is TransactionCode.CheckingCredit or TransactionCode.SavingsCredit)
                {
                    await InboundAsync(c, entry.DfiAccountNumber.Trim(), entry.AmountCents, new Counterparty(batch.Header.CompanyName.Trim(), null, null, null, null, null), "ach", entry.TraceNumber, PaymentStates.PendingSettlement, "received_in_file", cancellation);
                }
            }
        }
    }

    private static async Task IsoAsync(Context c, string xml, CancellationToken cancellation)
    {
        if (xml.Contains(IsoNamespaces.Pacs002Id, StringComparison.Ordinal))
        {
            foreach (var t in Pacs002Reader.Parse(xml).Transactions)
            {
                var (from, to, cause) = t.Status switch
                {
                    PaymentStatus.AcceptedSettlementCompleted or PaymentStatus.AcceptedCreditSettlementCompleted => (new[] { PaymentStates.Submitted, PaymentStates.PendingSettlement }, PaymentStates.Settled, "settled"),
                    PaymentStatus.Rejected => ([PaymentStates.Submitted, PaymentStates.PendingSettlement], PaymentStates.Failed, "rejected"),
                    _ => ([PaymentStates.Submitted], PaymentStates.PendingSettlement, "accepted_by_rail"),
                };
                var reason = t.Reasons.Count > 0 ? t.Reasons[0].Code : null;
                foreach (var id in await IdsAsync(c, "SELECT id FROM payments.payments WHERE end_to_end_id = @v AND state = ANY(@s)", t.OriginalEndToEndId, from, cancellation))
                {
                    await GoAsync(c, id, to, cause, new { message = c.File, status = t.Status.ToCode(), reason }, cancellation, failure: reason);
                }
            }
        }
        else if (xml.Contains(IsoNamespaces.Pacs004Id, StringComparison.Ordinal))
        {
            foreach (var t in Pacs004Reader.Parse(xml).Transactions)
            {
                foreach (var id in await IdsAsync(c, "SELECT id FROM payments.payments WHERE end_to_end_id = @v AND state = ANY(@s)", t.OriginalEndToEndId, [PaymentStates.Submitted, PaymentStates.PendingSettlement, PaymentStates.Settled], cancellation))
                {
                    await Execute(c, "UPDATE payments.payments SET return_code = @v WHERE id = @id", t.ReasonCode, id, cancellation);
                    await GoAsync(c, id, PaymentStates.Returned, "returned_" + t.ReasonCode, new { message = c.File, reason = t.ReasonCode }, cancellation);
                }
            }
        }
        else if (xml.Contains(IsoNamespaces.Pacs008Id, StringComparison.Ordinal))
        {
            var message = Pacs008Reader.Parse(xml);
            foreach (var t in message.Transactions)
            {
                // An inbound instant payment is available on acceptance.
                var account = t.CreditorAccount?.Other ?? throw new InvalidOperationException("an inbound credit needs the creditor's account id");
                await InboundAsync(c, account, t.AmountCents, new Counterparty(t.Debtor.Name, t.DebtorAgentRoutingNumber, t.DebtorAccount?.Other, null, t.DebtorAccount?.Iban, null), message.Rail switch { Rail.Rtp => "rtp", Rail.FedNow => "fednow", _ => "wire" }, t.EndToEndId, PaymentStates.Settled, "received", cancellation);
            }
        }
        else
        {
            throw new InvalidOperationException("not a pacs.002, pacs.004 or pacs.008 message");
        }
    }

    /// <summary>The return's deadline when it arrives after it (Eastern business date against the code's time limit from the settlement date); null when timely.</summary>
    private static async Task<DateOnly?> LateAsync(Context c, string id, ReturnCode code, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("SELECT settlement_date FROM payments.payments WHERE id = @id", c.Connection, c.Tx);
        command.Parameters.AddWithValue("id", id);
        if (await command.ExecuteScalarAsync(cancellation) is not DateOnly settled)
        {
            return null;
        }

        var received = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(c.Now, AchWindows.Eastern).DateTime);
        return code.TimeLimit.Deadline(settled, BusinessCalendar.FederalReserve) is { } deadline && received > deadline ? deadline : null;
    }

    private static async Task EventAsync(Context c, string id, string type, object body, CancellationToken cancellation)
    {
        await using var insert = new NpgsqlCommand("INSERT INTO payments.events (payment_id, type, body, at) VALUES (@id, @t, @b, @now)", c.Connection, c.Tx);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("t", type);
        insert.Parameters.Add(new NpgsqlParameter("b", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(body, PaymentService.Json) });
        insert.Parameters.AddWithValue("now", c.Now);
        await insert.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task CorrectionAsync(Context c, Correction correction, CancellationToken cancellation)
    {
        await using var find = new NpgsqlCommand("SELECT id, counterparty::text FROM payments.payments WHERE trace_number = @t", c.Connection, c.Tx);
        find.Parameters.AddWithValue("t", correction.OriginalTrace);
        string? id = null;
        Counterparty? original = null;
        await using (var reader = await find.ExecuteReaderAsync(cancellation))
        {
            if (await reader.ReadAsync(cancellation))
            {
                id = reader.GetString(0);
                original = JsonSerializer.Deserialize<Counterparty>(reader.GetString(1), PaymentService.Json);
            }
        }

        if (id is null || original is null || correction.IsRefusal)
        {
            return;
        }

        var corrected = original with
        {
            AccountNumber = correction.AccountNumber ?? original.AccountNumber,
            RoutingNumber = correction.RoutingNumber ?? original.RoutingNumber,
            Name = correction.Name ?? original.Name,
            AccountType = correction.TransactionCode is { } code ? (code is TransactionCode.SavingsCredit or TransactionCode.SavingsDebit ? "savings" : "checking") : original.AccountType,
        };
        await using var upsert = new NpgsqlCommand(
            """
            INSERT INTO payments.corrections (routing_number, account_number, code, corrected, received_at) VALUES (@r, @a, @c, @j, @now)
            ON CONFLICT (routing_number, account_number) DO UPDATE SET code = excluded.code, corrected = excluded.corrected, received_at = excluded.received_at;
            INSERT INTO payments.events (payment_id, type, body, at) VALUES (@id, 'notification_of_change', jsonb_build_object('code', @c, 'file', @f), @now);
            """,
            c.Connection,
            c.Tx);
        upsert.Parameters.AddWithValue("r", original.RoutingNumber ?? "");
        upsert.Parameters.AddWithValue("a", original.AccountNumber ?? "");
        upsert.Parameters.AddWithValue("c", correction.Code.Code);
        upsert.Parameters.Add(new NpgsqlParameter("j", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(corrected, PaymentService.Json) });
        upsert.Parameters.AddWithValue("now", c.Now);
        upsert.Parameters.AddWithValue("id", id);
        upsert.Parameters.AddWithValue("f", c.File);
        await upsert.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task InboundAsync(Context c, string accountId, long amount, Counterparty from, string rail, string reference, string state, string cause, CancellationToken cancellation)
    {
        var id = "pay_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        {
            // Inbound credits name the deposit account number the sponsor bank gave the account.
            await using var lookup = new NpgsqlCommand("SELECT account_id FROM payments.account_numbers WHERE number = @n", c.Connection, c.Tx);
            lookup.Parameters.AddWithValue("n", accountId);
            accountId = await lookup.ExecuteScalarAsync(cancellation) as string ?? throw new InvalidOperationException($"no account has deposit account number {accountId}");
        }

        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO payments.payments (id, account_id, direction, amount, currency, counterparty, requested_rail, rail, rail_reason, state, settlement_date,
                trace_number, end_to_end_id, uetr, file_name, created_at, updated_at)
            VALUES (@id, @account, 'inbound', @amount, 'USD', @counterparty, @rail, @rail, 'inbound', @state, @date, @trace, @e2e, @uetr, @file, @now, @now)
            """,
            c.Connection,
            c.Tx))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("account", accountId);
            insert.Parameters.AddWithValue("amount", amount);
            insert.Parameters.Add(new NpgsqlParameter("counterparty", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(from, PaymentService.Json) });
            insert.Parameters.AddWithValue("rail", rail);
            insert.Parameters.AddWithValue("state", state);
            insert.Parameters.AddWithValue("date", DateOnly.FromDateTime(c.Now.UtcDateTime));
            insert.Parameters.AddWithValue("trace", rail == "ach" ? reference : DBNull.Value);
            insert.Parameters.AddWithValue("e2e", rail == "ach" ? id.ToUpperInvariant().Replace("_", "", StringComparison.Ordinal) : reference);
            insert.Parameters.AddWithValue("uetr", Guid.NewGuid());
            insert.Parameters.AddWithValue("file", c.File);
            insert.Parameters.AddWithValue("now", c.Now);
            await insert.ExecuteNonQueryAsync(cancellation);
        }

        var row = (await PaymentService.LockAsync(c.Connection, c.Tx, id, cancellation))!;
        await PaymentService.GoAsync(c.Connection, c.Tx, row with { State = state }, state, cause, "bank", new { file = c.File }, c.Now, cancellation, first: true);
    }

    private static async Task GoAsync(Context c, string id, string to, string cause, object evidence, CancellationToken cancellation, string? failure = null)
    {
        var row = (await PaymentService.LockAsync(c.Connection, c.Tx, id, cancellation))!;
        if (to == PaymentStates.Failed && failure is not null)
        {
            await Execute(c, "UPDATE payments.payments SET failure_reason = @v WHERE id = @id", failure, id, cancellation);
        }

        await PaymentService.GoAsync(c.Connection, c.Tx, row, to, cause, "bank", evidence, c.Now, cancellation);
    }

    private static async Task<List<string>> IdsAsync(Context c, string sql, string value, string[] states, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, c.Connection, c.Tx);
        command.Parameters.AddWithValue("v", value);
        command.Parameters.AddWithValue("s", states);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task Execute(Context c, string sql, string value, string id, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, c.Connection, c.Tx);
        command.Parameters.AddWithValue("v", value);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    [LoggerMessage(EventId = 8020, Level = LogLevel.Warning, Message = "payments: inbox file {File} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string file, string reason);
}
