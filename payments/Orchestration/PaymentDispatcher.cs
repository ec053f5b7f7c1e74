using System.Text.Json;
using Baas.Payments.Ach;
using Baas.Payments.Calendar;
using Baas.Payments.Iso20022;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baas.Payments.Orchestration;

/// <summary>What a cut-off sent: the file, how many entries and their total.</summary>
public sealed record CutoffResult(string File, int Entries, long Total, DateOnly EffectiveDate);

/// <summary>
/// Sends payments to the sponsor bank. ACH payments wait for their window and leave in one NACHA file per
/// cut-off (automatic a minute before the window's deadline, or <c>baas payments cutoff --rail ach</c>); RTP,
/// FedNow and wire payments leave at once as one pacs.008 each. A file is stored in the same transaction that moves
/// its payments to <c>submitted</c>, then written to the outbox, so a crash neither loses nor repeats a file.
/// </summary>
public sealed partial class PaymentDispatcher(PaymentService service, Originator originator, string? outbox, BusinessCalendar calendar, AchWindows windows, ILogger logger)
{
    /// <summary>How long before a window's deadline the automatic cut-off closes it.</summary>
    public static readonly TimeSpan CutoffMargin = TimeSpan.FromMinutes(1);

    private static readonly string[] AchRails = ["ach", "ach_same_day"];

    private static readonly string[] SameDayRails = ["ach_same_day"];

    /// <summary>Who we are on the rails.</summary>
    public Originator Originator => originator;

    /// <summary>The outbox directory (null: files stay in the database only).</summary>
    public string? Outbox => outbox;

    /// <summary>One pass: instant and wire payments out, ACH windows that are about to close cut off, files written.</summary>
    public async Task<int> TickAsync(CancellationToken cancellation)
    {
        var sent = await SubmitMessagesAsync(cancellation);
        var now = service.Time.GetUtcNow();
        foreach (var sameDay in (bool[])[true, false])
        {
            var window = windows.NextWindow(now, sameDay, calendar);
            if (now >= window.Deadline - CutoffMargin && await CutoffAsync(sameDay ? "ach_same_day" : "ach", cancellation) is { } file)
            {
                sent += file.Entries;
            }
        }

        await FlushOutboxAsync(cancellation);
        return sent;
    }

