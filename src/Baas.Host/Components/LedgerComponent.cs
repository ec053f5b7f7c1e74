using System.Diagnostics.Metrics;
using Baas.Events;
using Baas.Events.Consumers;
using Baas.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baas.Host.Components;

/// <summary>Where the ledger component reads the log from and writes money to.</summary>
/// <param name="Pg">Npgsql connection string of the ledger's database.</param>
/// <param name="Redis">host:port of Redis (the relay's stream); null to tail the log files of an authorizer in this process.</param>
/// <param name="AdminKey">Resolves the administrator's bearer key for the ledger API.</param>
/// <param name="Consumer">The consumer (group and name) on the stream.</param>
internal sealed record LedgerSettings(string Pg, string? Redis, Func<string?> AdminKey, string Consumer = "ledger")
{
    /// <summary>The authorizer's management API when it runs in another process (reconciliation, adjustments); null when it runs in this one, or is not reachable.</summary>
    public string? AuthorizerUrl { get; init; }

    /// <summary>Time between periodic reconciliation runs; zero or less turns them off.</summary>
    public TimeSpan ReconcileEvery { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// The ledger as a component of <c>baas run</c>: migrations at start, a log consumer (Redis stream or the local
/// log) whose handler writes journal entries and its position in one PostgreSQL transaction, and the read API.
/// </summary>
internal static class LedgerComponent
{
    public static WebApplicationBuilder AddLedger(this WebApplicationBuilder builder, LedgerSettings settings)
    {
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.Pg));
        builder.Services.AddSingleton<LedgerService>();
        builder.Services.AddHostedService(s => s.GetRequiredService<LedgerService>());
        return builder;
    }

    /// <summary><c>GET /v1/ledger/accounts/{id}/balance</c> and <c>GET /v1/ledger/accounts/{id}/entries?cursor=&amp;limit=</c> (administrator key).</summary>
    public static WebApplication MapLedger(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<LedgerSettings>();
        var queries = new LedgerQueries(app.Services.GetRequiredService<NpgsqlDataSource>());
        var ledger = app.MapGroup("/v1/ledger");
        ledger.AddEndpointFilter(async (context, next) =>
            IsAdmin(context.HttpContext, settings.AdminKey()) ? await next(context) : Error(401, "the administrator's bearer key is required"));
        ledger.MapGet("/accounts/{id}/balance", async (string id, CancellationToken cancellation) =>
            await queries.GetBalanceAsync(id, cancellation) is { } balance ? Results.Json(balance, EventJson.Options) : Error(404, "no ledger account for this account (yet)"));
        ledger.MapGet("/accounts/{id}/entries", async (string id, string? cursor, string? limit, CancellationToken cancellation) =>
        {
            long? after = null;
            if (cursor is not null)
            {
                if (!long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) || c <= 0)
                {
                    return Error(400, "cursor must be the nextCursor of an earlier page");
                }

                after = c;
            }

            var size = 100;
            if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > LedgerQueries.MaxPageSize))
            {
                return Error(400, $"limit must be 1 to {LedgerQueries.MaxPageSize}");
            }

