using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using Baas.Authorizer.Engine;
using Baas.Compliance.Cases;
using Baas.Compliance.Monitoring;
using Baas.Compliance.Screening;
using Baas.Events;
using Baas.Events.Consumers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baas.Host.Components;

/// <summary>What the compliance component needs.</summary>
/// <param name="Pg">Npgsql connection string of the compliance database; null runs screening only.</param>
/// <param name="Redis">host:port of the relay's stream; null to tail the log of an authorizer in this process.</param>
/// <param name="Sanctions">Directory of sanctions lists; null runs without screening.</param>
/// <param name="AdminKey">Resolves the administrator's bearer key.</param>
/// <param name="Consumer">The consumer (group and name) on the stream.</param>
internal sealed record ComplianceSettings(string? Pg, string? Redis, string? Sanctions, Func<string?> AdminKey, string Consumer = "compliance")
{
    /// <summary>A rule set file; the built-in rules when null.</summary>
    public string? RulesFile { get; init; }

    /// <summary>The authorizer's management API when it runs elsewhere (restrictions); null when it runs in this process.</summary>
    public string? AuthorizerUrl { get; init; }

    /// <summary>Where filed SAR and CTR batches are written (the BSA E-Filing upload directory); null keeps them in the database only.</summary>
    public string? FilingsDirectory { get; init; }

    /// <summary>The filing institution and transmitter (JSON); the sample filer when null.</summary>
    public string? FilerFile { get; init; }
}

/// <summary>
/// Compliance as a component of <c>baas run</c>: sanctions screening (<c>POST /v1/screening</c>, subjects that are
/// re-screened when a list version changes), transaction monitoring of the authorization log, cases with the SAR
/// clock, filings, and restrictions that reach the authorizer.
/// </summary>
internal static class ComplianceComponent
{
    public static WebApplicationBuilder AddCompliance(this WebApplicationBuilder builder, ComplianceSettings settings)
    {
        builder.Services.AddSingleton(settings);
        if (settings.Sanctions is not null)
        {
            builder.Services.AddScreening(settings.Sanctions);
        }

        builder.Services.AddSingleton<ComplianceService>();
        builder.Services.AddHostedService(s => s.GetRequiredService<ComplianceService>());
        return builder;
    }

