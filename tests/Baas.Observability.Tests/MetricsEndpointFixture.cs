using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baas.Observability.Tests;

/// <summary>A real Kestrel app on 127.0.0.1 with an ephemeral port, <c>AddPrometheusExporter</c> and <c>/metrics</c>.</summary>
public sealed class MetricsEndpointFixture : IAsyncLifetime
{
    public const string MeterName = "Baas.Tests.Endpoint";

    private WebApplication? _app;

    public HttpClient Client { get; } = new();

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddPrometheusExporter(options => options.MeterPrefixes = [MeterName]);
        _app = builder.Build();
        _app.MapPrometheusMetrics();
        await _app.StartAsync();
        Client.BaseAddress = new Uri(_app.Urls.Single());
    }

    /// <summary>A meter from the app's own <see cref="IMeterFactory"/>, the way components get theirs.</summary>
    public Meter CreateMeter() => Services.GetRequiredService<IMeterFactory>().Create(MeterName);

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