            return Results.Json(await queries.GetEntriesAsync(id, after, size, cancellation), EventJson.Options);
        });
        var service = app.Services.GetRequiredService<LedgerService>();
        var adjustments = new LedgerAdjustments(app.Services.GetRequiredService<NpgsqlDataSource>());
        ledger.MapPost("/adjustments", async (HttpContext http, CancellationToken cancellation) =>
        {
            var key = http.Request.Headers["Idempotency-Key"].ToString();
            if (key.Length is 0 or > LedgerAdjustments.MaxKeyLength || key.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                return Error(400, $"the Idempotency-Key header is required: 1 to {LedgerAdjustments.MaxKeyLength} characters, no spaces");
            }

            AdjustmentBody? body;
            try
            {
                body = await http.Request.ReadFromJsonAsync<AdjustmentBody>(EventJson.Options, cancellation);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException)
            {
                return Error(400, "the body must be JSON: {\"accountId\": \"...\", \"amount\": -500, \"reason\": \"...\"}");
            }

            if (body is null || string.IsNullOrWhiteSpace(body.AccountId))
            {
                return Error(400, "accountId is required");
            }

            if (body.Amount is not { } amount || amount == 0)
            {
                return Error(400, "amount is required: a non-zero integer in minor units, positive to credit the customer, negative to debit");
            }

            if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 500)
            {
                return Error(400, "reason is required (at most 500 characters)");
            }

            if (service.Authorizer is not { } authorizer)
            {
                return Error(503, "adjustments go through the authorizer: run the ledger beside it, or give it --authorizer-url");
            }

            try
            {
                var (adjustment, created) = await adjustments.ApplyAsync(new AdjustmentRequest(key, body.AccountId, amount, body.Reason.Trim(), "admin"), authorizer, cancellation);
                if (adjustment.EntryId is null && adjustment.Seq is { } seq && service.Consumer is { } consumer)
                {
                    // Usually in the ledger within a batch: answer with the journal entry when it comes quickly.
                    await consumer.WaitForAsync(seq, TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    adjustment = await adjustments.GetAsync(key, cancellation) ?? adjustment;
                }

                return Results.Json(AdjustmentView.Of(adjustment), EventJson.Options, statusCode: created ? 201 : 200);
            }
            catch (AdjustmentConflictException e)
            {
                return Error(409, e.Message);
            }
            catch (AuthorizerRefusedException e)
            {
                return Error(e.Status is >= 400 and < 500 ? e.Status : 502, e.Message);
            }
            catch (HttpRequestException e)
            {
                return Error(503, "the authorizer is not reachable: " + e.Message);
            }
        });
        ledger.MapGet("/adjustments/{key}", async (string key, CancellationToken cancellation) =>
            await adjustments.GetAsync(key, cancellation) is { } adjustment ? Results.Json(AdjustmentView.Of(adjustment), EventJson.Options) : Error(404, "no adjustment under this key"));
        var reconciler = new LedgerReconciler(app.Services.GetRequiredService<NpgsqlDataSource>(), settings.Consumer);
        ledger.MapGet("/reconciliations/latest", async (CancellationToken cancellation) =>
            await reconciler.LatestRunAsync(cancellation) is { } run ? Results.Json(run, EventJson.Options) : Error(404, "no reconciliation has run yet"));
        return app;
    }

    private static bool IsAdmin(HttpContext http, string? adminKey) => AdminKey.IsAdmin(http, adminKey);

    private static IResult Error(int status, string message) => AdminKey.Error(status, message);
}

/// <summary>The ledger's log handler: idempotent by sequence, position stored with the entries.</summary>
internal sealed class LedgerLogHandler(LedgerStore store, string consumer) : ILogHandler
{
    public Task<long> PositionAsync(CancellationToken cancellation) => store.PositionAsync(consumer, cancellation);

    public Task<long> HandleAsync(IReadOnlyList<LogRecord> records, CancellationToken cancellation) =>
        store.ApplyAsync(consumer, [.. records.Select(r => (r.Seq, r.Record))], cancellation);
}

/// <summary>
/// Migrates, then consumes the log into the ledger until the host stops; reconciles with the authorizer every
/// <see cref="LedgerSettings.ReconcileEvery"/> when it can reach one (in this process, or at <see cref="LedgerSettings.AuthorizerUrl"/>).
/// </summary>
internal sealed partial class LedgerService : IHostedService, IAsyncDisposable
{
    private readonly LedgerSettings _settings;
    private readonly NpgsqlDataSource _dataSource;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly IMeterFactory _meters;
    private readonly CancellationTokenSource _stop = new();
    private readonly Counter<long> _runs;
    private LogConsumer? _consumer;
    private Task? _refresh;
    private Task? _reconcile;
    private int _discrepancies;

    public LedgerService(LedgerSettings settings, NpgsqlDataSource dataSource, IServiceProvider services, ILoggerFactory loggers, IMeterFactory meters)
    {
        _settings = settings;
        _dataSource = dataSource;
        _services = services;
        _loggers = loggers;
        _logger = loggers.CreateLogger<LedgerService>();
        _meters = meters;
        var meter = meters.Create("Baas.Ledger");
        meter.CreateObservableGauge(
            "baas_reconciliation_discrepancies",
            () => Volatile.Read(ref _discrepancies),
            description: "Discrepancies found by the latest reconciliation run (periodic or baas ledger reconcile) between the authorizer and the ledger, and between program sub-ledgers and the master ledger.");
        _runs = meter.CreateCounter<long>("baas_reconciliation_runs", description: "Reconciliation runs of this process, by outcome (clean, discrepancies, failed).");
    }

    /// <summary>The running consumer (null before start).</summary>
    public LogConsumer? Consumer => _consumer;

