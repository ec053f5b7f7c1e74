using Baas.Authorizer.Engine;
using Baas.Events.Consumers;
using Baas.Redis;

namespace Baas.Host.Components;

/// <summary>Where a component's log consumer reads: the relay's Redis stream when one is configured, else the log files of the authorizer in this process.</summary>
internal static class ConsumerSources
{
    /// <summary>The source for consumer <paramref name="consumer"/> (group and name on the stream); null when neither Redis nor an engine is there.</summary>
    public static ILogSource? Create(string? redis, Engine? engine, string consumer) =>
        !string.IsNullOrWhiteSpace(redis)
            ? new RedisLogSource(new RedisClient(new RedisClientOptions { EndPoint = redis, ClientName = "baas-" + consumer }), consumer, consumer)
            : engine is not null ? new LocalLogSource(engine.LogDirectory, () => engine.CommittedSeq)
            : null;
}
