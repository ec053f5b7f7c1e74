using System.Globalization;
using System.Text;
using System.Text.Json;
using Baas.Compliance.Filing;
using Npgsql;

namespace Baas.Compliance.Cases;

/// <summary>Who files: the sponsor bank (the filing institution) and the transmitter of the batches.</summary>
/// <param name="Institution">The filing institution.</param>
/// <param name="Transmitter">The transmitter (holder of the Transmitter Control Code).</param>
public sealed record FilerProfile(FilingInstitution Institution, FilingTransmitter Transmitter)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// A sample filer for tests and demos (FinCEN's test Transmitter Control Code <c>TBSATEST</c>); a real program
    /// gives its own with <c>--filer FILE</c>.
    /// </summary>
    public static FilerProfile Sample { get; } = new(
        new FilingInstitution
        {
            LegalName = "Example Sponsor Bank, N.A.",
            Ein = "98-7654321",
            Address = new FilingAddress("100 Main St", "Wilmington", "DE", "19801", "US"),
            PrimaryRegulator = FederalRegulator.Occ,
            RssdNumber = "1234567",
            ContactOfficeName = "BSA Office",
            ContactOfficePhone = "302-555-0199",
        },
        new FilingTransmitter
        {
            LegalName = "Baas Processor Inc",
            Tin = "12-3456789",
            TransmitterControlCode = "TBSATEST",
            Address = new FilingAddress("1 Market St", "San Francisco", "CA", "94105", "US"),
            Phone = "(415) 555-0100",
            ContactName = "Compliance Operations",
        });

    /// <summary>Reads a filer file: <c>{"institution": {...}, "transmitter": {...}}</c> with the fields of <see cref="FilingInstitution"/> and <see cref="FilingTransmitter"/>.</summary>
    public static FilerProfile Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<FilerProfile>(File.ReadAllText(path), Json) ?? throw new InvalidDataException("the filer file is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("the filer file is not valid: " + e.Message, e);
        }
    }
}

/// <summary>A filing with its XML and acknowledgement.</summary>
public sealed record FilingDetail(FilingSummary Filing, string? Xml, string? AcknowledgementMessages);

/// <summary>
/// SAR and CTR filings: a SAR drafted from a case (its alerts are the activity, the customer registered for
/// screening on the account is the subject, or an unknown subject when there is none), CTRs drafted by monitoring
/// when a business day's cash goes over $10,000; filing writes the BSA E-Filing batch XML (to the filings
/// directory when one is configured) and starts the case's continuing-activity clock; FinCEN's acknowledgement
/// stores the BSA id (acknowledged) or the errors (rejected).
/// </summary>
public sealed class FilingStore(NpgsqlDataSource dataSource, FilerProfile filer, string? directory = null, TimeProvider? time = null)
{
    private const string Columns = "id, kind, state, case_id, account_id, business_date, amount, bsa_id, created_at, filed_at, acknowledged_at";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Filings, newest first.</summary>
    public async Task<IReadOnlyList<FilingSummary>> ListAsync(string? kind, string? state, int limit, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        return await ListAsync(
            connection,
            "(@kind::text IS NULL OR kind = @kind) AND (@state::text IS NULL OR state = @state)",
            [new("kind", (object?)kind ?? DBNull.Value), new("state", (object?)state ?? DBNull.Value)],
            limit,
            cancellation);
    }