    /// <summary>
    /// Closes the ACH window now: every initiated ACH payment whose funds are reserved (<paramref name="rail"/>
    /// <c>ach</c>: standard and same-day; <c>ach_same_day</c>: same-day only) goes into one NACHA file, batched by
    /// direction and effective date. Null when there was nothing to send.
    /// </summary>
    public async Task<CutoffResult?> CutoffAsync(string rail, CancellationToken cancellation)
    {
        var now = service.Time.GetUtcNow();
        await using var connection = await service.DataSource.OpenConnectionAsync(cancellation);
        await using var tx = await connection.BeginTransactionAsync(cancellation);
        var waiting = new List<(string Id, string Direction, long Amount, Counterparty Counterparty, string Rail, string? Purpose)>();
        await using (var select = new NpgsqlCommand(
            """
            SELECT id, direction, amount, counterparty::text, rail, purpose FROM payments.payments p
            WHERE state = 'initiated' AND rail = ANY(@rails)
              AND NOT EXISTS (SELECT 1 FROM payments.operations o WHERE o.payment_id = p.id AND o.kind = 'reserve' AND o.state <> 'done')
            ORDER BY created_at, id FOR UPDATE SKIP LOCKED
            """,
            connection,
            tx))
        {
            select.Parameters.AddWithValue("rails", rail == "ach_same_day" ? SameDayRails : AchRails);
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                waiting.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), JsonSerializer.Deserialize<Counterparty>(reader.GetString(3), PaymentService.Json)!, reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        if (waiting.Count == 0)
        {
            return null;
        }

        var corrections = await CorrectionsAsync(connection, tx, cancellation);
        var name = $"ach-{now:yyyyMMdd-HHmmss}-{Convert.ToHexString(BitConverter.GetBytes(now.Ticks)).ToLowerInvariant()[..4]}.ach";
        // Trace numbers are unique per originating bank across files: the next file continues the sequence.
        int firstTrace;
        await using (var last = new NpgsqlCommand(
            "SELECT coalesce(max(substring(trace_number from 9)::int), 0) + 1 FROM payments.payments WHERE direction <> 'inbound' AND trace_number LIKE @prefix",
            connection,
            tx))
        {
            last.Parameters.AddWithValue("prefix", originator.BankRoutingNumber[..8] + "%");
            firstTrace = (int)(await last.ExecuteScalarAsync(cancellation))!;
        }

        var builder = new NachaFileBuilder(originator.BankRoutingNumber, originator.BankRoutingNumber, service.Time, firstTrace)
        {
            ImmediateDestinationName = originator.BankName,
            ImmediateOriginName = originator.CompanyName,
        };
        var traces = new List<(string Id, string Trace, DateOnly Effective)>();
        foreach (var group in waiting.GroupBy(w => (w.Direction, SameDay: w.Rail == "ach_same_day")))
        {
            var effective = windows.NextWindow(now, group.Key.SameDay, calendar).SettlementDate;
            var batch = builder.AddBatch(SecCode.Ppd, originator.CompanyName, originator.CompanyId, group.Key.Direction == "credit" ? "PAYMENT" : "COLLECTION", effective, originator.BankRoutingNumber);
            foreach (var p in group)
            {
                var c = corrections.TryGetValue((p.Counterparty.RoutingNumber ?? "", p.Counterparty.AccountNumber ?? ""), out var fixedUp) ? fixedUp : p.Counterparty;
                var savings = c.AccountType == "savings";
                var code = p.Direction == "credit" ? (savings ? TransactionCode.SavingsCredit : TransactionCode.CheckingCredit) : (savings ? TransactionCode.SavingsDebit : TransactionCode.CheckingDebit);
                var entry = batch.AddEntry(code, c.RoutingNumber!, c.AccountNumber!, p.Amount, p.Id[5..], Upper(c.Name, 22), p.Purpose is null ? null : Upper(p.Purpose, 80));
                traces.Add((p.Id, entry.TraceNumber, effective));
            }
        }

        var text = builder.BuildText();
        await InsertFileAsync(connection, tx, name, "ach", "nacha", waiting.Count, waiting.Sum(w => w.Amount), text, now, cancellation);
        foreach (var (id, trace, effective) in traces)
        {
            await using (var update = new NpgsqlCommand("UPDATE payments.payments SET trace_number = @t, file_name = @f, settlement_date = @d WHERE id = @id", connection, tx))
            {
                update.Parameters.AddWithValue("t", trace);
                update.Parameters.AddWithValue("f", name);
                update.Parameters.AddWithValue("d", effective);
                update.Parameters.AddWithValue("id", id);
                await update.ExecuteNonQueryAsync(cancellation);
            }

            var row = (await PaymentService.LockAsync(connection, tx, id, cancellation))!;
            await PaymentService.GoAsync(connection, tx, row, PaymentStates.Submitted, "file_sent", "system", new { file = name, trace, effectiveDate = effective }, now, cancellation);
        }

        await tx.CommitAsync(cancellation);
        var total = waiting.Sum(w => w.Amount);
        LogCutoff(logger, name, waiting.Count, total);
        await FlushOutboxAsync(cancellation);
        return new CutoffResult(name, waiting.Count, waiting.Sum(w => w.Amount), traces.Min(t => t.Effective));
    }

