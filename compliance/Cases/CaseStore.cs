using Baas.Compliance.Monitoring;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baas.Compliance.Cases;

/// <summary>A case as the API shows it.</summary>
public sealed record CaseView(
    long Id,
    string AccountId,
    string? ProgramId,
    string State,
    string? Disposition,
    string? Assignee,
    int RiskScore,
    DateTimeOffset DetectedAt,
    bool SuspectIdentified,
    DateTimeOffset SarDueAt,
    DateTimeOffset? LastSarFiledAt,
    DateTimeOffset? NextReviewAt,
    DateTimeOffset? NextFilingDueAt,
    bool ContinuingActivity,
    string SarStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt);

/// <summary>An alert as the API shows it.</summary>
public sealed record AlertView(long Id, string RuleId, string RuleVersion, string Kind, int Score, string AccountId, string? ProgramId, long Seq, DateTimeOffset OccurredAt, string Summary, IReadOnlyList<long> Evidence, long Amount, string Status, long? CaseId);

/// <summary>One entry of a case's history: opened, alert joined, transition, assignment, note, filing, action.</summary>
public sealed record CaseEventView(long Id, DateTimeOffset At, string Actor, string Kind, string? From, string? To, string? Text, long? AlertId);

/// <summary>A case with its evidence and history.</summary>
public sealed record CaseDetail(CaseView Case, IReadOnlyList<AlertView> Alerts, IReadOnlyList<CaseEventView> History, IReadOnlyList<FilingSummary> Filings);

/// <summary>A filing in a case or list.</summary>
public sealed record FilingSummary(long Id, string Kind, string State, long? CaseId, string AccountId, DateOnly? BusinessDate, long Amount, string? BsaId, DateTimeOffset CreatedAt, DateTimeOffset? FiledAt, DateTimeOffset? AcknowledgedAt);

/// <summary>A refused case operation: the status the API answers (404, 409) and why.</summary>
public sealed class CaseException(int status, string message) : Exception(message)
{
    /// <summary>404 unknown case, 409 illegal transition or missing precondition, 400 bad value.</summary>
    public int Status { get; } = status;
}

/// <summary>
/// Cases in PostgreSQL: <c>open → investigating → closed</c> with a disposition (no action, SAR filed, account
/// restricted), assignments, notes, the alerts that raised them, and the SAR clock: due 30 calendar days after
/// initial detection (60 when no suspect is identified); after a SAR is filed on a continuing activity, a review
/// every 90 days and the next filing due 120 days after the last.
/// </summary>
public sealed partial class CaseStore(NpgsqlDataSource dataSource, TimeProvider? time = null)
{
    /// <summary>Days from detection to the SAR deadline.</summary>
    public const int SarDays = 30;

    /// <summary>Days from detection to the SAR deadline when no suspect is identified.</summary>
    public const int SarDaysNoSuspect = 60;

    /// <summary>Days from a SAR filing to the continuing-activity review.</summary>
    public const int ReviewDays = 90;

    /// <summary>Days from a SAR filing to the next continuing-activity filing.</summary>
    public const int NextFilingDays = 120;

    /// <summary>How close a deadline is "soon".</summary>
    public static readonly TimeSpan SoonWindow = TimeSpan.FromDays(7);

    /// <summary>The states and the transitions allowed out of each.</summary>
    public static IReadOnlyDictionary<string, string[]> Transitions { get; } = new Dictionary<string, string[]>
    {
        ["open"] = ["investigating"],
        ["investigating"] = ["closed"],
        ["closed"] = [],
    };

    /// <summary>The dispositions a closed case can have.</summary>
    public static IReadOnlyList<string> Dispositions { get; } = ["no_action", "sar_filed", "account_restricted"];

    // The SAR deadline in force: the initial one until a SAR is filed (none for a case closed without one), then,
    // while the activity continues, the next filing's.
    private const string DeadlineSql =
        "CASE WHEN last_sar_filed_at IS NULL THEN CASE WHEN state <> 'closed' THEN sar_due_at END WHEN continuing_activity THEN next_filing_due_at END";

    // The one definition of a case's SAR status (@now, @soon): the API's sarStatus, the due= filter and the gauges read it.
    private const string SarStatusSql =
        $"CASE WHEN {DeadlineSql} IS NULL THEN CASE WHEN last_sar_filed_at IS NULL THEN 'not_required' ELSE 'filed' END " +
        $"WHEN {DeadlineSql} < @now THEN 'overdue' WHEN {DeadlineSql} < @soon THEN 'due_soon' " +
        "WHEN last_sar_filed_at IS NULL THEN 'pending' ELSE 'continuing' END";

