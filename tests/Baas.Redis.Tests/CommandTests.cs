using System.Text;

namespace Baas.Redis.Tests;

/// <summary>The string and key helpers and the raw command API against the shared redis-server, in RESP2 and RESP3.</summary>
public sealed class CommandTests
{
    [RequiresRedisTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Ping_answers_pong(RedisProtocol protocol)
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync(protocol);

        Assert.Equal("PONG", await redis.PingAsync());
        Assert.True(redis.IsConnected);
        Assert.Equal(1, redis.ConnectionCount);
    }

    [RequiresRedisTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Set_then_get_round_trips_and_a_missing_key_is_null(RedisProtocol protocol)
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync(protocol);
        var key = RedisTestEnvironment.Key("set");

        Assert.True(await redis.SetAsync(key, "héllo", TimeSpan.FromMinutes(1)));

        Assert.Equal("héllo", await redis.GetStringAsync(key));
        Assert.Equal(Encoding.UTF8.GetBytes("héllo"), await redis.GetAsync(key));
        Assert.Null(await redis.GetAsync(key + ":missing"));
        Assert.Null(await redis.GetStringAsync(key + ":missing"));
        await redis.DelAsync(key);
    }

    [RequiresRedisFact]
    public async Task Set_sends_EX_for_whole_seconds_and_PX_otherwise()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var seconds = RedisTestEnvironment.Key("ex");
        var millis = RedisTestEnvironment.Key("px");

        await redis.SetAsync(seconds, 1, TimeSpan.FromSeconds(60));
        await redis.SetAsync(millis, 1, TimeSpan.FromMilliseconds(1500));

        Assert.InRange((await redis.ExecuteAsync("TTL", seconds)).AsInt64(), 55, 60);
        Assert.InRange((await redis.ExecuteAsync("PTTL", millis)).AsInt64(), 1000, 1500);
        await redis.DelAsync(seconds, millis);
    }

    [RequiresRedisTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Set_NX_writes_only_new_keys_and_XX_only_existing_ones(RedisProtocol protocol)
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync(protocol);
        var key = RedisTestEnvironment.Key("nx");

        Assert.False(await redis.SetAsync(key, "x", condition: SetCondition.Exists));
        Assert.True(await redis.SetAsync(key, "first", TimeSpan.FromMinutes(1), SetCondition.NotExists));
        Assert.False(await redis.SetAsync(key, "second", TimeSpan.FromMinutes(1), SetCondition.NotExists));
        Assert.True(await redis.SetAsync(key, "third", TimeSpan.FromMinutes(1), SetCondition.Exists));

        Assert.Equal("third", await redis.GetStringAsync(key));
        await redis.DelAsync(key);
    }

    [RequiresRedisFact]
    public async Task Incr_counts_and_refuses_a_value_that_is_not_an_integer()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var counter = RedisTestEnvironment.Key("counter");
        var text = RedisTestEnvironment.Key("text");
        await redis.SetAsync(text, "abc");

        Assert.Equal(1, await redis.IncrAsync(counter));
        Assert.Equal(2, await redis.IncrAsync(counter));
        Assert.Equal(1002, await redis.IncrByAsync(counter, 1000));
        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await redis.IncrAsync(text));
        Assert.Equal("ERR", error.ErrorCode);

        // The error did not desynchronise the connection.
        Assert.Equal(1003, await redis.IncrAsync(counter));
        await redis.DelAsync(counter, text);
    }

    [RequiresRedisFact]
    public async Task Del_and_Exists_count_keys_including_more_than_fit_on_the_stack()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var keys = Enumerable.Range(0, 40).Select(i => RedisTestEnvironment.Key($"many{i}")).ToArray();
        foreach (var key in keys[..30])
        {
            await redis.SetAsync(key, "v", TimeSpan.FromMinutes(1));
        }

        Assert.Equal(30, await redis.ExistsAsync(keys));
        Assert.Equal(2, await redis.ExistsAsync(keys[0], keys[0]));
        Assert.Equal(0, await redis.ExistsAsync(keys[35]));
        Assert.Equal(1, await redis.DelAsync(keys[0]));
        Assert.Equal(29, await redis.DelAsync(keys));
        Assert.Equal(0, await redis.ExistsAsync(keys));
    }

    [RequiresRedisTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Binary_values_with_every_byte_value_round_trip(RedisProtocol protocol)
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync(protocol);
        var small = RedisTestEnvironment.Key("bytes");
        var large = RedisTestEnvironment.Key("large");
        var everyByte = Enumerable.Range(0, 1024).Select(i => (byte)i).ToArray();
        var random = new byte[1 << 20];
        new Random(3).NextBytes(random);
        "\r\n$-1\r\n*2\r\n"u8.CopyTo(random.AsSpan(1000));

        await redis.SetAsync(small, everyByte, TimeSpan.FromMinutes(1));
        await redis.SetAsync(large, new ReadOnlyMemory<byte>(random), TimeSpan.FromMinutes(1));

        Assert.Equal(everyByte, await redis.GetAsync(small));
        Assert.Equal(random, await redis.GetAsync(large));
        await redis.SetAsync(small, Array.Empty<byte>(), TimeSpan.FromMinutes(1));
        Assert.Equal(Array.Empty<byte>(), await redis.GetAsync(small));
        await redis.DelAsync(small, large);
    }

    [RequiresRedisTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Raw_commands_return_the_protocol_shape_and_errors_throw(RedisProtocol protocol)
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync(protocol);
        var hash = RedisTestEnvironment.Key("hash");
        var zset = RedisTestEnvironment.Key("zset");
        await redis.ExecuteAsync("HSET", hash, "a", 1, "b", "two");
        await redis.ExecuteAsync("ZADD", zset, 2.5, "m");

        var all = await redis.ExecuteAsync("HGETALL", hash);
        var score = await redis.ExecuteAsync("ZSCORE", zset, "m");
        var nested = await redis.ExecuteAsync("EVAL", "return {1, redis.error_reply('BOOM inside'), 'x'}", 0);

        Assert.Equal(protocol == RedisProtocol.Resp3 ? RespType.Map : RespType.Array, all.Type);
        Assert.Equal(["a=1", "b=two"], all.AsPairs().Select(p => $"{p.Key.AsString()}={p.Value.AsString()}").Order());
        Assert.Equal(protocol == RedisProtocol.Resp3 ? RespType.Double : RespType.BulkString, score.Type);
        Assert.Equal(2.5, score.AsDouble());
        Assert.Equal("BOOM inside", nested[1].ErrorMessage);
        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await redis.ExecuteAsync("NOSUCHCOMMAND", "x"));
        Assert.Equal("ERR", error.ErrorCode);
        var wrongType = await Assert.ThrowsAsync<RedisServerException>(async () => await redis.GetAsync(hash));
        Assert.Equal("WRONGTYPE", wrongType.ErrorCode);
        Assert.Equal("PONG", await redis.PingAsync());
        await redis.DelAsync(hash, zset);
    }

    [RequiresRedisFact]
    public async Task A_null_argument_is_refused_before_anything_is_sent()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();

        Assert.Throws<ArgumentException>(() => { _ = redis.ExecuteAsync("GET", (string?)null); });

        Assert.Equal("PONG", await redis.PingAsync());
        Assert.Equal(0, redis.PendingCount);
    }
}
