using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Baas.Authorizer.Engine;
using Baas.Compliance.Screening;
using Baas.Events.Consumers;
using Baas.Kyc;
using Baas.Kyc.Api;
using Baas.Kyc.Monitoring;
using Baas.Kyc.Providers;
using Baas.Kyc.Risk;
using Baas.Kyc.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baas.Host.Components;

/// <summary>What the KYC component needs.</summary>
/// <param name="Pg">Npgsql connection string of the KYC database.</param>
/// <param name="Redis">host:port of the relay's stream; null to tail the log of an authorizer in this process.</param>
/// <param name="AdminKey">Resolves the administrator's bearer key.</param>
/// <param name="KeyFile">The 32-byte key protecting identifiers (hex); created when absent.</param>
/// <param name="Consumer">The consumer (group and name) on the stream.</param>
internal sealed record KycSettings(string Pg, string? Redis, Func<string?> AdminKey, string KeyFile, string Consumer = "kyc")
{
    /// <summary>The authorizer's management API when it runs elsewhere; null when it runs in this process.</summary>
    public string? AuthorizerUrl { get; init; }

    /// <summary>The compliance API (screening) when compliance runs elsewhere; null when it runs in this process.</summary>
    public string? ComplianceUrl { get; init; }

    /// <summary>A KYC policy file; the built-in policy when null.</summary>
    public string? PolicyFile { get; init; }

    /// <summary>Webhook secrets per provider (<c>BAAS_KYC_WEBHOOK_SECRET_{PROVIDER}</c>).</summary>
    public IReadOnlyDictionary<string, string> WebhookSecrets { get; init; } = new Dictionary<string, string>();
}

/// <summary>KYC as a component of <c>baas run</c>: the customer API, provider webhooks, ongoing monitoring of the log and of compliance, and the authorizer kept in step.</summary>
internal static class KycComponent
{
    public static WebApplicationBuilder AddKyc(this WebApplicationBuilder builder, KycSettings settings)
    {
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<KycHostedService>();
        builder.Services.AddHostedService(s => s.GetRequiredService<KycHostedService>());
        return builder;
    }

    public static WebApplication MapKyc(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<KycSettings>();
        var hosted = app.Services.GetRequiredService<KycHostedService>();
        app.MapKyc(hosted.Service, http => AdminKey.IsAdmin(http, settings.AdminKey()));
        return app;
    }
}

/// <summary>Runs KYC: migrations, the service, the log consumer, and the loops (authorizer sync, compliance feed, sweeps).</summary>
internal sealed partial class KycHostedService : IHostedService, IAsyncDisposable
{
    private readonly KycSettings _settings;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly System.Diagnostics.Metrics.IMeterFactory _meters;
    private readonly CancellationTokenSource _stop = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly List<Task> _loops = [];
    private LogConsumer? _consumer;
    private IReadOnlyDictionary<string, long> _counts = new Dictionary<string, long>();

    public KycHostedService(KycSettings settings, IServiceProvider services, ILoggerFactory loggers, System.Diagnostics.Metrics.IMeterFactory meters)
    {
        _settings = settings;
        _services = services;
        _loggers = loggers;
        _logger = loggers.CreateLogger<KycHostedService>();
        _meters = meters;
        _dataSource = NpgsqlDataSource.Create(settings.Pg);
        var engine = services.GetService<Engine>();
        ICustomerAccounts? accounts = engine is not null ? new EngineAuthorizerClient(engine)
            : !string.IsNullOrWhiteSpace(settings.AuthorizerUrl) ? HttpAuthorizerClient.Create(settings.AuthorizerUrl, settings.AdminKey())
            : null;
        ISanctionsCheck? sanctions = services.GetService<ScreeningService>() is { } screening ? new ScreeningSanctionsCheck(screening, () => services.GetService<ComplianceService>()?.Subjects)
            : !string.IsNullOrWhiteSpace(settings.ComplianceUrl) ? HttpSanctionsCheck.Create(settings.ComplianceUrl, settings.AdminKey())
            : null;
        var time = services.GetService<TimeProvider>();
        Service = new KycService(
            new KycStore(_dataSource, time),
            IdentityProtector.FromFile(settings.KeyFile),
            ProviderRegistry.Default(settings.WebhookSecrets),
            sanctions,
            accounts,
            settings.PolicyFile is null ? KycPolicy.Default : KycPolicy.Load(settings.PolicyFile),
            loggers.CreateLogger<KycService>());
        var meter = meters.Create(new System.Diagnostics.Metrics.MeterOptions("Baas.Kyc"));
        meter.CreateObservableGauge(
            "baas_kyc_customers",
            () => _counts.Select(c => new System.Diagnostics.Metrics.Measurement<long>(c.Value, new KeyValuePair<string, object?>("state", c.Key))),
            description: "KYC customers by state.");
    }

