using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Baas.Compliance.Screening;

/// <summary>Registers sanctions screening in a host.</summary>
public static class ScreeningServiceCollectionExtensions
{
    /// <summary>
    /// Adds the list provider for <paramref name="sanctionsDirectory"/>, the <see cref="ScreeningService"/>, metrics
    /// (meter <c>Baas.Compliance</c>) and the <see cref="SanctionsListWatcher"/> hosted service, which loads the
    /// lists at start and reloads them when the files change. Use <see cref="ScreeningEndpoints.MapScreening"/>
    /// for the HTTP API.
    /// </summary>
    public static IServiceCollection AddScreening(this IServiceCollection services, string sanctionsDirectory, Action<ScreeningOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(sanctionsDirectory);
        services.AddMetrics();
        services.AddOptions<ScreeningOptions>()
            .Configure(o =>
            {
                o.SanctionsDirectory = sanctionsDirectory;
                configure?.Invoke(o);
            })
            .Validate(o => o.Threshold is > 0 and <= 1, "Threshold must be in (0, 1]")
            .Validate(o => o.MaxHits > 0, "MaxHits must be positive");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(p => new SanctionsListProvider(
            p.GetRequiredService<IOptions<ScreeningOptions>>().Value.SanctionsDirectory,
            p.GetRequiredService<TimeProvider>(),
            p.GetService<ILogger<SanctionsListProvider>>()));
        services.TryAddSingleton<ScreeningMetrics>();
        services.TryAddSingleton<ScreeningService>();
        services.AddHostedService<SanctionsListWatcher>();
        return services;
    }
}
