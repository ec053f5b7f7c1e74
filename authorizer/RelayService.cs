using System.Diagnostics.Metrics;
using Baas.Events.Relay;
using Baas.Redis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baas.Authorizer;

/// <summary>
/// Runs the <see cref="LogRelay"/> beside the engine: committed log records go to the Redis stream
/// <c>baas:authlog</c> for the components around the authorizer. Starts even when Redis is down (the relay
/// retries and catches up); the authorizer never waits for it.
/// </summary>
public sealed class RelayService(Engine.Engine engine, RelaySettings settings, ILoggerFactory loggers, IMeterFactory meters) : IHostedService, IAsyncDisposable
{
    private RedisClient? _redis;
    private LogRelay? _relay;

    /// <summary>The running relay (null before start).</summary>
    public LogRelay? Relay => _relay;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _redis = new RedisClient(new RedisClientOptions { EndPoint = settings.Redis, ClientName = "baas-relay", CommandTimeout = TimeSpan.FromSeconds(5) });
        _relay = new LogRelay(engine.LogDirectory, () => engine.CommittedSeq, _redis, new LogRelayOptions { Stream = settings.Stream }, loggers.CreateLogger<LogRelay>(), meters);
        _relay.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
            _relay = null;
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
            _redis = null;
        }
    }
}

/// <summary>Where the relay publishes.</summary>
/// <param name="Redis">host:port of Redis.</param>
/// <param name="Stream">The stream name.</param>
public sealed record RelaySettings(string Redis, string Stream = "baas:authlog");
