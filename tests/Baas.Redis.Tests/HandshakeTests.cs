namespace Baas.Redis.Tests;

/// <summary>What the client sends on every connect (HELLO 3, AUTH, SETNAME, SELECT), and every RESP3 type from a real server.</summary>
public sealed class HandshakeTests
{
    [RequiresRedisServerTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Password_client_name_and_database_are_applied_on_connect(RedisProtocol protocol)
    {
        await using var server = await RedisServerProcess.StartAsync("--requirepass", "s3cret");
        var options = new RedisClientOptions
        {
            EndPoint = server.EndPoint,
            Protocol = protocol,
            Password = "s3cret",
            ClientName = "authorizer-1",
            Database = 3,
        };
        await using var redis = await RedisClient.ConnectAsync(options);
        await using var db0 = await RedisClient.ConnectAsync(new RedisClientOptions { EndPoint = server.EndPoint, Password = "s3cret", User = "default" });

        await redis.SetAsync("k", "in-3");

        Assert.Equal("authorizer-1", (await redis.ExecuteAsync("CLIENT", "GETNAME")).AsString());
        Assert.Equal("in-3", await redis.GetStringAsync("k"));
        Assert.Null(await db0.GetStringAsync("k"));
        var wrong = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(new RedisClientOptions
        {
            EndPoint = server.EndPoint,
            Protocol = protocol,
            Password = "wrong",
            ConnectTimeout = TimeSpan.FromSeconds(1),
        }));
        Assert.Contains("WRONGPASS", wrong.Message, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task Every_RESP3_type_from_DEBUG_PROTOCOL_is_read_and_a_push_never_takes_a_commands_reply()
    {
        await using var server = await RedisServerProcess.StartAsync("--enable-debug-command", "yes");
        await using var resp3 = await RedisClient.ConnectAsync(new RedisClientOptions { EndPoint = server.EndPoint, Protocol = RedisProtocol.Resp3 });
        await using var resp2 = await RedisClient.ConnectAsync(server.EndPoint);

        // Pipelined, so a push frame would shift every later reply if it were matched to a command.
        string[] kinds = ["string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib", "push", "verbatim", "true", "false"];
        var replies = kinds.Select(kind => resp3.ExecuteAsync("DEBUG", "PROTOCOL", kind).AsTask()).ToArray();
        var ping = resp3.PingAsync();
        var all = await Task.WhenAll(replies);
        var results = kinds.Select((kind, i) => (kind, all[i])).ToDictionary(p => p.kind, p => p.Item2);

        Assert.Equal("Hello World", results["string"].AsString());
        Assert.Equal(12345, results["integer"].AsInt64());
        Assert.Equal(RespType.Double, results["double"].Type);
        Assert.Equal(3.141, results["double"].AsDouble());
        Assert.Equal(RespType.BigNumber, results["bignum"].Type);
        Assert.Equal("1234567999999999999999999999999999999", results["bignum"].AsBigInteger().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(RespType.Null, results["null"].Type);
        Assert.Equal(RespType.Array, results["array"].Type);
        Assert.Equal(RespType.Set, results["set"].Type);
        Assert.Equal(RespType.Map, results["map"].Type);
        Assert.True(results["map"].AsPairs()[1].Value.AsBoolean());
        Assert.Equal("Some real reply following the attribute", results["attrib"].AsString());
        Assert.Equal("Some real reply following the push reply", results["push"].AsString());
        Assert.Equal(RespType.VerbatimString, results["verbatim"].Type);
        Assert.Equal("txt", results["verbatim"].VerbatimFormat);
        Assert.Equal("This is a verbatim\nstring", results["verbatim"].AsString());
        Assert.True(results["true"].AsBoolean());
        Assert.False(results["false"].AsBoolean());
        Assert.Equal("PONG", await ping);

        // RESP2 has no attributes: the server sends the reply alone.
        Assert.Equal("Some real reply following the attribute", (await resp2.ExecuteAsync("DEBUG", "PROTOCOL", "attrib")).AsString());
    }
}
