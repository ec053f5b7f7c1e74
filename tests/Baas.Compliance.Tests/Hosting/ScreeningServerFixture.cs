using Baas.Compliance.Screening;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baas.Compliance.Tests.Hosting;

/// <summary>
/// A real Kestrel on 127.0.0.1, port 0, hosting <c>AddScreening</c> and <c>MapScreening</c> over a directory
/// holding the tiny SDN list, the consolidated list and the UN list.
/// </summary>
public sealed class ScreeningServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _lists = TestData.Temp()
        .CopyFrom(TestData.Directory(TestData.SdnTiny2025))
        .CopyFrom(TestData.Directory(TestData.Consolidated2025))
        .CopyFrom(TestData.Directory(TestData.Un));

    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public SanctionsListProvider Provider => _app!.Services.GetRequiredService<SanctionsListProvider>();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddScreening(_lists.Path, o => o.PollInterval = TimeSpan.Zero);
        _app = builder.Build();
        _app.MapScreening();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _lists.Dispose();
    }
}
