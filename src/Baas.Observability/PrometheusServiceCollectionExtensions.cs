using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Baas.Observability;

/// <summary>Registers the <see cref="PrometheusExporter"/> (and <see cref="ProcessMetrics"/>) in a service collection.</summary>
public static class PrometheusServiceCollectionExtensions
{
    /// <summary>
    /// Adds <c>AddMetrics()</c> and a singleton <see cref="PrometheusExporter"/> that exports the meters created through
    /// this container's <see cref="IMeterFactory"/> (and meters created with <c>new Meter</c>) whose names match the
    /// options. The exporter starts listening when first resolved; <c>MapPrometheusMetrics</c> resolves it at startup.
    /// </summary>
    public static IServiceCollection AddPrometheusExporter(this IServiceCollection services, Action<PrometheusExporterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        var options = services.AddOptions<PrometheusExporterOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<ProcessMetrics>();
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<PrometheusExporterOptions>>().Value;
            var exporter = new PrometheusExporter(options, provider.GetRequiredService<IMeterFactory>());
            if (options.IncludeProcessMetrics)
            {
                provider.GetRequiredService<ProcessMetrics>();
            }

            return exporter;
        });
        return services;
    }
}
