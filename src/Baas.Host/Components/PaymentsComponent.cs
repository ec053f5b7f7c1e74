using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Baas.Authorizer.Engine;
using Baas.Compliance.Screening;
using Baas.Compliance.Screening.Http;
using Baas.Payments;
using Baas.Payments.Ach;
using Baas.Payments.Api;
using Baas.Payments.Bank;
using Baas.Payments.Calendar;
using Baas.Payments.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baas.Host.Components;

/// <summary>What the payments component needs.</summary>
/// <param name="Pg">Npgsql connection string of the payments database.</param>
/// <param name="AdminKey">Resolves the administrator's bearer key.</param>
/// <param name="Outbox">Where outbound files and messages are written (NACHA <c>*.ach</c>, ISO 20022 <c>*.xml</c>).</param>
/// <param name="Inbox">Where the sponsor bank's files arrive.</param>
internal sealed record PaymentsSettings(string Pg, Func<string?> AdminKey, string Outbox, string Inbox)
{
    /// <summary>The authorizer's management API when it runs elsewhere.</summary>
    public string? AuthorizerUrl { get; init; }

    /// <summary>The compliance API (counterparty screening) when compliance runs elsewhere.</summary>
    public string? ComplianceUrl { get; init; }

    /// <summary>A rail policy file; the built-in one when null.</summary>
    public string? RailsFile { get; init; }

    /// <summary>Run the sponsor-bank simulator in this process.</summary>
    public bool BankSimulator { get; init; }

    /// <summary>The simulator's settlement delay.</summary>
    public TimeSpan SettleAfter { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>Payments as a component of <c>baas run</c>: the API, the dispatcher, the inbox, the money operations, and optionally the sponsor-bank simulator.</summary>
internal static class PaymentsComponent
{
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder, PaymentsSettings settings)
    {
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<PaymentsHostedService>();
        builder.Services.AddHostedService(s => s.GetRequiredService<PaymentsHostedService>());
        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<PaymentsSettings>();
        var hosted = app.Services.GetRequiredService<PaymentsHostedService>();
        Func<HttpContext, bool> admin = http => AdminKey.IsAdmin(http, settings.AdminKey());
        app.MapPayments(hosted.Service, hosted.Dispatcher, admin);
        if (hosted.Simulator is { } simulator)
        {
            // The simulator originates inbound payroll credits to our customers (the demo's direct deposits).
            app.MapPost("/v1/bank-sim/deposits", async (HttpContext http) =>
            {
                if (!admin(http))
                {
                    return AdminKey.Error(401, "the administrator's bearer key is required");
                }

                var body = await JsonSerializer.DeserializeAsync<DepositBody>(http.Request.Body, PaymentService.Json, http.RequestAborted);
                if (body?.Employer is not { Length: > 0 } employer || body.Credits is not { Count: > 0 } credits || credits.Any(c => c.Amount <= 0 || string.IsNullOrEmpty(c.AccountId)))
                {
                    return AdminKey.Error(400, "employer and credits [{accountId, amount, name}] with positive amounts are required");
                }

                var lines = new List<(string, long, string)>();
                foreach (var c in credits)
                {
                    lines.Add((await hosted.Service.AccountNumberAsync(c.AccountId!, http.RequestAborted), c.Amount, c.Name ?? "CUSTOMER"));
                }

                return Results.Json(new { file = simulator.Deposit(employer, lines) }, PaymentService.Json, statusCode: 202);
            });
        }

        return app;
    }

    private sealed record DepositBody(string? Employer, List<DepositCredit>? Credits);

    private sealed record DepositCredit(string? AccountId, long Amount, string? Name);
}

/// <summary>Runs payments: migrations, then the loops (money operations, dispatcher, inbox, and the simulator when asked).</summary>
internal sealed partial class PaymentsHostedService : IHostedService, IAsyncDisposable
{
    private readonly PaymentsSettings _settings;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly PaymentInbox _inbox;

    private IReadOnlyDictionary<string, long> _counts = new Dictionary<string, long>();