    private const string ReviewDueSql = "continuing_activity AND next_review_at <= @now";

    private const string CaseColumns =
        "id, account_id, program_id, state, disposition, assignee, risk_score, detected_at, suspect_identified, sar_due_at, last_sar_filed_at, next_review_at, next_filing_due_at, continuing_activity, created_at, updated_at, closed_at, " +
        SarStatusSql;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>
    /// Records an alert in the handler's transaction (nothing when this rule, account and sequence were recorded
    /// before); at or above <paramref name="triageThreshold"/> it opens the account's case or joins the open one.
    /// Returns the case id, or null for a logged alert or a repeat.
    /// </summary>
    public static async Task<long?> RecordAlertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Alert alert, int triageThreshold, ILogger logger, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var toCase = alert.Score >= triageThreshold;
        long alertId;
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO compliance.alerts (rule_id, rule_version, kind, score, account_id, program_id, seq, occurred_at, summary, evidence, amount, status)
            VALUES (@rule, @version, @kind, @score, @account, @program, @seq, @at, @summary, @evidence, @amount, @status)
            ON CONFLICT (rule_id, account_id, seq) DO NOTHING
            RETURNING id
            """,
            connection,
            tx))
        {
            insert.Parameters.AddWithValue("rule", alert.RuleId);
            insert.Parameters.AddWithValue("version", alert.RuleVersion);
            insert.Parameters.AddWithValue("kind", alert.Kind);
            insert.Parameters.AddWithValue("score", alert.Score);
            insert.Parameters.AddWithValue("account", alert.AccountId);
            insert.Parameters.AddWithValue("program", (object?)alert.ProgramId ?? DBNull.Value);
            insert.Parameters.AddWithValue("seq", alert.Seq);
            insert.Parameters.AddWithValue("at", alert.Timestamp);
            insert.Parameters.AddWithValue("summary", alert.Summary);
            insert.Parameters.AddWithValue("evidence", alert.Evidence.ToArray());
            insert.Parameters.AddWithValue("amount", alert.Amount);
            insert.Parameters.AddWithValue("status", toCase ? "case" : "logged");
            if (await insert.ExecuteScalarAsync(cancellation) is not long id)
            {
                return null;
            }

            alertId = id;
        }

        if (!toCase)
        {
            LogAlert(logger, alert.RuleId, alert.AccountId, alert.Score, alert.Seq, "logged");
            return null;
        }

        long caseId;
        bool opened;
        await using (var upsert = new NpgsqlCommand(
            """
            INSERT INTO compliance.cases (account_id, program_id, risk_score, detected_at, sar_due_at)
            VALUES (@account, @program, @score, @at, @at + make_interval(days => @days))
            ON CONFLICT (account_id) WHERE state <> 'closed'
            DO UPDATE SET risk_score = LEAST(100, GREATEST(compliance.cases.risk_score, excluded.risk_score) + 5), updated_at = now()
            RETURNING id, xmax = 0
            """,
            connection,
            tx))
        {
            upsert.Parameters.AddWithValue("account", alert.AccountId);
            upsert.Parameters.AddWithValue("program", (object?)alert.ProgramId ?? DBNull.Value);
            upsert.Parameters.AddWithValue("score", alert.Score);
            upsert.Parameters.AddWithValue("at", alert.Timestamp);
            upsert.Parameters.AddWithValue("days", SarDays);
            await using var reader = await upsert.ExecuteReaderAsync(cancellation);
            await reader.ReadAsync(cancellation);
            caseId = reader.GetInt64(0);
            opened = reader.GetBoolean(1);
        }

        await using (var link = new NpgsqlCommand(
            """
            UPDATE compliance.alerts SET case_id = @case WHERE id = @alert;
            INSERT INTO compliance.case_events (case_id, actor, kind, to_state, text, alert_id) VALUES (@case, 'monitoring', @kind, @to, @text, @alert);
            """,
            connection,
            tx))
        {
            link.Parameters.AddWithValue("case", caseId);
            link.Parameters.AddWithValue("alert", alertId);
            link.Parameters.AddWithValue("kind", opened ? "opened" : "alert_joined");
            link.Parameters.AddWithValue("to", opened ? "open" : DBNull.Value);
            link.Parameters.AddWithValue("text", $"{alert.RuleId} ({alert.Score}): {alert.Summary}");
            await link.ExecuteNonQueryAsync(cancellation);
        }

        LogAlert(logger, alert.RuleId, alert.AccountId, alert.Score, alert.Seq, opened ? $"opened case {caseId}" : $"joined case {caseId}");
        return caseId;
    }

    /// <summary>Cases, newest first, filtered by state, account and SAR status (<c>overdue</c>, <c>due_soon</c>, <c>review_due</c>).</summary>
    public async Task<IReadOnlyList<CaseView>> ListAsync(string? state, string? accountId, string? due, long? before, int limit, CancellationToken cancellation)
    {
        var filters = new List<string>();
        await using var command = dataSource.CreateCommand();
        if (state is not null)
        {
            filters.Add("state = @state");
            command.Parameters.AddWithValue("state", state);
        }

        if (accountId is not null)
        {
            filters.Add("account_id = @account");
            command.Parameters.AddWithValue("account", accountId);
        }

        if (before is not null)
        {
            filters.Add("id < @before");
            command.Parameters.AddWithValue("before", before.Value);
        }

        if (due is not null)
        {
            filters.Add(due switch
            {
                "overdue" or "due_soon" => $"({SarStatusSql}) = @due",
                "review_due" => $"({ReviewDueSql})",
                _ => throw new CaseException(400, "due must be overdue, due_soon or review_due"),
            });
            command.Parameters.AddWithValue("due", due);
        }

        AddClock(command.Parameters);

        command.CommandText = $"SELECT {CaseColumns} FROM compliance.cases {(filters.Count > 0 ? "WHERE " + string.Join(" AND ", filters) : "")} ORDER BY id DESC LIMIT @limit";
        command.Parameters.AddWithValue("limit", limit);
        var cases = new List<CaseView>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            cases.Add(ReadCase(reader));
        }

        return cases;
    }

    /// <summary>SAR-clock counts for the metric: overdue, due soon and continuing-activity reviews due.</summary>
    public async Task<(long Overdue, long DueSoon, long ReviewDue, long Open)> ClockAsync(CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT count(*) FILTER (WHERE status = 'overdue'), count(*) FILTER (WHERE status = 'due_soon'), count(*) FILTER (WHERE review_due), count(*) FILTER (WHERE state <> 'closed')
            FROM (SELECT state, {SarStatusSql} AS status, {ReviewDueSql} AS review_due FROM compliance.cases) c
            """);
        AddClock(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>One case with its alerts, history and filings; null when unknown.</summary>
    public async Task<CaseDetail?> GetAsync(long id, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        var found = await ReadCaseAsync(connection, null, id, forUpdate: false, cancellation);
        if (found is null)
        {
            return null;
        }

        var alerts = new List<AlertView>();
        await using (var command = new NpgsqlCommand($"SELECT {AlertColumns} FROM compliance.alerts WHERE case_id = @id ORDER BY id", connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                alerts.Add(ReadAlert(reader));
            }
        }

        var history = new List<CaseEventView>();
        await using (var command = new NpgsqlCommand("SELECT id, at, actor, kind, from_state, to_state, text, alert_id FROM compliance.case_events WHERE case_id = @id ORDER BY id", connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                history.Add(new CaseEventView(
                    reader.GetInt64(0),
                    reader.GetFieldValue<DateTimeOffset>(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetInt64(7)));
            }
        }

        var filings = await FilingStore.ListAsync(connection, "case_id = @case", [new("case", id)], 100, cancellation);
        return new CaseDetail(found, alerts, history, filings);
    }

    /// <summary>Alerts, newest first, by account, rule and status.</summary>
    public async Task<IReadOnlyList<AlertView>> AlertsAsync(string? accountId, string? ruleId, string? status, long? before, int limit, CancellationToken cancellation)
    {
        var filters = new List<string>();
        await using var command = dataSource.CreateCommand();
        foreach (var (column, value) in new[] { ("account_id", accountId), ("rule_id", ruleId), ("status", status) })
        {
            if (value is not null)
            {
                filters.Add($"{column} = @{column}");
                command.Parameters.AddWithValue(column, value);
            }
        }

        if (before is not null)
        {
            filters.Add("id < @before");
            command.Parameters.AddWithValue("before", before.Value);
        }

        command.CommandText = $"SELECT {AlertColumns} FROM compliance.alerts {(filters.Count > 0 ? "WHERE " + string.Join(" AND ", filters) : "")} ORDER BY id DESC LIMIT @limit";
        command.Parameters.AddWithValue("limit", limit);
        var alerts = new List<AlertView>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            alerts.Add(ReadAlert(reader));
        }

        return alerts;
    }

    /// <summary>
    /// Moves a case along <see cref="Transitions"/>. Closing needs a disposition; <c>sar_filed</c> needs a SAR on
    /// the case that was filed; <c>account_restricted</c> is recorded after the restriction reached the authorizer
    /// (the caller applies it first). <paramref name="continuingActivity"/> keeps the 90/120-day clock running
    /// after a SAR-filed close.
    /// </summary>
    public async Task<CaseView> TransitionAsync(long id, string to, string? disposition, string actor, string? reason, bool continuingActivity, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var tx = await connection.BeginTransactionAsync(cancellation);
        var current = await ReadCaseAsync(connection, tx, id, forUpdate: true, cancellation) ?? throw new CaseException(404, "no such case");
        if (!Transitions.TryGetValue(to, out _))
        {
            throw new CaseException(400, $"state must be one of {string.Join(", ", Transitions.Keys)}");
        }

        if (!Transitions[current.State].Contains(to))
        {
            var allowed = Transitions[current.State];
            throw new CaseException(409, $"a case in {current.State} cannot move to {to}" + (allowed.Length > 0 ? $" (only to {string.Join(", ", allowed)})" : " (closed cases are final)"));
        }

        if (to == "closed")
        {
            if (disposition is null || !Dispositions.Contains(disposition))
            {
                throw new CaseException(400, $"closing needs a disposition: {string.Join(", ", Dispositions)}");
            }

            if (disposition == "sar_filed" && current.LastSarFiledAt is null)
            {
                throw new CaseException(409, "no SAR on this case has been filed: create one (POST /v1/cases/{id}/sar) and file it first");
            }
        }
        else if (disposition is not null)
        {
            throw new CaseException(400, "a disposition is given only when closing");
        }

        await using (var update = new NpgsqlCommand(
            """
            UPDATE compliance.cases SET state = @to, disposition = @disposition, updated_at = @now,
                closed_at = CASE WHEN @to = 'closed' THEN @now END,
                continuing_activity = CASE WHEN @to = 'closed' THEN (@disposition = 'sar_filed' AND @continuing) ELSE continuing_activity END
            WHERE id = @id;
            INSERT INTO compliance.case_events (case_id, at, actor, kind, from_state, to_state, text) VALUES (@id, @now, @actor, 'transition', @from, @to, @text);
            """,
            connection,
            tx))
        {
            update.Parameters.AddWithValue("id", id);
            update.Parameters.AddWithValue("to", to);
            update.Parameters.AddWithValue("from", current.State);
            update.Parameters.AddWithValue("disposition", (object?)disposition ?? DBNull.Value);
            update.Parameters.AddWithValue("continuing", continuingActivity);
            update.Parameters.AddWithValue("now", Now);
            update.Parameters.AddWithValue("actor", actor);
            update.Parameters.AddWithValue("text", (object?)(disposition is null ? reason : $"{disposition}{(reason is null ? "" : ": " + reason)}") ?? DBNull.Value);
            await update.ExecuteNonQueryAsync(cancellation);
        }

        var updated = await ReadCaseAsync(connection, tx, id, forUpdate: false, cancellation);
        await tx.CommitAsync(cancellation);
        return updated!;
    }

    /// <summary>Assigns a case to an analyst (or unassigns it with null).</summary>
    public Task<CaseView> AssignAsync(long id, string? assignee, string actor, CancellationToken cancellation) =>
        ChangeAsync(id, "assigned", assignee ?? "unassigned", actor, "assignee = @value", assignee, closedToo: false, cancellation);

    /// <summary>Adds a note to a case's history.</summary>
    public Task<CaseView> NoteAsync(long id, string text, string actor, CancellationToken cancellation) =>
        ChangeAsync(id, "note", text, actor, null, null, closedToo: true, cancellation);

    /// <summary>Records whether a suspect is identified: the SAR deadline is 30 days after detection when one is, 60 when not.</summary>
    public Task<CaseView> SetSuspectAsync(long id, bool identified, string actor, CancellationToken cancellation) =>
        ChangeAsync(
            id,
            "suspect",
            identified ? "suspect identified: SAR due 30 days after detection" : "no suspect identified: SAR due 60 days after detection",
            actor,
            $"suspect_identified = @value, sar_due_at = detected_at + make_interval(days => CASE WHEN @value THEN {SarDays} ELSE {SarDaysNoSuspect} END)",
            identified,
            closedToo: false,
            cancellation);

    /// <summary>Records an action taken on the account (a restriction that reached the authorizer).</summary>
    public Task<CaseView> ActionAsync(long id, string text, string actor, CancellationToken cancellation) =>
        ChangeAsync(id, "action", text, actor, null, null, closedToo: true, cancellation);

    /// <summary>
    /// A SAR on the case was filed at <paramref name="filedAt"/>: the initial deadline is met, and the
    /// continuing-activity clock starts (review after 90 days, next filing due after 120).
    /// </summary>
    internal static async Task SarFiledAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long caseId, long filingId, DateTimeOffset filedAt, string actor, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE compliance.cases SET last_sar_filed_at = @at, next_review_at = @at + make_interval(days => {ReviewDays}),
                next_filing_due_at = @at + make_interval(days => {NextFilingDays}), continuing_activity = (state <> 'closed' OR continuing_activity), updated_at = @at
            WHERE id = @id;
            INSERT INTO compliance.case_events (case_id, at, actor, kind, text) VALUES (@id, @at, @actor, 'sar_filed', @text);
            """,
            connection,
            tx);
        command.Parameters.AddWithValue("id", caseId);
        command.Parameters.AddWithValue("at", filedAt);
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("text", $"SAR filing {filingId} filed; continuing-activity review due in {ReviewDays} days, next filing in {NextFilingDays}");
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private async Task<CaseView> ChangeAsync(long id, string kind, string text, string actor, string? set, object? value, bool closedToo, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var tx = await connection.BeginTransactionAsync(cancellation);
        var current = await ReadCaseAsync(connection, tx, id, forUpdate: true, cancellation) ?? throw new CaseException(404, "no such case");
        if (!closedToo && current.State == "closed")
        {
            throw new CaseException(409, "the case is closed");
        }

        await using (var command = new NpgsqlCommand(
            (set is null ? "" : $"UPDATE compliance.cases SET {set}, updated_at = @now WHERE id = @id;") +
            "INSERT INTO compliance.case_events (case_id, at, actor, kind, text) VALUES (@id, @now, @actor, @kind, @text);",
            connection,
            tx))
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("now", Now);
            command.Parameters.AddWithValue("actor", actor);
            command.Parameters.AddWithValue("kind", kind);
            command.Parameters.AddWithValue("text", text);
            if (set is not null)
            {
                command.Parameters.AddWithValue("value", value ?? DBNull.Value);
            }

            await command.ExecuteNonQueryAsync(cancellation);
        }

        var updated = await ReadCaseAsync(connection, tx, id, forUpdate: false, cancellation);
        await tx.CommitAsync(cancellation);
        return updated!;
    }

    internal async Task<CaseView?> ReadCaseAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long id, bool forUpdate, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"SELECT {CaseColumns} FROM compliance.cases WHERE id = @id{(forUpdate ? " FOR UPDATE" : "")}", connection, tx);
        command.Parameters.AddWithValue("id", id);
        AddClock(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? ReadCase(reader) : null;
    }

    /// <summary>The moments the SAR status is judged against: <c>@now</c>, and <c>@soon</c> (<see cref="SoonWindow"/> later).</summary>
    private void AddClock(NpgsqlParameterCollection parameters)
    {
        var now = Now;
        parameters.AddWithValue("now", now);
        parameters.AddWithValue("soon", now + SoonWindow);
    }

    private const string AlertColumns = "id, rule_id, rule_version, kind, score, account_id, program_id, seq, occurred_at, summary, evidence, amount, status, case_id";

    private static AlertView ReadAlert(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        r.GetInt32(4),
        r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.GetInt64(7),
        r.GetFieldValue<DateTimeOffset>(8),
        r.GetString(9),
        r.GetFieldValue<long[]>(10),
        r.GetInt64(11),
        r.GetString(12),
        r.IsDBNull(13) ? null : r.GetInt64(13));

    private static CaseView ReadCase(NpgsqlDataReader r)
    {
        DateTimeOffset? At(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
        return new CaseView(
            r.GetInt64(0),
            r.GetString(1),
            r.IsDBNull(2) ? null : r.GetString(2),
            r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4),
            r.IsDBNull(5) ? null : r.GetString(5),
            r.GetInt32(6),
            r.GetFieldValue<DateTimeOffset>(7),
            r.GetBoolean(8),
            r.GetFieldValue<DateTimeOffset>(9),
            At(10),
            At(11),
            At(12),
            r.GetBoolean(13),
            r.GetString(17),
            r.GetFieldValue<DateTimeOffset>(14),
            r.GetFieldValue<DateTimeOffset>(15),
            At(16));
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Alert {Rule} on account {Account} (score {Score}, log {Seq}): {Outcome}")]
    private static partial void LogAlert(ILogger logger, string rule, string account, int score, long seq, string outcome);
}
