using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Baas.Events;
using Baas.Events.Consumers;
using Baas.Ledger;
using Baas.Redis;
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
internal sealed record LedgerSettings(string Pg, string? Redis, Func<string?> AdminKey, string Consumer = "ledger");

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
        return app;
    }

    private static bool IsAdmin(HttpContext http, string? adminKey)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(adminKey) || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(adminKey));
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, EventJson.Options, statusCode: status);
}

/// <summary>The ledger's log handler: idempotent by sequence, position stored with the entries.</summary>
internal sealed class LedgerLogHandler(LedgerStore store, string consumer) : ILogHandler
{
    public Task<long> PositionAsync(CancellationToken cancellation) => store.PositionAsync(consumer, cancellation);

    public Task<long> HandleAsync(IReadOnlyList<LogRecord> records, CancellationToken cancellation) =>
        store.ApplyAsync(consumer, [.. records.Select(r => (r.Seq, r.Record))], cancellation);
}

/// <summary>Migrates, then consumes the log into the ledger until the host stops.</summary>
internal sealed class LedgerService : IHostedService, IAsyncDisposable
{
    private readonly LedgerSettings _settings;
    private readonly NpgsqlDataSource _dataSource;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly IMeterFactory _meters;
    private readonly CancellationTokenSource _stop = new();
    private LogConsumer? _consumer;
    private Task? _refresh;
    private int _discrepancies;

    public LedgerService(LedgerSettings settings, NpgsqlDataSource dataSource, IServiceProvider services, ILoggerFactory loggers, IMeterFactory meters)
    {
        _settings = settings;
        _dataSource = dataSource;
        _services = services;
        _loggers = loggers;
        _meters = meters;
        meters.Create("Baas.Ledger").CreateObservableGauge(
            "baas_reconciliation_discrepancies",
            () => Volatile.Read(ref _discrepancies),
            description: "Discrepancies found by the latest reconciliation run (baas ledger reconcile) between the authorizer and the ledger.");
    }

    /// <summary>The running consumer (null before start).</summary>
    public LogConsumer? Consumer => _consumer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await LedgerMigrator.MigrateAsync(_dataSource, _loggers.CreateLogger(typeof(LedgerMigrator)), cancellationToken);
        var store = new LedgerStore(_dataSource, _loggers.CreateLogger<LedgerStore>());
        ILogSource source;
        if (!string.IsNullOrWhiteSpace(_settings.Redis))
        {
            source = new RedisLogSource(new RedisClient(new RedisClientOptions { EndPoint = _settings.Redis, ClientName = "baas-ledger" }), _settings.Consumer, _settings.Consumer);
        }
        else
        {
            var engine = _services.GetService<Authorizer.Engine.Engine>()
                ?? throw new InvalidOperationException("the ledger needs --redis, or the authorizer in the same process");
            source = new LocalLogSource(engine.LogDirectory, () => engine.CommittedSeq);
        }

        _consumer = new LogConsumer(source, new LedgerLogHandler(store, _settings.Consumer), new LogConsumerOptions { Name = _settings.Consumer }, _loggers.CreateLogger<LogConsumer>(), _meters);
        _consumer.Start();
        _refresh = Task.Run(() => RefreshDiscrepanciesAsync(_stop.Token), CancellationToken.None);
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
        if (_refresh is not null)
        {
            await _refresh.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _refresh = null;
        }

        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
            _consumer = null;
        }
    }
}
