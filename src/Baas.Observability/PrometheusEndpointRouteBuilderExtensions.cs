using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Baas.Observability;

/// <summary>Maps the Prometheus scrape endpoint.</summary>
public static class PrometheusEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET <paramref name="path"/></c> to a scrape of the registered <see cref="PrometheusExporter"/>
    /// (see <c>AddPrometheusExporter</c>). Resolves the exporter now, so that it counts from startup rather than
    /// from the first scrape.
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var exporter = endpoints.ServiceProvider.GetRequiredService<PrometheusExporter>();
        return endpoints.MapGet(path, async context =>
        {
            context.Response.ContentType = PrometheusExporter.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            exporter.WriteTo(context.Response.BodyWriter);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        });
    }
}
