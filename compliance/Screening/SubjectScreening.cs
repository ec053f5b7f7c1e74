using Baas.Compliance.Cases;
using Baas.Compliance.Monitoring;
using Baas.Compliance.Screening.Http;
using Baas.Compliance.Screening.Matching;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baas.Compliance.Screening;

/// <summary>Someone compliance keeps screening: a customer (KYC registers them) or a payment counterparty (payments does).</summary>
/// <param name="SubjectId">The caller's id for the subject.</param>
/// <param name="Kind"><c>customer</c> or <c>counterparty</c>.</param>
/// <param name="AccountId">The account a hit concerns (alerts and cases are raised on it); null for none.</param>
/// <param name="Name">The name to screen.</param>
/// <param name="Type">individual, entity, vessel or aircraft.</param>
/// <param name="Dob">Date of birth (YYYY-MM-DD, YYYY-MM or YYYY).</param>
/// <param name="Country">Country code or name.</param>
/// <param name="Ids">Identifiers to match exactly.</param>
/// <param name="Active">False once the customer left or the payment completed: list changes no longer re-screen it.</param>
public sealed record ScreeningSubject(string SubjectId, string Kind, string? AccountId, string Name, string? Type, string? Dob, string? Country, IReadOnlyList<string> Ids, bool Active = true)
{
    /// <summary>The subject as a screening request.</summary>
    public ScreeningRequest ToRequest() => new(Name, Type, Dob, Country, [.. Ids]);
}

/// <summary>A subject's screening outcome: every hit, and which of them are new since the last screening.</summary>
public sealed record SubjectScreeningResult(string SubjectId, string ListVersion, IReadOnlyList<ScreeningHit> Hits, IReadOnlyList<ScreeningHit> NewHits);

/// <summary>
/// Screening that remembers: subjects are stored with the entries they hit and the list version; each new hit
/// (at registration, or when a list version changes and everyone active is screened again) raises a
/// <c>sanctions_match</c> alert with score 100, which opens or joins a case on the subject's account.
/// </summary>
public sealed partial class SubjectScreening(NpgsqlDataSource dataSource, ScreeningService screening, ILogger logger)
{
    /// <summary>The rule id of sanctions alerts.</summary>
    public const string RuleId = "sanctions_match";

    /// <summary>Registers (or updates) a subject and screens it now.</summary>
    public async Task<SubjectScreeningResult> UpsertAsync(ScreeningSubject subject, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!subject.ToRequest().TryCreateQuery(out var query, out var problem))
        {
            throw new ArgumentException(problem!.Message, problem.Field);
        }

        await using (var upsert = dataSource.CreateCommand(
            """
            INSERT INTO compliance.screening_subjects (subject_id, kind, account_id, name, type, dob, country, ids, active)
            VALUES (@id, @kind, @account, @name, @type, @dob, @country, @ids, @active)
            ON CONFLICT (subject_id) DO UPDATE SET kind = excluded.kind, account_id = excluded.account_id, name = excluded.name, type = excluded.type,
                dob = excluded.dob, country = excluded.country, ids = excluded.ids, active = excluded.active,
                hits = CASE WHEN compliance.screening_subjects.name = excluded.name THEN compliance.screening_subjects.hits ELSE '{}' END
            """))
        {
            upsert.Parameters.AddWithValue("id", subject.SubjectId);
            upsert.Parameters.AddWithValue("kind", subject.Kind);
            upsert.Parameters.AddWithValue("account", (object?)subject.AccountId ?? DBNull.Value);
            upsert.Parameters.AddWithValue("name", subject.Name);
            upsert.Parameters.AddWithValue("type", (object?)subject.Type ?? DBNull.Value);
            upsert.Parameters.AddWithValue("dob", (object?)subject.Dob ?? DBNull.Value);
            upsert.Parameters.AddWithValue("country", (object?)subject.Country ?? DBNull.Value);
            upsert.Parameters.AddWithValue("ids", subject.Ids.ToArray());
            upsert.Parameters.AddWithValue("active", subject.Active);
            await upsert.ExecuteNonQueryAsync(cancellation);
        }

