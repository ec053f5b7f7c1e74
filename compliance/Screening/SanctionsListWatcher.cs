using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Baas.Compliance.Screening;

/// <summary>
/// Hosted service that loads the lists at start (a host with a bad sanctions directory fails to start) and then
/// polls the directory's files every <see cref="ScreeningOptions.PollInterval"/>: a fingerprint (names, sizes,
/// modification times) that differs from the loaded one and is the same on two polls in a row — so a
/// publication of four files is not read half-copied — triggers a reload.
/// </summary>
public sealed class SanctionsListWatcher : BackgroundService
{
    private readonly SanctionsListProvider _provider;
    private readonly ScreeningOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the watcher.</summary>
    public SanctionsListWatcher(SanctionsListProvider provider, IOptions<ScreeningOptions> options, TimeProvider? timeProvider = null, ILogger<SanctionsListWatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _provider = provider;
        _options = options.Value;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _ = _provider.Current;
        return base.StartAsync(cancellationToken);
    }

    /// <summary>One poll: reloads when the files changed and have been stable since the previous poll. Returns whether it reloaded.</summary>
    internal bool Poll(ref string? pending)
    {
        var now = _provider.CurrentFingerprint();
        if (now == _provider.LoadedFingerprint)
        {
            pending = null;
            return false;
        }

        if (now != pending)
        {
            pending = now;
            Log.ListChangeSeen(_logger, _provider.Directory);
            return false;
        }

        pending = null;
        try
        {
            _provider.Reload();
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            // Logged by the provider; the current list stays. The same files are not retried until they change again.
            return false;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.PollInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.PollInterval, _timeProvider);
        string? pending = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Poll(ref pending);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