    public PaymentsHostedService(PaymentsSettings settings, IServiceProvider services, ILoggerFactory loggers, System.Diagnostics.Metrics.IMeterFactory meters)
    {
        var meter = meters.Create(new System.Diagnostics.Metrics.MeterOptions("Baas.Payments"));
        meter.CreateObservableGauge(
            "baas_payments",
            () => _counts.Select(c => new System.Diagnostics.Metrics.Measurement<long>(c.Value, new KeyValuePair<string, object?>("state", c.Key))),
            description: "Payments by state.");
        _settings = settings;
        _loggers = loggers;
        _logger = loggers.CreateLogger<PaymentsHostedService>();
        _dataSource = NpgsqlDataSource.Create(settings.Pg);
        var engine = services.GetService<Engine>();
        IPaymentAccounts? accounts = engine is not null ? new EngineAuthorizerClient(engine)
            : !string.IsNullOrWhiteSpace(settings.AuthorizerUrl) ? HttpAuthorizerClient.Create(settings.AuthorizerUrl, settings.AdminKey())
            : null;
        ICounterpartyScreening? screening = services.GetService<ScreeningService>() is { } s ? new ScreeningCounterparties(s)
            : !string.IsNullOrWhiteSpace(settings.ComplianceUrl) ? HttpCounterpartyScreening.Create(settings.ComplianceUrl, settings.AdminKey())
            : null;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var calendar = BusinessCalendar.FederalReserve;
        var policy = settings.RailsFile is null ? RailPolicy.Default : RailPolicy.Load(settings.RailsFile);
        Service = new PaymentService(_dataSource, new RailChooser(policy, calendar, AchWindows.FedAch), accounts, screening, loggers.CreateLogger<PaymentService>(), time);
        Dispatcher = new PaymentDispatcher(Service, Originator.Sample, settings.Outbox, calendar, AchWindows.FedAch, loggers.CreateLogger<PaymentDispatcher>());
        _inbox = new PaymentInbox(Service, settings.Inbox, loggers.CreateLogger<PaymentInbox>());
        if (settings.BankSimulator)
        {
            Simulator = new SponsorBankSimulator(settings.Outbox, settings.Inbox, Originator.Sample, time, new BankSimulatorOptions { SettleAfter = settings.SettleAfter });
        }

        Service.Changed += () => _wake.Release();
    }

    public PaymentService Service { get; }

    public PaymentDispatcher Dispatcher { get; }

    public SponsorBankSimulator? Simulator { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PaymentsMigrator.MigrateAsync(_dataSource, _loggers.CreateLogger(typeof(PaymentsMigrator)), cancellationToken);
        Directory.CreateDirectory(_settings.Outbox);
        Directory.CreateDirectory(_settings.Inbox);
        _loops.Add(Loop("operations", TimeSpan.FromSeconds(2), c => Service.ApplyOperationsAsync(null, c), null));
        _loops.Add(Loop("dispatcher", TimeSpan.FromSeconds(1), Dispatcher.TickAsync, _wake));
        _loops.Add(Loop("inbox", TimeSpan.FromMilliseconds(250), _inbox.ProcessAsync, null));
        _loops.Add(Loop("counts", TimeSpan.FromSeconds(5), async c => { _counts = await Service.CountByStateAsync(c); return 0; }, null));
        if (Simulator is { } simulator)
        {
            _loops.Add(Loop("bank simulator", TimeSpan.FromMilliseconds(200), simulator.PumpAsync, null));
        }

        LogStarted(_logger, _settings.Outbox, _settings.Inbox, Simulator is not null);
    }

    private Task Loop(string name, TimeSpan every, Func<CancellationToken, Task<int>> work, SemaphoreSlim? wake) =>
        PeriodicLoop.Start("Payments", name, every, work, wake, e => e is NpgsqlException or HttpRequestException or IOException or TimeoutException or PaymentException or InvalidOperationException or NachaFormatException, _logger, _stop.Token);

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var loop in _loops)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _loops.Clear();
    }

    [LoggerMessage(EventId = 80, Level = LogLevel.Information, Message = "Payments running: outbox {Outbox}, inbox {Inbox}, sponsor-bank simulator {Simulator}")]
    private static partial void LogStarted(ILogger logger, string outbox, string inbox, bool simulator);

}

/// <summary>Counterparty screening by the compliance service in this process.</summary>
internal sealed class ScreeningCounterparties(ScreeningService screening) : ICounterpartyScreening
{
    public Task<IReadOnlyList<string>> ScreenAsync(string name, string? country, CancellationToken cancellation)
    {
        if (!new ScreeningRequest(name, null, null, country).TryCreateQuery(out var query, out _))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        return Task.FromResult<IReadOnlyList<string>>([.. screening.Screen(query!).Hits.Select(h => $"{h.List} {h.EntryId} {h.Name} ({h.Score.ToString("0.00", CultureInfo.InvariantCulture)})")]);
    }
}

/// <summary>Counterparty screening by a compliance component in another process.</summary>
internal sealed class HttpCounterpartyScreening(HttpClient http) : ICounterpartyScreening
{
    public static HttpCounterpartyScreening Create(string baseAddress, string? adminKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminKey ?? "");
        return new HttpCounterpartyScreening(client);
    }

    public async Task<IReadOnlyList<string>> ScreenAsync(string name, string? country, CancellationToken cancellation)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/v1/screening", UriKind.Relative), new { name, country }, cancellation);
        var body = await response.Content.ReadAsStringAsync(cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"compliance screening answered {(int)response.StatusCode}: {body}");
        }

        using var doc = JsonDocument.Parse(body);
        return [.. doc.RootElement.GetProperty("hits").EnumerateArray().Select(h => $"{h.GetProperty("list").GetString()} {h.GetProperty("entryId").GetString()} {h.GetProperty("name").GetString()}")];
    }
}