    public KycService Service { get; }

    public LogConsumer? Consumer => _consumer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await KycMigrator.MigrateAsync(_dataSource, _loggers.CreateLogger(typeof(KycMigrator)), cancellationToken);
        if (ConsumerSources.Create(_settings.Redis, _services.GetService<Engine>(), _settings.Consumer) is { } source)
        {
            _consumer = new LogConsumer(source, new KycMonitoringHandler(Service, _settings.Consumer), new LogConsumerOptions { Name = _settings.Consumer }, _loggers.CreateLogger<LogConsumer>(), _meters);
            _consumer.Start();
        }

        var feed = new ComplianceFeed(Service);
        _loops.Add(Loop("authorizer sync", TimeSpan.FromSeconds(1), Service.SyncAccountsAsync, null));
        _loops.Add(Loop("compliance feed", TimeSpan.FromSeconds(2), feed.PollAsync, null));
        _loops.Add(Loop("sweep", TimeSpan.FromSeconds(10), Service.SweepAsync, null));
        _loops.Add(Loop("counts", TimeSpan.FromSeconds(5), async c => { _counts = await Service.Store.CountByStateAsync(c); return 0; }, null));
        var providers = string.Join(", ", ProviderRegistry.Default(_settings.WebhookSecrets).Names);
        LogStarted(_logger, Service.Policy.Version, providers);
    }

    private Task Loop(string name, TimeSpan every, Func<CancellationToken, Task<int>> work, SemaphoreSlim? signal) =>
        PeriodicLoop.Start("KYC", name, every, work, signal, e => e is NpgsqlException or HttpRequestException or IOException or TimeoutException or KycException or InvalidOperationException, _logger, _stop.Token);

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var loop in _loops)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _loops.Clear();
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
            _consumer = null;
        }
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "KYC running: policy {Version}, providers {Providers}")]
    private static partial void LogStarted(ILogger logger, string version, string providers);

}

/// <summary>Screening by a compliance component in another process, over its API with the administrator's key.</summary>
internal sealed class HttpSanctionsCheck(HttpClient http) : ISanctionsCheck
{
    public static HttpSanctionsCheck Create(string baseAddress, string? adminKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminKey ?? "");
        return new HttpSanctionsCheck(client);
    }

    public async Task<SanctionsOutcome> ScreenAsync(string fullName, DateOnly dateOfBirth, string country, CancellationToken cancellation)
    {
        using var response = await http.PostAsJsonAsync(
            new Uri("/v1/screening", UriKind.Relative),
            new { name = fullName, type = "individual", dob = dateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), country },
            cancellation);
        var body = await response.Content.ReadAsStringAsync(cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"compliance screening answered {(int)response.StatusCode}: {body}");
        }

        using var doc = JsonDocument.Parse(body);
        var hits = doc.RootElement.GetProperty("hits").EnumerateArray()
            .Select(h => new SanctionsFinding(h.GetProperty("list").GetString()!, h.GetProperty("entryId").GetString()!, h.GetProperty("name").GetString()!, h.GetProperty("score").GetDouble()))
            .ToList();
        return new SanctionsOutcome(doc.RootElement.GetProperty("listVersion").GetString()!, hits, []);
    }

    public async Task RegisterAsync(string customerId, string? accountId, string fullName, DateOnly dateOfBirth, string country, bool active, CancellationToken cancellation)
    {
        using var response = await http.PutAsJsonAsync(
            new Uri($"/v1/screening/subjects/{Uri.EscapeDataString(customerId)}", UriKind.Relative),
            new { kind = "customer", accountId, name = fullName, type = "individual", dob = dateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), country, active },
            cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"compliance answered {(int)response.StatusCode} registering the customer for re-screening");
        }
    }
}
