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
internal sealed class LedgerService(LedgerSettings settings, NpgsqlDataSource dataSource, IServiceProvider services, ILoggerFactory loggers, IMeterFactory meters) : IHostedService, IAsyncDisposable
{
    private LogConsumer? _consumer;

    /// <summary>The running consumer (null before start).</summary>
    public LogConsumer? Consumer => _consumer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await LedgerMigrator.MigrateAsync(dataSource, loggers.CreateLogger(typeof(LedgerMigrator)), cancellationToken);
        var store = new LedgerStore(dataSource, loggers.CreateLogger<LedgerStore>());
        ILogSource source;
        if (!string.IsNullOrWhiteSpace(settings.Redis))
        {
            source = new RedisLogSource(new RedisClient(new RedisClientOptions { EndPoint = settings.Redis, ClientName = "baas-ledger" }), settings.Consumer, settings.Consumer);
        }
        else
        {
            var engine = services.GetService<Authorizer.Engine.Engine>()
                ?? throw new InvalidOperationException("the ledger needs --redis, or the authorizer in the same process");
            source = new LocalLogSource(engine.LogDirectory, () => engine.CommittedSeq);
        }

        _consumer = new LogConsumer(source, new LedgerLogHandler(store, settings.Consumer), new LogConsumerOptions { Name = settings.Consumer }, loggers.CreateLogger<LogConsumer>(), meters);
        _consumer.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
            _consumer = null;
        }
    }
}
