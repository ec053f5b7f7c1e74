using System.Diagnostics.Metrics;
using Baas.Compliance.Cases;
using Baas.Events;
using Baas.Events.Consumers;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Baas.Compliance.Monitoring;

/// <summary>
/// Transaction monitoring as a consumer of the authorization log. Each batch: decode, read the profiles of
/// accounts not in memory, run the rules, then in one PostgreSQL transaction store the changed profiles, the
/// alerts (idempotent by rule, account and sequence), open or join cases for alerts at or above the triage
/// threshold, draft currency transaction reports, and the position. A failed transaction forgets the profiles
/// in memory (they are ahead of the database) and the batch is delivered again.
/// </summary>
public sealed partial class MonitoringHandler : ILogHandler
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly MonitoringEngine _engine;
    private readonly string _consumer;
    private readonly ILogger _logger;
    private readonly LogEvent _decoded = new();
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _events;
    private bool _versionStored;

    /// <param name="dataSource">The compliance database (migrated by <see cref="ComplianceMigrator"/>).</param>
    /// <param name="rules">The rule set to run.</param>
    /// <param name="consumer">The consumer's name (its position row).</param>
    /// <param name="logger">Cases opened, failures.</param>
    /// <param name="meterFactory">For <c>baas_compliance_alerts</c>; a plain meter when null.</param>
    public MonitoringHandler(NpgsqlDataSource dataSource, RuleSet rules, string consumer, ILogger logger, IMeterFactory? meterFactory = null)
    {
        _dataSource = dataSource;
        _engine = new MonitoringEngine(rules);
        _consumer = consumer;
        _logger = logger;
        var meter = meterFactory?.Create("Baas.Compliance") ?? new Meter("Baas.Compliance");
        _alerts = meter.CreateCounter<long>("baas_compliance_alerts", description: "Monitoring alerts raised, by rule and outcome (logged below the triage threshold, case at or above it).");
        _events = meter.CreateCounter<long>("baas_compliance_monitored_events", description: "Log records transaction monitoring evaluated (those that move money, decline or open an account).");
    }

    /// <summary>The rule set this handler runs.</summary>
    public RuleSet Rules => _engine.Rules;

    /// <inheritdoc />
    public async Task<long> PositionAsync(CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand("SELECT seq FROM compliance.consumer_position WHERE consumer = @c");
        command.Parameters.AddWithValue("c", _consumer);
        return await command.ExecuteScalarAsync(cancellation) is long seq ? seq : 0;
    }

    /// <inheritdoc />
    public async Task<long> HandleAsync(IReadOnlyList<LogRecord> records, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(records);
        var monitored = new List<MonitoredEvent>(records.Count);
        foreach (var record in records)
        {
            if (_decoded.TryDecode(record.Record) && MonitoredEvent.TryFrom(_decoded, out var e))
            {
                monitored.Add(e!);
            }
        }

        var last = records[^1].Seq;
        try
        {
            await LoadProfilesAsync(monitored, cancellation);
            var alerts = new List<Alert>();
            var reports = new List<CashReport>();
            foreach (var e in monitored)
            {
                _engine.Evaluate(e, alerts, reports);
            }

            await StoreAsync(alerts, reports, last, cancellation);
            _engine.ClearDirty();
            _events.Add(monitored.Count);
            foreach (var a in alerts)
            {
                _alerts.Add(1, new KeyValuePair<string, object?>("rule", a.RuleId), new KeyValuePair<string, object?>("outcome", a.Score >= Rules.TriageThreshold ? "case" : "logged"));
            }

            return last;
        }
        catch
        {
            _engine.Reset();
            throw;
        }
    }

    private async Task LoadProfilesAsync(List<MonitoredEvent> events, CancellationToken cancellation)
    {
        var missing = events.Select(e => e.AccountId).Where(a => !_engine.Has(a)).Distinct(StringComparer.Ordinal).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand("SELECT account_id, state FROM compliance.profiles WHERE account_id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", missing);
        var loaded = new List<AccountProfile>();
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                loaded.Add(AccountProfile.Deserialize(reader.GetString(0), (byte[])reader[1]));
            }
        }

        _engine.Load(loaded);
    }

    private async Task StoreAsync(List<Alert> alerts, List<CashReport> reports, long position, CancellationToken cancellation)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellation);
        await using var tx = await connection.BeginTransactionAsync(cancellation);
        if (!_versionStored)
        {
            await using var version = new NpgsqlCommand("INSERT INTO compliance.rule_versions (version, body) VALUES (@v, @b::jsonb) ON CONFLICT (version) DO NOTHING", connection, tx);
            version.Parameters.AddWithValue("v", Rules.Version);
            version.Parameters.AddWithValue("b", Rules.ToJson());
            await version.ExecuteNonQueryAsync(cancellation);
        }

        if (_engine.Dirty.Count > 0)
        {
            var dirty = _engine.Dirty.ToList();
            await using var profiles = new NpgsqlCommand(
                """
                INSERT INTO compliance.profiles (account_id, state, updated_seq)
                SELECT * FROM unnest(@ids, @states, @seqs)
                ON CONFLICT (account_id) DO UPDATE SET state = excluded.state, updated_seq = excluded.updated_seq
                """,
                connection,
                tx);
            profiles.Parameters.AddWithValue("ids", dirty.Select(p => p.AccountId).ToArray());
            profiles.Parameters.Add(new NpgsqlParameter("states", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = dirty.Select(p => p.Serialize()).ToArray() });
            profiles.Parameters.AddWithValue("seqs", Enumerable.Repeat(position, dirty.Count).ToArray());
            await profiles.ExecuteNonQueryAsync(cancellation);
        }

        foreach (var alert in alerts)
        {
            await CaseStore.RecordAlertAsync(connection, tx, alert, Rules.TriageThreshold, _logger, cancellation);
        }

        foreach (var report in reports)
        {
            await using var ctr = new NpgsqlCommand(
                """
                INSERT INTO compliance.filings (kind, account_id, program_id, business_date, amount, cash_in, cash_out, evidence)
                VALUES ('ctr', @a, @p, @d, @amount, @in, @out, @e)
                ON CONFLICT (account_id, business_date) WHERE kind = 'ctr'
                DO UPDATE SET cash_in = excluded.cash_in, cash_out = excluded.cash_out, amount = excluded.amount, evidence = excluded.evidence
                WHERE compliance.filings.state = 'draft'
                """,
                connection,
                tx);
            ctr.Parameters.AddWithValue("a", report.AccountId);
            ctr.Parameters.AddWithValue("p", (object?)report.ProgramId ?? DBNull.Value);
            ctr.Parameters.AddWithValue("d", report.BusinessDate);
            ctr.Parameters.AddWithValue("amount", report.CashIn + report.CashOut);
            ctr.Parameters.AddWithValue("in", report.CashIn);
            ctr.Parameters.AddWithValue("out", report.CashOut);
            ctr.Parameters.AddWithValue("e", report.Evidence.ToArray());
            await ctr.ExecuteNonQueryAsync(cancellation);
        }

        await using (var stored = new NpgsqlCommand(
            """
            INSERT INTO compliance.consumer_position (consumer, seq, updated_at) VALUES (@c, @s, now())
            ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq, updated_at = now()
            """,
            connection,
            tx))
        {
            stored.Parameters.AddWithValue("c", _consumer);
            stored.Parameters.AddWithValue("s", position);
            await stored.ExecuteNonQueryAsync(cancellation);
        }

        await tx.CommitAsync(cancellation);
        _versionStored = true;
    }
}