        return await ScreenAsync(subject, screening.Screen(query!), cancellation);
    }

    /// <summary>A stored subject; null when unknown.</summary>
    public async Task<(ScreeningSubject Subject, string? ListVersion, IReadOnlyList<string> Hits, DateTimeOffset? ScreenedAt)?> GetAsync(string subjectId, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns}, list_version, hits, screened_at FROM compliance.screening_subjects WHERE subject_id = @id");
        command.Parameters.AddWithValue("id", subjectId);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation))
        {
            return null;
        }

        return (Read(reader), reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetFieldValue<string[]>(10), reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11));
    }

    /// <summary>Screens every active subject against the current list; returns how many were screened and how many new hits they had.</summary>
    public async Task<(int Screened, int NewHits)> RescreenAllAsync(CancellationToken cancellation)
    {
        var subjects = new List<ScreeningSubject>();
        await using (var command = dataSource.CreateCommand($"SELECT {Columns} FROM compliance.screening_subjects WHERE active ORDER BY subject_id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                subjects.Add(Read(reader));
            }
        }

        var newHits = 0;
        foreach (var subject in subjects)
        {
            if (!subject.ToRequest().TryCreateQuery(out var query, out _))
            {
                continue;
            }

            newHits += (await ScreenAsync(subject, screening.Screen(query!), cancellation)).NewHits.Count;
        }

        LogRescreened(logger, subjects.Count, newHits, screening.Provider.Current.Version.Id);
        return (subjects.Count, newHits);
    }

    private const string Columns = "subject_id, kind, account_id, name, type, dob, country, ids, active";

    private static ScreeningSubject Read(NpgsqlDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.GetFieldValue<string[]>(7),
        r.GetBoolean(8));

    private static string HitKey(ScreeningHit hit) => $"{hit.List}:{hit.EntryId}";

    private async Task<SubjectScreeningResult> ScreenAsync(ScreeningSubject subject, ScreeningResult result, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var tx = await connection.BeginTransactionAsync(cancellation);
        string[] before;
        await using (var read = new NpgsqlCommand("SELECT hits FROM compliance.screening_subjects WHERE subject_id = @id FOR UPDATE", connection, tx))
        {
            read.Parameters.AddWithValue("id", subject.SubjectId);
            before = await read.ExecuteScalarAsync(cancellation) as string[] ?? [];
        }

        var fresh = result.Hits.Where(h => !before.Contains(HitKey(h), StringComparer.Ordinal)).ToList();
        foreach (var hit in fresh)
        {
            var account = subject.AccountId ?? $"subject:{subject.SubjectId}";
            var now = DateTimeOffset.UtcNow;
            var alert = new Alert(
                RuleId,
                result.ListVersion,
                "sanctions",
                100,
                account,
                null,
                -StableId($"{subject.SubjectId}|{HitKey(hit)}"),
                (now - DateTimeOffset.UnixEpoch).Ticks / 10,
                $"{subject.Kind} {subject.SubjectId} '{subject.Name}' matches {hit.List} entry {hit.EntryId} '{hit.Name}' (via '{hit.MatchedName.Text}', score {hit.Score:0.000}); list version {result.ListVersion}",
                [],
                0);
            await CaseStore.RecordAlertAsync(connection, tx, alert, 1, logger, cancellation);
        }

        await using (var update = new NpgsqlCommand(
            "UPDATE compliance.screening_subjects SET hits = @hits, list_version = @version, screened_at = now() WHERE subject_id = @id",
            connection,
            tx))
        {
            update.Parameters.AddWithValue("id", subject.SubjectId);
            update.Parameters.AddWithValue("hits", before.Union(result.Hits.Select(HitKey), StringComparer.Ordinal).ToArray());
            update.Parameters.AddWithValue("version", result.ListVersion);
            await update.ExecuteNonQueryAsync(cancellation);
        }

        await tx.CommitAsync(cancellation);
        return new SubjectScreeningResult(subject.SubjectId, result.ListVersion, result.Hits, fresh);
    }

    // Sanctions alerts have no log record: a stable positive number per subject and entry stands in (negated), so a repeat inserts nothing.
    private static long StableId(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)(hash >> 1) | 1;
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "Re-screened {Count} subjects against list version {Version}: {NewHits} new hits")]
    private static partial void LogRescreened(ILogger logger, int count, int newHits, string version);
}
