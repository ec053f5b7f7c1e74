using System.Text;

namespace Baas.IntegrationTests;

/// <summary>The Redis that <c>./baas up</c> starts speaks RESP on a real TCP socket.</summary>
public sealed class RedisTests
{
    [RequiresServicesFact(Services.Redis)]
    public async Task Ping_answers_pong()
    {
        var (host, port) = TestEnvironment.RequireRedis();
        await using var redis = await RespConnection.ConnectAsync(host, port);

        await redis.SendAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray());

        Assert.Equal("+PONG\r\n", Encoding.ASCII.GetString(await redis.ReadReplyAsync()));
    }

    [RequiresServicesFact(Services.Redis)]
    public async Task Set_then_get_round_trips_a_random_key()
    {
        var (host, port) = TestEnvironment.RequireRedis();
        await using var redis = await RespConnection.ConnectAsync(host, port);
        var key = $"baas:test:{Guid.NewGuid():N}";
        var value = $"value-{Guid.NewGuid():N}";

        // Pipelined: both commands in one write, replies in order.
        await redis.SendAsync([.. RespConnection.Encode("SET", key, value, "EX", "60"), .. RespConnection.Encode("GET", key)]);

        Assert.Equal("+OK\r\n", Encoding.ASCII.GetString(await redis.ReadReplyAsync()));
        Assert.Equal($"${value.Length}\r\n{value}\r\n", Encoding.ASCII.GetString(await redis.ReadReplyAsync()));

        await redis.SendAsync(RespConnection.Encode("DEL", key));
        Assert.Equal(":1\r\n", Encoding.ASCII.GetString(await redis.ReadReplyAsync()));
    }
}