    public static WebApplication MapCompliance(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ComplianceSettings>();
        var service = app.Services.GetRequiredService<ComplianceService>();
        if (settings.Sanctions is not null)
        {
            // Screening answers callers with the administrator's key (KYC, payments, analysts), like the rest of the API.
            app.MapScreening().AddEndpointFilter(async (context, next) =>
                IsAdmin(context.HttpContext, settings.AdminKey()) ? await next(context) : Error(401, "the administrator's bearer key is required"));
        }

        var v1 = app.MapGroup("/v1");
        v1.AddEndpointFilter(async (context, next) =>
        {
            var path = context.HttpContext.Request.Path.Value ?? "";
            var ours = path.StartsWith("/v1/cases", StringComparison.Ordinal) || path.StartsWith("/v1/compliance", StringComparison.Ordinal) || path.StartsWith("/v1/screening/subjects", StringComparison.Ordinal);
            return !ours || IsAdmin(context.HttpContext, settings.AdminKey()) ? await next(context) : Error(401, "the administrator's bearer key is required");
        });

        v1.MapGet("/compliance/rules", () => service.Rules is { } rules ? Results.Text(rules.ToJson(), "application/json") : Error(503, "monitoring is not running (no --pg)"));
        v1.MapGet("/compliance/alerts", async (string? accountId, string? rule, string? status, string? cursor, string? limit, CancellationToken cancellation) =>
        {
            if (service.Cases is not { } cases)
            {
                return Error(503, "monitoring is not running (no --pg)");
            }

            if (!Page(cursor, limit, out var before, out var size, out var problem))
            {
                return problem!;
            }

            var alerts = await cases.AlertsAsync(accountId, rule, status, before, size, cancellation);
            return Results.Json(new { alerts, nextCursor = alerts.Count == size ? alerts[^1].Id.ToString(CultureInfo.InvariantCulture) : null }, EventJson.Options);
        });
        v1.MapGet("/cases", async (string? state, string? accountId, string? due, string? cursor, string? limit, CancellationToken cancellation) =>
        {
            if (service.Cases is not { } cases)
            {
                return Error(503, "monitoring is not running (no --pg)");
            }

            if (state is not null && !CaseStore.Transitions.ContainsKey(state))
            {
                return Error(400, $"state must be one of {string.Join(", ", CaseStore.Transitions.Keys)}");
            }

            if (!Page(cursor, limit, out var before, out var size, out var problem))
            {
                return problem!;
            }

            return await Guard(async () =>
            {
                var list = await cases.ListAsync(state, accountId, due, before, size, cancellation);
                return Results.Json(new { cases = list, nextCursor = list.Count == size ? list[^1].Id.ToString(CultureInfo.InvariantCulture) : null }, EventJson.Options);
            });
        });
        v1.MapGet("/cases/{id:long}", async (long id, CancellationToken cancellation) =>
            service.Cases is not { } cases ? Error(503, "monitoring is not running (no --pg)")
            : await cases.GetAsync(id, cancellation) is { } detail ? Results.Json(detail, EventJson.Options)
            : Error(404, "no such case"));
        v1.MapPost("/cases/{id:long}/transition", (long id, HttpContext http, CancellationToken cancellation) => WithBody<TransitionBody>(http, async body =>
        {
            if (string.IsNullOrWhiteSpace(body.To))
            {
                return Error(400, "to is required: investigating or closed");
            }

            var cases = service.Cases!;
            if (body.Disposition == "account_restricted" && body.To == "closed")
            {
                // The restriction reaches the authorizer before the case says it did.
                var current = await cases.GetAsync(id, cancellation) ?? throw new CaseException(404, "no such case");
                await service.RestrictAsync(id, current.Case.AccountId, body.CustomerStatus ?? "restricted", body.Reason ?? "compliance case " + id, Actor(body.Actor), cancellation);
            }

            return Results.Json(await cases.TransitionAsync(id, body.To, body.Disposition, Actor(body.Actor), body.Reason, body.ContinuingActivity ?? false, cancellation), EventJson.Options);
        }));
        v1.MapPost("/cases/{id:long}/assign", (long id, HttpContext http, CancellationToken cancellation) => WithBody<AssignBody>(http, async body =>
            Results.Json(await service.Cases!.AssignAsync(id, string.IsNullOrWhiteSpace(body.Assignee) ? null : body.Assignee.Trim(), Actor(body.Actor), cancellation), EventJson.Options)));
        v1.MapPost("/cases/{id:long}/notes", (long id, HttpContext http, CancellationToken cancellation) => WithBody<NoteBody>(http, async body =>
            string.IsNullOrWhiteSpace(body.Text) || body.Text.Length > 4000 ? Error(400, "text is required (at most 4000 characters)")
            : Results.Json(await service.Cases!.NoteAsync(id, body.Text.Trim(), Actor(body.Author), cancellation), EventJson.Options)));
        v1.MapPost("/cases/{id:long}/suspect", (long id, HttpContext http, CancellationToken cancellation) => WithBody<SuspectBody>(http, async body =>
            body.Identified is not { } identified ? Error(400, "identified is required (true or false)")
            : Results.Json(await service.Cases!.SetSuspectAsync(id, identified, Actor(body.Actor), cancellation), EventJson.Options)));
        v1.MapPost("/cases/{id:long}/restrict", (long id, HttpContext http, CancellationToken cancellation) => WithBody<RestrictBody>(http, async body =>
        {
            var status = body.CustomerStatus ?? "restricted";
            if (status is not ("restricted" or "suspended" or "ok"))
            {
                return Error(400, "customerStatus must be restricted (cards decline 57), suspended (62) or ok (reinstate)");
            }

            var current = await service.Cases!.GetAsync(id, cancellation) ?? throw new CaseException(404, "no such case");
            return Results.Json(await service.RestrictAsync(id, current.Case.AccountId, status, body.Reason ?? "compliance case " + id, Actor(body.Actor), cancellation), EventJson.Options);
        }));

        v1.MapPost("/cases/{id:long}/sar", (long id, HttpContext http, CancellationToken cancellation) => WithBody<SarBody>(http, async body =>
        {
            if (body.Narrative is { Length: > 20_000 })
            {
                return Error(400, "narrative is at most 20,000 characters");
            }

            return Results.Json(await service.Filings!.DraftSarAsync(id, body.Narrative, cancellation), EventJson.Options, statusCode: 201);
        }));
        v1.MapGet("/compliance/filings", async (string? kind, string? state, string? limit, CancellationToken cancellation) =>
        {
            if (service.Filings is not { } filings)
            {
                return Error(503, "monitoring is not running (no --pg)");
            }

            if (kind is not (null or "sar" or "ctr") || state is not (null or "draft" or "filed" or "acknowledged" or "rejected"))
            {
                return Error(400, "kind is sar or ctr; state is draft, filed, acknowledged or rejected");
            }

            if (!Page(null, limit, out _, out var size, out var problem))
            {
                return problem!;
            }

            return Results.Json(new { filings = await filings.ListAsync(kind, state, size, cancellation) }, EventJson.Options);
        });
        v1.MapGet("/compliance/filings/{id:long}", async (long id, CancellationToken cancellation) =>
            service.Filings is not { } filings ? Error(503, "monitoring is not running (no --pg)")
            : await filings.GetAsync(id, cancellation) is { } filing ? Results.Json(filing, EventJson.Options)
            : Error(404, "no such filing"));
        v1.MapPost("/compliance/filings/{id:long}/file", (long id, HttpContext http, CancellationToken cancellation) => WithBody<ActorBody>(http, async body =>
            Results.Json(await service.Filings!.FileAsync(id, Actor(body.Actor), cancellation), EventJson.Options)));
        v1.MapPost("/compliance/filings/{id:long}/acknowledgement", async (long id, HttpContext http, CancellationToken cancellation) =>
            service.Filings is not { } filings ? Error(503, "monitoring is not running (no --pg)")
            : await Guard(async () => Results.Json(await filings.AcknowledgeAsync(id, http.Request.Body, cancellation), EventJson.Options)));

        v1.MapPut("/screening/subjects/{id}", (string id, HttpContext http, CancellationToken cancellation) => WithBody<SubjectBody>(http, async body =>
        {
            if (service.Subjects is not { } subjects)
            {
                return Error(503, "subject screening needs --sanctions and --pg");
            }

            if (id.Length > 64 || body.Kind is not ("customer" or "counterparty") || string.IsNullOrWhiteSpace(body.Name))
            {
                return Error(400, "kind (customer or counterparty) and name are required; the id is at most 64 characters");
            }

            try
            {
                var result = await subjects.UpsertAsync(new ScreeningSubject(id, body.Kind, body.AccountId, body.Name, body.Type, body.Dob, body.Country, body.Ids ?? [], body.Active ?? true), cancellation);
                return Results.Json(
                    new
                    {
                        result.SubjectId,
                        result.ListVersion,
                        hits = result.Hits.Select(h => new { h.EntryId, h.List, h.Name, matchedName = h.MatchedName.Text, h.Score, h.Reasons }),
                        newHits = result.NewHits.Select(h => h.EntryId),
                    },
                    EventJson.Options);
            }
            catch (ArgumentException e)
            {
                return Error(400, e.Message);
            }
        }));
        v1.MapGet("/screening/subjects/{id}", async (string id, CancellationToken cancellation) =>
            service.Subjects is not { } subjects ? Error(503, "subject screening needs --sanctions and --pg")
            : await subjects.GetAsync(id, cancellation) is { } found ? Results.Json(new { found.Subject, found.ListVersion, found.Hits, found.ScreenedAt }, EventJson.Options)
            : Error(404, "no such subject"));
        v1.MapPost("/screening/rescreen", async (CancellationToken cancellation) =>
        {
            if (service.Subjects is not { } subjects)
            {
                return Error(503, "subject screening needs --sanctions and --pg");
            }

            var (screened, newHits) = await subjects.RescreenAllAsync(cancellation);
            return Results.Json(new { screened, newHits }, EventJson.Options);
        });
        return app;

        async Task<IResult> WithBody<T>(HttpContext http, Func<T, Task<IResult>> handle)
            where T : class
        {
            if (service.Cases is null)
            {
                return Error(503, "monitoring is not running (no --pg)");
            }

            T? body;
            try
            {
                body = await http.Request.ReadFromJsonAsync<T>(EventJson.Options, http.RequestAborted);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException)
            {
                return Error(400, "the body must be a JSON object: " + e.Message);
            }

            return body is null ? Error(400, "a JSON body is required") : await Guard(() => handle(body));
        }
    }