    /// <summary>Initiated RTP, FedNow and wire payments with their funds reserved leave as one pacs.008 each.</summary>
    public async Task<int> SubmitMessagesAsync(CancellationToken cancellation)
    {
        var now = service.Time.GetUtcNow();
        await using var connection = await service.DataSource.OpenConnectionAsync(cancellation);
        await using var tx = await connection.BeginTransactionAsync(cancellation);
        var waiting = new List<(string Id, string Account, long Amount, Counterparty Counterparty, string Rail, string? Purpose, string EndToEnd, Guid Uetr, DateOnly? Date)>();
        await using (var select = new NpgsqlCommand(
            """
            SELECT id, account_id, amount, counterparty::text, rail, purpose, end_to_end_id, uetr, settlement_date FROM payments.payments p
            WHERE state = 'initiated' AND rail IN ('rtp', 'fednow', 'wire') AND direction = 'credit'
              AND NOT EXISTS (SELECT 1 FROM payments.operations o WHERE o.payment_id = p.id AND o.kind = 'reserve' AND o.state <> 'done')
            ORDER BY created_at, id LIMIT 200 FOR UPDATE SKIP LOCKED
            """,
            connection,
            tx))
        {
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                waiting.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), JsonSerializer.Deserialize<Counterparty>(reader.GetString(3), PaymentService.Json)!,
                    reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), reader.GetGuid(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8)));
            }
        }

        foreach (var p in waiting)
        {
            var rail = p.Rail switch { "rtp" => Rail.Rtp, "fednow" => Rail.FedNow, _ => Rail.Wire };
            var message = new CreditTransferMessage
            {
                MessageId = "M" + p.EndToEnd,
                CreatedAt = now,
                Rail = rail,
                Transactions =
                [
                    new CreditTransfer
                    {
                        InstructionId = p.EndToEnd,
                        EndToEndId = p.EndToEnd,
                        TransactionId = p.EndToEnd,
                        Uetr = p.Uetr,
                        AmountCents = p.Amount,
                        SettlementDate = p.Date ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, AchWindows.Eastern).DateTime),
                        Debtor = new Party(originator.CompanyName),
                        DebtorAccount = AccountId.FromOther(p.Account),
                        DebtorAgentRoutingNumber = originator.BankRoutingNumber,
                        // An IBAN counterparty is paid through the sponsor bank's correspondent; the BIC travels in the remittance information.
                        CreditorAgentRoutingNumber = p.Counterparty.RoutingNumber ?? originator.BankRoutingNumber,
                        Creditor = new Party(p.Counterparty.Name),
                        CreditorAccount = p.Counterparty.Iban is { } iban ? AccountId.FromIban(iban) : AccountId.FromOther(p.Counterparty.AccountNumber!),
                        RemittanceInformation = p.Counterparty.Bic is { } bic ? $"BIC {bic} {p.Purpose}".Trim() : p.Purpose,
                    },
                ],
            };
            var name = $"{p.Rail}-{p.EndToEnd}.xml";
            await InsertFileAsync(connection, tx, name, p.Rail, "pacs.008", 1, p.Amount, Pacs008Writer.WriteToString(message), now, cancellation);
            await using (var update = new NpgsqlCommand("UPDATE payments.payments SET file_name = @f WHERE id = @id", connection, tx))
            {
                update.Parameters.AddWithValue("f", name);
                update.Parameters.AddWithValue("id", p.Id);
                await update.ExecuteNonQueryAsync(cancellation);
            }

            var row = (await PaymentService.LockAsync(connection, tx, p.Id, cancellation))!;
            await PaymentService.GoAsync(connection, tx, row, PaymentStates.Submitted, "message_sent", "system", new { message = name, endToEndId = p.EndToEnd }, now, cancellation);
        }

        await tx.CommitAsync(cancellation);
        if (waiting.Count > 0)
        {
            await FlushOutboxAsync(cancellation);
        }

        return waiting.Count;
    }

    /// <summary>
    /// Asks the receiving bank to return a settled instant or wire payment (a camt.056 recall with an ISO reason:
    /// DUPL, FRAD, TECH, CUST, AC03). The payment stays settled until the return (pacs.004) arrives; the request is
    /// in its events.
    /// </summary>
    public async Task<PaymentView> RecallAsync(string id, string? reason, CancellationToken cancellation)
    {
        var code = reason ?? "CUST";
        if (code is not ("DUPL" or "FRAD" or "TECH" or "CUST" or "AC03"))
        {
            throw new PaymentException(400, "reason is DUPL, FRAD, TECH, CUST or AC03", "reason");
        }

        var payment = await service.GetAsync(id, cancellation) ?? throw new PaymentException(404, $"no payment {id}");
        if (payment.State != PaymentStates.Settled || payment.Rail is not ("rtp" or "fednow" or "wire") || payment.Direction != "credit")
        {
            throw new PaymentException(409, "only a settled outbound RTP, FedNow or wire payment can be recalled (ACH uses returns)", "state");
        }

        var now = service.Time.GetUtcNow();
        var request = new CancellationRequest
        {
            AssignmentId = "A" + payment.EndToEndId,
            AssignerRoutingNumber = originator.BankRoutingNumber,
            AssigneeRoutingNumber = payment.Counterparty.RoutingNumber ?? originator.BankRoutingNumber,
            CreatedAt = now,
            Transactions =
            [
                new CancellationItem
                {
                    OriginalMessageId = "M" + payment.EndToEndId,
                    OriginalEndToEndId = payment.EndToEndId,
                    OriginalUetr = payment.Uetr,
                    OriginalAmountCents = payment.Amount,
                    OriginalSettlementDate = payment.SettlementDate ?? DateOnly.FromDateTime(now.UtcDateTime),
                    ReasonCode = code,
                },
            ],
        };
        var name = $"recall-{payment.EndToEndId}.xml";
        await using (var connection = await service.DataSource.OpenConnectionAsync(cancellation))
        await using (var tx = await connection.BeginTransactionAsync(cancellation))
        {
            await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM payments.files WHERE name = @n)", connection, tx))
            {
                exists.Parameters.AddWithValue("n", name);
                if ((bool)(await exists.ExecuteScalarAsync(cancellation))!)
                {
                    throw new PaymentException(409, "a recall of this payment was already sent", "state");
                }
            }

            await InsertFileAsync(connection, tx, name, payment.Rail, "camt.056", 1, payment.Amount, Camt056Writer.WriteToString(request), now, cancellation);
            await using (var e = new NpgsqlCommand(
                "INSERT INTO payments.events (payment_id, type, body, at) VALUES (@id, 'recall_requested', jsonb_build_object('reason', @r, 'message', @n), @now)",
                connection,
                tx))
            {
                e.Parameters.AddWithValue("id", id);
                e.Parameters.AddWithValue("r", code);
                e.Parameters.AddWithValue("n", name);
                e.Parameters.AddWithValue("now", now);
                await e.ExecuteNonQueryAsync(cancellation);
            }

            await tx.CommitAsync(cancellation);
        }

        await FlushOutboxAsync(cancellation);
        return (await service.GetAsync(id, cancellation))!;
    }

    /// <summary>Writes every stored outbound file not yet in the outbox (atomically: a temporary name, then a rename).</summary>
    public async Task<int> FlushOutboxAsync(CancellationToken cancellation)
    {
        if (outbox is null)
        {
            return 0;
        }

        Directory.CreateDirectory(outbox);
        var pending = new List<(string Name, string Content)>();
        await using (var select = service.DataSource.CreateCommand("SELECT name, content FROM payments.files WHERE direction = 'out' AND written_at IS NULL ORDER BY created_at, name"))
        await using (var reader = await select.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                pending.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, content) in pending)
        {
            var temporary = Path.Combine(outbox, "." + name + ".tmp");
            await File.WriteAllTextAsync(temporary, content, cancellation);
            File.Move(temporary, Path.Combine(outbox, name), overwrite: true);
            await service.ExecuteAsync("UPDATE payments.files SET written_at = @now WHERE name = @n", cancellation, ("now", service.Time.GetUtcNow()), ("n", name));
        }

        return pending.Count;
    }

    private static async Task InsertFileAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name, string rail, string kind, int entries, long total, string? content, DateTimeOffset now, CancellationToken cancellation)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO payments.files (name, direction, rail, kind, entries, total, content, created_at) VALUES (@n, @d, @r, @k, @e, @t, @c, @now)",
            connection,
            tx);
        insert.Parameters.AddWithValue("n", name);
        insert.Parameters.AddWithValue("d", content is null ? "in" : "out");
        insert.Parameters.AddWithValue("r", rail);
        insert.Parameters.AddWithValue("k", kind);
        insert.Parameters.AddWithValue("e", entries);
        insert.Parameters.AddWithValue("t", total);
        insert.Parameters.AddWithValue("c", (object?)content ?? DBNull.Value);
        insert.Parameters.AddWithValue("now", now);
        await insert.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>Records an inbound file once; false when it was already processed.</summary>
    internal static async Task<bool> RecordInboundAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name, string rail, string kind, int entries, long total, DateTimeOffset now, CancellationToken cancellation)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO payments.files (name, direction, rail, kind, entries, total, created_at) VALUES (@n, 'in', @r, @k, @e, @t, @now) ON CONFLICT (name) DO NOTHING",
            connection,
            tx);
        insert.Parameters.AddWithValue("n", name);
        insert.Parameters.AddWithValue("r", rail);
        insert.Parameters.AddWithValue("k", kind);
        insert.Parameters.AddWithValue("e", entries);
        insert.Parameters.AddWithValue("t", total);
        insert.Parameters.AddWithValue("now", now);
        return await insert.ExecuteNonQueryAsync(cancellation) == 1;
    }

    private static async Task<Dictionary<(string, string), Counterparty>> CorrectionsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken cancellation)
    {
        var map = new Dictionary<(string, string), Counterparty>();
        await using var select = new NpgsqlCommand("SELECT routing_number, account_number, corrected::text FROM payments.corrections", connection, tx);
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            map[(reader.GetString(0), reader.GetString(1))] = JsonSerializer.Deserialize<Counterparty>(reader.GetString(2), PaymentService.Json)!;
        }

        return map;
    }

    private static string Upper(string text, int max)
    {
        var upper = new string([.. text.ToUpperInvariant().Select(c => c is >= ' ' and <= '~' ? c : ' ')]).Trim();
        return upper.Length <= max ? upper : upper[..max];
    }

    [LoggerMessage(EventId = 8010, Level = LogLevel.Information, Message = "payments: cut-off sent {File} with {Entries} entries totalling {Total} cents")]
    private static partial void LogCutoff(ILogger logger, string file, int entries, long total);
}