    /// <summary>One filing with its XML; null when unknown.</summary>
    public async Task<FilingDetail?> GetAsync(long id, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns}, xml, ack_messages FROM compliance.filings WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? new FilingDetail(Read(reader), reader.IsDBNull(11) ? null : reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetString(12)) : null;
    }

    /// <summary>
    /// Drafts a SAR for a case from its alerts: the activity dates and amount, the categories the rules map to,
    /// and a narrative (the analyst's, or one built from the alerts and notes). A continuing-activity SAR when an
    /// earlier one on the case was acknowledged. The XML is written now, so a draft that cannot be filed says why at once.
    /// </summary>
    public async Task<FilingDetail> DraftSarAsync(long caseId, string? narrative, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var tx = await connection.BeginTransactionAsync(cancellation);
        string account;
        await using (var read = new NpgsqlCommand("SELECT account_id FROM compliance.cases WHERE id = @id FOR UPDATE", connection, tx))
        {
            read.Parameters.AddWithValue("id", caseId);
            await using var reader = await read.ExecuteReaderAsync(cancellation);
            if (!await reader.ReadAsync(cancellation))
            {
                throw new CaseException(404, "no such case");
            }

            account = reader.GetString(0);
        }

        var alerts = new List<(string Rule, string Kind, string Summary, DateTimeOffset At, long Amount, long[] Evidence)>();
        await using (var read = new NpgsqlCommand("SELECT rule_id, kind, summary, occurred_at, amount, evidence FROM compliance.alerts WHERE case_id = @id ORDER BY id", connection, tx))
        {
            read.Parameters.AddWithValue("id", caseId);
            await using var reader = await read.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                alerts.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4), reader.GetFieldValue<long[]>(5)));
            }
        }

        string? prior = null;
        long cumulative = 0;
        await using (var read = new NpgsqlCommand("SELECT bsa_id, amount FROM compliance.filings WHERE case_id = @id AND kind = 'sar' AND state IN ('filed', 'acknowledged') ORDER BY id", connection, tx))
        {
            read.Parameters.AddWithValue("id", caseId);
            await using var reader = await read.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                prior = reader.IsDBNull(0) ? prior : reader.GetString(0);
                cumulative += reader.GetInt64(1);
            }
        }

        var subject = await SubjectAsync(connection, tx, account, cancellation);
        var amount = alerts.Sum(a => a.Amount);
        var categories = alerts.Select(a => Category(a.Kind)).Distinct().ToList();
        var notes = new List<string>();
        await using (var read = new NpgsqlCommand("SELECT text FROM compliance.case_events WHERE case_id = @id AND kind = 'note' ORDER BY id", connection, tx))
        {
            read.Parameters.AddWithValue("id", caseId);
            await using var reader = await read.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                notes.Add(reader.GetString(0));
            }
        }

        var text = string.IsNullOrWhiteSpace(narrative) ? Narrative(caseId, account, alerts.Select(a => (a.At, a.Rule, a.Summary)), notes) : narrative.Trim();
        var from = alerts.Count == 0 ? DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime) : DateOnly.FromDateTime(alerts.Min(a => a.At).UtcDateTime);
        var to = alerts.Count == 0 ? from : DateOnly.FromDateTime(alerts.Max(a => a.At).UtcDateTime);
        long id;
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO compliance.filings (kind, case_id, account_id, amount, evidence, continuing, prior_bsa_id) VALUES ('sar', @case, @account, @amount, @evidence, @continuing, @prior) RETURNING id",
            connection,
            tx))
        {
            insert.Parameters.AddWithValue("case", caseId);
            insert.Parameters.AddWithValue("account", account);
            insert.Parameters.AddWithValue("amount", amount);
            insert.Parameters.AddWithValue("evidence", alerts.SelectMany(a => a.Evidence).Where(s => s > 0).Distinct().Order().ToArray());
            insert.Parameters.AddWithValue("continuing", cumulative > 0);
            insert.Parameters.AddWithValue("prior", (object?)prior ?? DBNull.Value);
            id = (long)(await insert.ExecuteScalarAsync(cancellation))!;
        }

        var filing = new SarFiling
        {
            FilingId = FilingId("SAR", id),
            Institution = filer.Institution,
            Subjects = [subject],
            ActivityFrom = from,
            ActivityTo = to,
            TotalAmountMinor = amount,
            Categories = categories.Count == 0 ? [SuspiciousActivityCategory.Other] : categories,
            OtherActivityDescription = categories.Count == 0 || categories.Contains(SuspiciousActivityCategory.Other) ? "Unusual activity raised by transaction monitoring" : null,
            Narrative = text,
            IsContinuingActivity = cumulative > 0,
            PriorBsaId = prior,
            CumulativeAmountMinor = cumulative > 0 ? cumulative + amount : null,
        };
        string xml;
        try
        {
            using var buffer = new MemoryStream();
            new SarBatchWriter(filer.Transmitter, _time).Write(buffer, [filing]);
            xml = Utf8(buffer);
        }
        catch (ArgumentException e)
        {
            throw new CaseException(409, "the SAR cannot be written: " + e.Message);
        }

        await SetXmlAsync(connection, tx, id, xml, cancellation);
        await using (var history = new NpgsqlCommand("INSERT INTO compliance.case_events (case_id, at, actor, kind, text) VALUES (@case, @at, 'compliance', 'sar_drafted', @text)", connection, tx))
        {
            history.Parameters.AddWithValue("case", caseId);
            history.Parameters.AddWithValue("at", _time.GetUtcNow());
            history.Parameters.AddWithValue("text", $"SAR filing {id} drafted ({(cumulative > 0 ? "continuing activity" : "initial")}, {alerts.Count} alerts)");
            await history.ExecuteNonQueryAsync(cancellation);
        }

        await tx.CommitAsync(cancellation);
        return (await GetAsync(id, cancellation))!;
    }

    /// <summary>
    /// Files a draft: writes its batch XML (a CTR's is written now, from the account's customer), marks it filed and,
    /// for a SAR, starts the case's continuing-activity clock. Only drafts can be filed.
    /// </summary>
    public async Task<FilingDetail> FileAsync(long id, string actor, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var tx = await connection.BeginTransactionAsync(cancellation);
        string kind, state, account;
        long? caseId;
        string? xml;
        DateOnly? date;
        long cashIn, cashOut;
        await using (var read = new NpgsqlCommand("SELECT kind, state, case_id, account_id, xml, business_date, coalesce(cash_in, 0), coalesce(cash_out, 0) FROM compliance.filings WHERE id = @id FOR UPDATE", connection, tx))
        {
            read.Parameters.AddWithValue("id", id);
            await using var reader = await read.ExecuteReaderAsync(cancellation);
            if (!await reader.ReadAsync(cancellation))
            {
                throw new CaseException(404, "no such filing");
            }

            (kind, state, caseId, account, xml, date, cashIn, cashOut) = (
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5), reader.GetInt64(6), reader.GetInt64(7));
        }

        if (state != "draft")
        {
            throw new CaseException(409, $"filing {id} is {state}; only drafts are filed");
        }

        if (kind == "ctr")
        {
            xml = await CtrXmlAsync(connection, tx, id, account, date!.Value, cashIn, cashOut, cancellation);
            await SetXmlAsync(connection, tx, id, xml, cancellation);
        }

        var now = _time.GetUtcNow();
        await using (var update = new NpgsqlCommand("UPDATE compliance.filings SET state = 'filed', filed_at = @at WHERE id = @id", connection, tx))
        {
            update.Parameters.AddWithValue("id", id);
            update.Parameters.AddWithValue("at", now);
            await update.ExecuteNonQueryAsync(cancellation);
        }

        if (kind == "sar" && caseId is { } c)
        {
            await CaseStore.SarFiledAsync(connection, tx, c, id, now, actor, cancellation);
        }

        if (directory is not null)
        {
            // Written before the commit: a crash between leaves a file for a draft, which filing again overwrites.
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"{kind}-{id.ToString(CultureInfo.InvariantCulture)}.xml");
            await File.WriteAllTextAsync(path + ".tmp", xml, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellation);
            File.Move(path + ".tmp", path, overwrite: true);
        }

        await tx.CommitAsync(cancellation);
        return (await GetAsync(id, cancellation))!;
    }

    /// <summary>Applies FinCEN's acknowledgement of a filed batch (one filing per batch): the BSA id, or the errors.</summary>
    public async Task<FilingDetail> AcknowledgeAsync(long id, Stream acknowledgement, CancellationToken cancellation)
    {
        FincenAcknowledgement ack;
        try
        {
            ack = FincenAcknowledgement.Parse(acknowledgement);
        }
        catch (InvalidDataException e)
        {
            throw new CaseException(400, "not a FinCEN batch acknowledgement: " + e.Message);
        }

        if (ack.Activities.Count != 1)
        {
            throw new CaseException(400, $"the acknowledgement answers {ack.Activities.Count} activities; each batch here holds one filing");
        }

        var activity = ack.Activities[0];
        var messages = string.Join("\n", activity.Errors.Select(e => $"{e.Level} {e.TypeCode}: {e.Text}"));
        await using var command = dataSource.CreateCommand(
            """
            UPDATE compliance.filings SET state = @state, bsa_id = @bsa, ack_messages = @messages, acknowledged_at = @at
            WHERE id = @id AND state = 'filed'
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("state", activity.Accepted ? "acknowledged" : "rejected");
        command.Parameters.AddWithValue("bsa", (object?)activity.BsaId ?? DBNull.Value);
        command.Parameters.AddWithValue("messages", messages.Length == 0 ? DBNull.Value : messages);
        command.Parameters.AddWithValue("at", _time.GetUtcNow());
        if (await command.ExecuteNonQueryAsync(cancellation) == 0)
        {
            var current = await GetAsync(id, cancellation) ?? throw new CaseException(404, "no such filing");
            throw new CaseException(409, $"filing {id} is {current.Filing.State}; only filed filings are acknowledged");
        }

        return (await GetAsync(id, cancellation))!;
    }

    internal static async Task<IReadOnlyList<FilingSummary>> ListAsync(NpgsqlConnection connection, string where, IReadOnlyList<NpgsqlParameter> parameters, int limit, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM compliance.filings WHERE {where} ORDER BY id DESC LIMIT @limit", connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(p);
        }

        command.Parameters.AddWithValue("limit", limit);
        var filings = new List<FilingSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            filings.Add(Read(reader));
        }

        return filings;
    }

    /// <summary>The SAR category a rule kind reports as.</summary>
    internal static SuspiciousActivityCategory Category(string kind) => kind switch
    {
        "structuring" => SuspiciousActivityCategory.StructuringBelowCtrThreshold,
        "rapid_movement" or "fan_out" => SuspiciousActivityCategory.SuspiciousFundsTransfers,
        "high_risk_jurisdiction" => SuspiciousActivityCategory.HighRiskJurisdiction,
        "volume_spike" or "round_amounts" or "dormant_reactivation" => SuspiciousActivityCategory.TransactionOutOfPattern,
        "card_testing" => SuspiciousActivityCategory.CardFraud,
        "sanctions" => SuspiciousActivityCategory.SanctionsRelated,
        _ => SuspiciousActivityCategory.Other,
    };

    private static string FilingId(string prefix, long id) => $"BAAS-{prefix}-{id.ToString(CultureInfo.InvariantCulture)}";

    private static string Narrative(long caseId, string account, IEnumerable<(DateTimeOffset At, string Rule, string Summary)> alerts, List<string> notes)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Transaction monitoring raised case {caseId} on account {account}.");
        foreach (var (at, rule, summary) in alerts)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{at:yyyy-MM-dd HH:mm} UTC, {rule}: {summary}.");
        }

        foreach (var note in notes)
        {
            text.Append("\nAnalyst note: ").Append(note);
        }

        return text.ToString();
    }

    /// <summary>The customer registered for screening on the account (KYC registers them), else an unknown subject with the account.</summary>
    private static async Task<SarSubject> SubjectAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string account, CancellationToken cancellation)
    {
        var customer = await CustomerAsync(connection, tx, account, cancellation);
        if (customer is null)
        {
            return SarSubject.Unknown with { AccountNumbers = [account] };
        }

        var (last, first) = SplitName(customer.Value.Name);
        return new SarSubject
        {
            LastName = last,
            FirstName = first,
            DateOfBirth = customer.Value.DateOfBirth,
            AccountNumbers = [account],
            Relationship = SubjectRelationship.Customer,
        };
    }

    private async Task<string> CtrXmlAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long id, string account, DateOnly date, long cashIn, long cashOut, CancellationToken cancellation)
    {
        var customer = await CustomerAsync(connection, tx, account, cancellation)
            ?? throw new CaseException(409, $"a CTR names the person who conducted the transactions: no customer is registered for account {account} (KYC registers them for screening)");
        var (last, first) = SplitName(customer.Name);
        var filing = new CtrFiling
        {
            FilingId = FilingId("CTR", id),
            Institution = filer.Institution,
            Persons =
            [
                new CtrPerson
                {
                    Role = CtrPersonRole.ConductedOnOwnBehalf,
                    LastName = last,
                    FirstName = first,
                    DateOfBirth = customer.DateOfBirth,
                    AccountNumbers = [account],
                    CashInMinor = cashIn > 0 ? cashIn : null,
                    CashOutMinor = cashOut > 0 ? cashOut : null,
                },
            ],
            TransactionDate = date,
            CashInMinor = cashIn,
            CashOutMinor = cashOut,
            IsAggregated = true,
        };
        try
        {
            using var buffer = new MemoryStream();
            new CtrBatchWriter(filer.Transmitter, _time).Write(buffer, [filing]);
            return Utf8(buffer);
        }
        catch (ArgumentException e)
        {
            throw new CaseException(409, "the CTR cannot be written: " + e.Message);
        }
    }

    /// <summary>The customer registered for screening on the account: the name, and the date of birth when it is a full date.</summary>
    private static async Task<(string Name, DateOnly? DateOfBirth)?> CustomerAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string account, CancellationToken cancellation)
    {
        await using var read = new NpgsqlCommand("SELECT name, dob FROM compliance.screening_subjects WHERE account_id = @a AND kind = 'customer' ORDER BY created_at LIMIT 1", connection, tx);
        read.Parameters.AddWithValue("a", account);
        await using var reader = await read.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation))
        {
            return null;
        }

        var dob = reader.IsDBNull(1) ? null : reader.GetString(1);
        return (reader.GetString(0), DateOnly.TryParseExact(dob, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null);
    }

    private static (string Last, string? First) SplitName(string name)
    {
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0)
        {
            return (name[..comma].Trim(), name[(comma + 1)..].Trim() is { Length: > 0 } f ? f : null);
        }

        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 1 ? (parts[0], null) : (parts[^1], string.Join(' ', parts[..^1]));
    }

    // The batch as written (UTF-8, as its declaration says), without a byte-order mark.
    private static string Utf8(MemoryStream buffer)
    {
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return Encoding.UTF8.GetString(bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes);
    }

    private static async Task SetXmlAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long id, string xml, CancellationToken cancellation)
    {
        await using var update = new NpgsqlCommand("UPDATE compliance.filings SET xml = @xml WHERE id = @id", connection, tx);
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("xml", xml);
        await update.ExecuteNonQueryAsync(cancellation);
    }

    private static FilingSummary Read(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.IsDBNull(3) ? null : r.GetInt64(3),
        r.GetString(4),
        r.IsDBNull(5) ? null : r.GetFieldValue<DateOnly>(5),
        r.GetInt64(6),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.GetFieldValue<DateTimeOffset>(8),
        r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
        r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10));
}