    private static async Task<IResult> Guard(Func<Task<IResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (CaseException e)
        {
            return Error(e.Status, e.Message);
        }
    }

    private static bool Page(string? cursor, string? limit, out long? before, out int size, out IResult? problem)
    {
        (before, size, problem) = (null, 100, null);
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c <= 0)
            {
                problem = Error(400, "cursor must be the nextCursor of an earlier page");
                return false;
            }

            before = c;
        }

        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 1000))
        {
            problem = Error(400, "limit must be 1 to 1000");
            return false;
        }

        return true;
    }

    private static string Actor(string? actor) => string.IsNullOrWhiteSpace(actor) ? "admin" : actor.Trim()[..Math.Min(64, actor.Trim().Length)];

    private static bool IsAdmin(HttpContext http, string? adminKey) => AdminKey.IsAdmin(http, adminKey);

    private static IResult Error(int status, string message) => AdminKey.Error(status, message);

    private sealed record TransitionBody(string? To, string? Disposition, string? Reason, string? Actor, bool? ContinuingActivity, string? CustomerStatus);

    private sealed record AssignBody(string? Assignee, string? Actor);

    private sealed record NoteBody(string? Text, string? Author);

    private sealed record SuspectBody(bool? Identified, string? Actor);

    private sealed record RestrictBody(string? CustomerStatus, string? Reason, string? Actor);

    private sealed record SarBody(string? Narrative);

    private sealed record ActorBody(string? Actor);

    private sealed record SubjectBody(string? Kind, string? AccountId, string? Name, string? Type, string? Dob, string? Country, IReadOnlyList<string>? Ids, bool? Active);
}

