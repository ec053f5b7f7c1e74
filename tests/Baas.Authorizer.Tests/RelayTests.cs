using Baas.Authorizer.Tests.Harness;
using Baas.Events;
using Baas.Events.Relay;
using Baas.Redis;

namespace Baas.Authorizer.Tests;

/// <summary>
/// <c>baas run --components authorizer --redis ...</c>: the real process publishes its log to the stream, keeps
/// approving while Redis is down, and catches up, without a gap or a repeat, when Redis returns.
/// </summary>
public sealed class RelayTests
{
    [RequiresRedisServerFact]
    public async Task The_authorizer_publishes_every_durable_record_and_rides_out_a_redis_restart()
    {
        using var dir = new TempDir();
        await using var redisServer = await RedisServerProcess.StartAsync("--appendonly", "yes", "--appendfsync", "always");
        await using var server = await BaasServerProcess.StartAsync(dir.Path, 60, "--redis", redisServer.EndPoint);
        await server.CreateProgramAsync("relay", "450000");
        await server.CreateAccountAsync("relay-acc", "relay", balance: 100_000);
        var pan = Cards.NewPan("450000");
        await server.IssueCardAsync("relay-acc", pan);
        await using var client = await server.ConnectAsync();
        await using var redis = await RedisClient.ConnectAsync(new RedisClientOptions { EndPoint = redisServer.EndPoint, CommandTimeout = TimeSpan.FromSeconds(2) });

        Assert.Equal("00", (await client.SendAsync(Requests.Authorization(pan, 1_000))).Code());
        await WaitForStreamAsync(redis, (await server.SeqsAsync()).Committed);

        redisServer.Kill();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("00", (await client.SendAsync(Requests.Authorization(pan, 100))).Code());
        }

        await redisServer.StartAsync();
        var committed = (await server.SeqsAsync()).Committed;
        var entries = await WaitForStreamAsync(redis, committed);

        Assert.Equal(Enumerable.Range(1, (int)committed).Select(i => (long)i), entries.Select(e => LogRelay.SeqOf(e.Id)));
        var last = LogEvent.Decode(entries[^1][LogRelay.Field]);
        Assert.NotNull(last);
        Assert.Equal(EventType.Authorization, last.Type);
        Assert.True(last.Card.Approved);
        Assert.Equal(100, last.Card.ApprovedAmount);
        Assert.DoesNotContain(pan, System.Text.Encoding.ASCII.GetString([.. entries.SelectMany(e => e[LogRelay.Field]!)]));
    }

    [RequiresRedisServerFact]
    public async Task Killing_the_authorizer_while_it_relays_under_load_neither_loses_nor_repeats_a_record_in_the_stream()
    {
        using var dir = new TempDir();
        await using var redisServer = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync(redisServer.EndPoint);
        var pan = Cards.NewPan("470000");
        await using (var server = await BaasServerProcess.StartAsync(dir.Path, 60, "--redis", redisServer.EndPoint))
        {
            await server.CreateProgramAsync("relay-kill", "470000");
            await server.CreateAccountAsync("relay-kill-acc", "relay-kill", balance: 10_000_000);
            await server.IssueCardAsync("relay-kill-acc", pan);
            await using var client = await server.ConnectAsync();
            var load = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        await client.SendAsync(Requests.Authorization(pan, 10));
                    }
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException)
                {
                    // The kill ends the load.
                }
            });
            // Load until enough is committed (a fixed wait saw under 100 records on a busy machine), at least 1.5 s.
            await Task.Delay(1_500);
            var until = DateTime.UtcNow.AddSeconds(20);
            while ((await server.SeqsAsync()).Committed < 300 && DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }

            await server.KillAsync();
            await load;
        }

        await using var restarted = await BaasServerProcess.StartAsync(dir.Path, 60, "--redis", redisServer.EndPoint);
        var committed = (await restarted.SeqsAsync()).Committed;
        Assert.True(committed > 100, $"too little load before the kill: {committed}");
        var entries = await WaitForStreamAsync(redis, committed);

        Assert.Equal(Enumerable.Range(1, (int)committed).Select(i => (long)i), entries.Select(e => LogRelay.SeqOf(e.Id)));
    }

    private static async Task<IReadOnlyList<Redis.Streams.StreamEntry>> WaitForStreamAsync(RedisClient redis, long seq)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var entries = await redis.XRangeAsync("baas:authlog");
                if (entries.Count > 0 && LogRelay.SeqOf(entries[^1].Id) >= seq)
                {
                    return entries;
                }
            }
            catch (RedisException) when (DateTime.UtcNow < until)
            {
            }

            Assert.True(DateTime.UtcNow < until, $"the stream did not reach {seq} in 30 s");
            await Task.Delay(50);
        }
    }
}
