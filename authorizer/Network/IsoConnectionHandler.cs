using Baas.Authorizer.Engine;
using Baas.Authorizer.Metrics;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baas.Authorizer.Network;

/// <summary>Kestrel's entry point for ISO 8583 connections: one <see cref="IsoConnection"/> each.</summary>
public sealed class IsoConnectionHandler : ConnectionHandler
{
    private readonly Engine.Engine _engine;
    private readonly IsoListener _listener;
    private readonly AuthorizerMetrics _metrics;
    private readonly ILogger<IsoConnectionHandler> _logger;
    private readonly WorkItemPool _pool = new(65536);

    private readonly CancellationToken _stopping;

    public IsoConnectionHandler(Engine.Engine engine, IsoListener listener, AuthorizerMetrics metrics, ILogger<IsoConnectionHandler> logger, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        _stopping = lifetime.ApplicationStopping;
        _engine = engine;
        _listener = listener;
        _metrics = metrics;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var iso = new IsoConnection(connection, _engine, _listener, _metrics, _pool, _logger, _stopping);
        await iso.RunAsync();
    }
}
