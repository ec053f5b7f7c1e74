using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Baas.Authorizer.State;
using Baas.Events;
using Baas.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baas.Authorizer.Tests.Harness;

/// <summary>
/// A real authorizer in this process: Kestrel on free loopback ports (ISO and HTTP), a throwaway data
/// directory, a manual clock. Stopping and starting again on the same directory exercises recovery.
/// </summary>
public sealed class TestAuthorizer : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";
    public const string PanKey = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

    private WebApplication? _app;

    private TestAuthorizer(string dataDirectory, ManualTimeProvider clock, Action<AuthorizerOptions>? configure)
    {
        DataDirectory = dataDirectory;
        Clock = clock;
        Configure = configure;
    }

    public string DataDirectory { get; }

    public ManualTimeProvider Clock { get; }

    public int IsoPort { get; private set; }

    public int HttpPort { get; private set; }

    public HttpClient Http { get; private set; } = null!;

    public Engine.Engine Engine => _app!.Services.GetRequiredService<Engine.Engine>();

    public AuthorizerOptions Options => _app!.Services.GetRequiredService<AuthorizerOptions>();

    private Action<AuthorizerOptions>? Configure { get; }

    /// <summary>Starts an authorizer on a new data directory (or an existing one, to test recovery).</summary>
    public static async Task<TestAuthorizer> StartAsync(Action<AuthorizerOptions>? configure = null, string? dataDirectory = null, ManualTimeProvider? clock = null)
    {
        var dir = dataDirectory ?? Path.Combine(Path.GetTempPath(), "baas-test-" + Guid.NewGuid().ToString("N"));
        var authorizer = new TestAuthorizer(dir, clock ?? new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero)), configure);
        await authorizer.StartAsync();
        return authorizer;
    }

    /// <summary>Starts (again) on the same data directory.</summary>
    public async Task StartAsync()
    {
        // A free port can be taken by another process between the probe and the bind: try fresh ports again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnFreePortsAsync();
                return;
            }
            catch (IOException e) when (attempt < 3 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                if (_app is not null)
                {
                    await _app.DisposeAsync();
                    _app = null;
                }
            }
        }
    }

    private async Task StartOnFreePortsAsync()
    {
        IsoPort = Ports.Free();
        HttpPort = Ports.Free();
        var options = new AuthorizerOptions
        {
            DataDirectory = DataDirectory,
            IsoListen = $"127.0.0.1:{IsoPort}",
            AdminKey = AdminKey,
            PanKey = PanKey,
            Sizing = StateSizing.Small,
            Time = Clock,
            CheckpointSeconds = 3600,
            SweepSeconds = 1,
        };
        Configure?.Invoke(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPrometheusExporter();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, HttpPort));
        builder.AddAuthorizer(options);
        _app = builder.Build();
        _app.MapPrometheusMetrics();
        _app.MapAuthorizer();
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>Stops gracefully (checkpoint and flush), keeping the data directory.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
            Http.Dispose();
        }
    }

    public async Task<IsoTestClient> ConnectAsync(string profile = "ascii") => await IsoTestClient.ConnectAsync(IsoPort, profile);

    // API helpers for arranging tests.
    public async Task CreateProgramAsync(string id, params string[] bins) =>
        await Ensure(await Http.PostAsJsonAsync("/v1/programs", new { id, name = "Program " + id, bins }));

    public async Task CreateProgramAsync(string id, string[] bins, ProgramSettings settings) =>
        await Ensure(await Http.PostAsJsonAsync("/v1/programs", new { id, name = "Program " + id, bins, settings }, EventJson.Options));

    public async Task CreateAccountAsync(string id, string programId, long balance = 0, string currency = "USD", long overdraft = 0)
    {
        await Ensure(await Http.PostAsJsonAsync("/v1/accounts", new { id, programId, currency, overdraftLimit = overdraft }));
        if (balance > 0)
        {
            await Ensure(await Http.PostAsJsonAsync($"/v1/accounts/{id}/credits", new { amount = balance, reference = "opening-" + id }));
        }
    }

    public async Task<string> IssueCardAsync(string accountId, string pan, string expiry = "2812", string? cvv2 = null, string? pin = null, CardControls? controls = null, string state = "active")
    {
        var response = await Http.PostAsJsonAsync("/v1/cards", new { accountId, pan, expiry, cvv2, pin, controls, state }, EventJson.Options);
        await Ensure(response);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> GetAccountAsync(string id) => await GetJsonAsync($"/v1/accounts/{id}");

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        await Ensure(response);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    /// <summary>Posted, held and available of an account.</summary>
    public async Task<(long Posted, long Held, long Available)> BalancesAsync(string accountId)
    {
        var a = await GetAccountAsync(accountId);
        return (a.GetProperty("posted").GetInt64(), a.GetProperty("held").GetInt64(), a.GetProperty("available").GetInt64());
    }

    private static async Task Ensure(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
