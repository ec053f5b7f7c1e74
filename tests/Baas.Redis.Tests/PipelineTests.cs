using System.Diagnostics;

namespace Baas.Redis.Tests;

/// <summary>Many commands in flight on one connection, replies matched in order; blocking reads on a client of their own.</summary>
public sealed class PipelineTests
{
    [RequiresRedisTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Ten_thousand_commands_from_several_tasks_each_get_their_own_reply(RedisProtocol protocol)
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync(protocol);
        var prefix = RedisTestEnvironment.Key("pipeline");
        const int Tasks = 8;
        const int PerTask = 1_250;

        var workers = Enumerable.Range(0, Tasks).Select(worker => Task.Run(async () =>
        {
            // Issue everything before awaiting anything, so thousands are in flight at once.
            var echoes = new ValueTask<RedisResult>[PerTask / 2];
            var counts = new ValueTask<long>[PerTask / 2];
            for (var i = 0; i < PerTask / 2; i++)
            {
                echoes[i] = redis.ExecuteAsync("ECHO", $"{worker}:{i}:{new string('x', i % 50)}");
                counts[i] = redis.IncrAsync($"{prefix}:{worker}");
            }

            for (var i = 0; i < PerTask / 2; i++)
            {
                Assert.Equal($"{worker}:{i}:{new string('x', i % 50)}", (await echoes[i]).AsString());

                // One task's INCRs reach the server in the order it issued them.
                Assert.Equal(i + 1, await counts[i]);
            }
        })).ToArray();

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, redis.PendingCount);
        Assert.Equal(Tasks, await redis.DelAsync([.. Enumerable.Range(0, Tasks).Select(w => $"{prefix}:{w}")]));
    }

    [RequiresRedisFact]
    public async Task A_blocking_read_does_not_delay_a_ping_on_another_client_but_does_on_its_own()
    {
        await using var blocking = await RedisTestEnvironment.ConnectAsync();
        await using var other = await RedisTestEnvironment.ConnectAsync();
        var stream = RedisTestEnvironment.Key("blocking");
        await other.XGroupCreateAsync(stream, "g");

        var started = Stopwatch.StartNew();
        var read = blocking.XReadGroupAsync(stream, "g", "c", block: TimeSpan.FromMilliseconds(3000)).AsTask();
        await Task.Delay(50);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("PONG", await other.PingAsync());
        }

        // All twenty answered while the read was still blocked (loose bound: the CI machines are busy).
        Assert.False(read.IsCompleted);
        Assert.True(started.ElapsedMilliseconds < 2_500, $"20 PINGs on the other client took until {started.ElapsedMilliseconds} ms");

        // The documented rule: on the blocking client itself, a PING queues behind the read until its BLOCK ends.
        Assert.Equal("PONG", await blocking.PingAsync());
        Assert.True(started.ElapsedMilliseconds >= 2_900, $"PING behind BLOCK answered at {started.ElapsedMilliseconds} ms");
        Assert.Empty(await read);
        await other.DelAsync(stream);
    }

    [RequiresRedisFact]
    public async Task Past_MaxPendingCommands_a_command_fails_at_once_instead_of_queueing()
    {
        await using var redis = await RedisClient.ConnectAsync(new RedisClientOptions { EndPoint = RedisTestEnvironment.RequireRedis(), MaxPendingCommands = 10 });
        var key = RedisTestEnvironment.Key("limit");

        var blocked = redis.ExecuteAsync("BLPOP", key, 0.3).AsTask();
        var queued = Enumerable.Range(0, 9).Select(_ => redis.PingAsync().AsTask()).ToArray();
        var refused = redis.PingAsync().AsTask();

        var error = await Assert.ThrowsAsync<RedisException>(() => refused);
        Assert.Contains("10 commands are already pending", error.Message, StringComparison.Ordinal);
        Assert.True((await blocked).IsNull);
        Assert.All(await Task.WhenAll(queued), pong => Assert.Equal("PONG", pong));
        Assert.Equal("PONG", await redis.PingAsync());
    }
}