/// <summary>
/// Migrates the compliance schema, runs transaction monitoring over the log, re-screens subjects when a sanctions
/// list version changes, and keeps the case and SAR-clock gauges.
/// </summary>
internal sealed partial class ComplianceService : IHostedService, IAsyncDisposable
{
    private readonly ComplianceSettings _settings;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly IMeterFactory _meters;
    private readonly CancellationTokenSource _stop = new();
    private NpgsqlDataSource? _dataSource;
    private LogConsumer? _consumer;
    private Task? _clock;
    private (long Overdue, long DueSoon, long ReviewDue, long Open) _counts;
    private ScreeningService? _screening;

    public ComplianceService(ComplianceSettings settings, IServiceProvider services, ILoggerFactory loggers, IMeterFactory meters)
    {
        _settings = settings;
        _services = services;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ComplianceService>();
        _meters = meters;
        var meter = meters.Create("Baas.Compliance.Cases");
        meter.CreateObservableGauge(
            "baas_compliance_sar_cases",
            () => new Measurement<long>[]
            {
                new(_counts.Overdue, new KeyValuePair<string, object?>("status", "overdue")),
                new(_counts.DueSoon, new KeyValuePair<string, object?>("status", "due_soon")),
                new(_counts.ReviewDue, new KeyValuePair<string, object?>("status", "review_due")),
            },
            description: "Cases whose SAR is overdue, due within 7 days, or whose continuing-activity review is due.");
        meter.CreateObservableGauge("baas_compliance_open_cases", () => _counts.Open, description: "Cases not closed.");
    }

    public RuleSet? Rules { get; private set; }

    public CaseStore? Cases { get; private set; }

    public SubjectScreening? Subjects { get; private set; }

    public FilingStore? Filings { get; private set; }

    public IAccountActions? Actions { get; private set; }

    public LogConsumer? Consumer => _consumer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _screening = _services.GetService<ScreeningService>();
        if (_settings.Pg is null)
        {
            LogScreeningOnly(_logger);
            return;
        }

