using System.Diagnostics;
using Baas.Compliance.Screening.Matching;
using Microsoft.Extensions.Options;

namespace Baas.Compliance.Screening;

/// <summary>Screens parties against the list in use with the configured threshold; what the endpoint and other components call.</summary>
public sealed class ScreeningService
{
    private readonly SanctionsListProvider _provider;
    private readonly ScreeningOptions _options;
    private readonly ScreeningMetrics? _metrics;

    /// <summary>Creates the service.</summary>
    public ScreeningService(SanctionsListProvider provider, IOptions<ScreeningOptions> options, ScreeningMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        _provider = provider;
        _options = options.Value;
        _metrics = metrics;
    }

    /// <summary>The lists in use.</summary>
    public SanctionsListProvider Provider => _provider;

    /// <summary>The configured threshold.</summary>
    public double Threshold => _options.Threshold;

    /// <summary>Screens one party with the configured threshold.</summary>
    public ScreeningResult Screen(ScreeningQuery query) => Screen(query, _options.Threshold);

    /// <summary>Screens one party with the given threshold.</summary>
    public ScreeningResult Screen(ScreeningQuery query, double threshold)
    {
        var list = _provider.Current;
        var started = Stopwatch.GetTimestamp();
        var result = list.Screen(query, threshold, _options.MaxHits);
        _metrics?.Screened(result.Hits.Count > 0, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return result;
    }
}