    /// <summary>The authorizer the ledger reconciles with and adjusts through; null when it cannot reach one.</summary>
    public IAuthorizerClient? Authorizer { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await LedgerMigrator.MigrateAsync(_dataSource, _loggers.CreateLogger(typeof(LedgerMigrator)), cancellationToken);
        var store = new LedgerStore(_dataSource, _loggers.CreateLogger<LedgerStore>());
        var engine = _services.GetService<Authorizer.Engine.Engine>();
        Authorizer = engine is not null ? new EngineAuthorizerClient(engine)
            : !string.IsNullOrWhiteSpace(_settings.AuthorizerUrl) ? HttpAuthorizerClient.Create(_settings.AuthorizerUrl, _settings.AdminKey())
            : null;
        var source = ConsumerSources.Create(_settings.Redis, engine, _settings.Consumer)
            ?? throw new InvalidOperationException("the ledger needs --redis, or the authorizer in the same process");

        _consumer = new LogConsumer(source, new LedgerLogHandler(store, _settings.Consumer), new LogConsumerOptions { Name = _settings.Consumer }, _loggers.CreateLogger<LogConsumer>(), _meters);
        _consumer.Start();
        _refresh = Task.Run(() => RefreshDiscrepanciesAsync(_stop.Token), CancellationToken.None);
        if (Authorizer is not null && _settings.ReconcileEvery > TimeSpan.Zero)
        {
            _reconcile = Task.Run(() => ReconcilePeriodicallyAsync(Authorizer, _stop.Token), CancellationToken.None);
        }
    }

    /// <summary>
    /// Every <see cref="LedgerSettings.ReconcileEvery"/>: one reconciliation run (stored, logged, counted). A run
    /// that cannot finish (PostgreSQL or the authorizer away) is logged and counted as failed; the next one comes
    /// on schedule.
    /// </summary>
    private async Task ReconcilePeriodicallyAsync(IAuthorizerClient authorizer, CancellationToken cancellation)
    {
        var reconciler = new LedgerReconciler(_dataSource, _settings.Consumer);
        while (!cancellation.IsCancellationRequested)
        {
            await Task.Delay(_settings.ReconcileEvery, cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellation.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var result = await reconciler.RunAsync(authorizer, TimeSpan.FromSeconds(30), "periodic", cancellation);
                Volatile.Write(ref _discrepancies, result.Discrepancies.Count);
                _runs.Add(1, new KeyValuePair<string, object?>("outcome", result.Discrepancies.Count == 0 ? "clean" : "discrepancies"));
                var ms = (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (result.Discrepancies.Count == 0)
                {
                    LogReconciled(_logger, result.RunId, result.LogSeq, result.Accounts, result.Programs, ms);
                }
                else
                {
                    LogDiscrepancies(_logger, result.RunId, result.LogSeq, result.Discrepancies.Count, string.Join("; ", result.Discrepancies.Take(5).Select(d => $"{d.Subject} {d.Field}")));
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or HttpRequestException or AuthorizerRefusedException or OperationCanceledException)
            {
                _runs.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
                LogReconcileFailed(_logger, e.GetType().Name, e.Message);
            }
        }
    }

    /// <summary>The metric follows the latest reconciliation run, whoever ran it.</summary>
    private async Task RefreshDiscrepanciesAsync(CancellationToken cancellation)
    {
        var reconciler = new LedgerReconciler(_dataSource, _settings.Consumer);
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                Volatile.Write(ref _discrepancies, await reconciler.LatestDiscrepanciesAsync(cancellation));
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // PostgreSQL is away: the consumer reports that; the gauge keeps its last value.
            }

            await Task.Delay(TimeSpan.FromSeconds(15), cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var task in (Task?[])[_refresh, _reconcile])
        {
            if (task is not null)
            {
                await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        (_refresh, _reconcile) = (null, null);
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
            _consumer = null;
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Reconciliation run {RunId} at log {Seq}: {Accounts} accounts and {Programs} program ledgers agree ({Ms} ms)")]
    private static partial void LogReconciled(ILogger logger, long runId, long seq, int accounts, int programs, long ms);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Reconciliation run {RunId} at log {Seq}: {Count} discrepancies, first: {First}")]
    private static partial void LogDiscrepancies(ILogger logger, long runId, long seq, int count, string first);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Reconciliation run failed ({Kind}: {Reason}); the next one runs on schedule")]
    private static partial void LogReconcileFailed(ILogger logger, string kind, string reason);
}

/// <summary>The body of <c>POST /v1/ledger/adjustments</c>.</summary>
internal sealed record AdjustmentBody(string? AccountId, long? Amount, string? Reason);

/// <summary>An adjustment as the API shows it.</summary>
internal sealed record AdjustmentView(string Key, string AccountId, long Amount, string Reason, string RequestedBy, long? Seq, DateTimeOffset RequestedAt, long? EntryId, string Status)
{
    public static AdjustmentView Of(Adjustment a) => new(
        a.Key, a.AccountId, a.Amount, a.Reason, a.RequestedBy, a.Seq, a.RequestedAt, a.EntryId, a.EntryId is not null ? "posted" : a.Seq is not null ? "submitted" : "recorded");
}