        _dataSource = NpgsqlDataSource.Create(_settings.Pg);
        await ComplianceMigrator.MigrateAsync(_dataSource, _loggers.CreateLogger(typeof(ComplianceMigrator)), cancellationToken);
        Rules = _settings.RulesFile is null ? RuleSet.Default : RuleSet.Load(_settings.RulesFile);
        Cases = new CaseStore(_dataSource, _services.GetService<TimeProvider>());
        Filings = new FilingStore(_dataSource, _settings.FilerFile is null ? FilerProfile.Sample : FilerProfile.Load(_settings.FilerFile), _settings.FilingsDirectory, _services.GetService<TimeProvider>());
        var engine = _services.GetService<Engine>();
        Actions = engine is not null ? new EngineAuthorizerClient(engine)
            : !string.IsNullOrWhiteSpace(_settings.AuthorizerUrl) ? HttpAuthorizerClient.Create(_settings.AuthorizerUrl, _settings.AdminKey())
            : null;
        if (_screening is not null)
        {
            Subjects = new SubjectScreening(_dataSource, _screening, _loggers.CreateLogger<SubjectScreening>());
            _screening.Provider.Changed += OnListChanged;
        }

        if (ConsumerSources.Create(_settings.Redis, engine, _settings.Consumer) is { } source)
        {
            var handler = new MonitoringHandler(_dataSource, Rules, _settings.Consumer, _loggers.CreateLogger<MonitoringHandler>(), _meters);
            _consumer = new LogConsumer(source, handler, new LogConsumerOptions { Name = _settings.Consumer }, _loggers.CreateLogger<LogConsumer>(), _meters);
            _consumer.Start();
            var enabled = Rules.Rules.Count(r => r.Enabled);
            LogMonitoring(_logger, Rules.Version, enabled, Rules.TriageThreshold);
        }
        else
        {
            LogNoLog(_logger);
        }

        _clock = Task.Run(() => RefreshClockAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Applies a restriction through the authorizer, then records it on the case.</summary>
    public async Task<CaseView> RestrictAsync(long caseId, string accountId, string status, string reason, string actor, CancellationToken cancellation)
    {
        if (Actions is null)
        {
            throw new CaseException(503, "restrictions go through the authorizer: run compliance beside it, or give it --authorizer-url");
        }

        await Actions.SetCustomerStatusAsync(accountId, status, reason, cancellation);
        var declines = status switch { "restricted" => " (cards decline with 57)", "suspended" => " (cards decline with 62)", _ => "" };
        return await Cases!.ActionAsync(caseId, $"account {accountId} customer status set to {status}{declines}: {reason}", actor, cancellation);
    }

    private void OnListChanged(object? sender, SanctionsListChangedEventArgs e)
    {
        if (e.Previous is null || Subjects is not { } subjects)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await subjects.RescreenAllAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                LogRescreenFailed(_logger, ex.Message);
            }
        });
    }

    private async Task RefreshClockAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                _counts = await Cases!.ClockAsync(cancellation);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // PostgreSQL away: the gauges keep their last values; the consumer reports the outage.
            }

            await Task.Delay(TimeSpan.FromSeconds(10), cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_screening is not null)
        {
            _screening.Provider.Changed -= OnListChanged;
        }

        if (_clock is not null)
        {
            await _clock.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _clock = null;
        }

        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
            _consumer = null;
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
            _dataSource = null;
        }
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Compliance without --pg: sanctions screening only (no monitoring, cases or filings)")]
    private static partial void LogScreeningOnly(ILogger logger);

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Transaction monitoring on: rule set {Version}, {Rules} rules, triage threshold {Threshold}")]
    private static partial void LogMonitoring(ILogger logger, string version, int rules, int threshold);

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning, Message = "Compliance has no authorization log to monitor: give it --redis, or run it beside the authorizer")]
    private static partial void LogNoLog(ILogger logger);

    [LoggerMessage(EventId = 63, Level = LogLevel.Warning, Message = "Re-screening after a list change failed: {Reason}")]
    private static partial void LogRescreenFailed(ILogger logger, string reason);
}
