using System.Diagnostics;

namespace Baas.Redis.Tests;

/// <summary>
/// Timeouts, dropped connections and reconnects, against redis-server processes the tests start, pause, kill
/// and restart themselves (the shared server is only used where nothing global changes).
/// </summary>
public sealed class ConnectionTests
{
    [RequiresRedisServerFact]
    public async Task A_command_times_out_while_the_server_is_paused_and_the_connection_stays_usable()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync(server.EndPoint);
        await using var admin = await RedisClient.ConnectAsync(server.EndPoint);

        await admin.ExecuteAsync("CLIENT", "PAUSE", 2000);
        var clock = Stopwatch.StartNew();
        var timeout = await Assert.ThrowsAsync<RedisTimeoutException>(async () => await redis.ExecuteAsync(TimeSpan.FromMilliseconds(200), "PING"));
        var elapsed = clock.ElapsedMilliseconds;

        Assert.True(timeout.WasSent);
        Assert.Contains("PING got no reply", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("200 ms", timeout.Message, StringComparison.Ordinal);
        // Well before the pause ends: the timeout, not the pause, ended the wait.
        Assert.InRange(elapsed, 190, 1_800);

        // After the pause the late PONG is read and dropped: the next reply goes to the next command.
        Assert.Equal("after", (await redis.ExecuteAsync("ECHO", "after")).AsString());
        Assert.True(clock.ElapsedMilliseconds >= 1_500);
        Assert.Equal(1, redis.ConnectionCount);
        Assert.Equal(0, redis.PendingCount);
    }

    [RequiresRedisServerFact]
    public async Task A_server_killed_and_restarted_fails_what_was_in_flight_then_the_client_reconnects_by_itself()
    {
        await using var server = await RedisServerProcess.StartAsync("--appendonly", "yes", "--appendfsync", "always");
        await using var redis = await RedisClient.ConnectAsync(new RedisClientOptions
        {
            EndPoint = server.EndPoint,
            CommandTimeout = TimeSpan.FromSeconds(10),
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        });
        var stream = "auth-log";
        for (var i = 1; i <= 100; i++)
        {
            await redis.XAddAsync(stream, $"{i}-1", "e", new byte[] { (byte)i, 13, 10 });
        }

        var inFlight = redis.ExecuteAsync("BLPOP", "nothing", 30).AsTask();
        await Task.Delay(50);
        server.Kill();

        // Sent before the drop: it may or may not have run, and the exception says so.
        var dropped = await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(dropped.WasSent);
        Assert.Contains("may or may not have executed", dropped.Message, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => !redis.IsConnected, TimeSpan.FromSeconds(5), "disconnected");

        // While the server is down: a short timeout fails unsent, a long one waits for the reconnect.
        var unsent = await Assert.ThrowsAsync<RedisTimeoutException>(async () => await redis.ExecuteAsync(TimeSpan.FromMilliseconds(150), "PING"));
        Assert.False(unsent.WasSent);
        Assert.Contains("was not sent", unsent.Message, StringComparison.Ordinal);
        var waiting = redis.XAddAsync(stream, "101-1", "e", new byte[] { 101 }).AsTask();
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);

        await server.StartAsync();

        Assert.Equal("101-1", await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(redis.IsConnected);
        Assert.Equal(2, redis.ConnectionCount);
        var entries = await redis.XRangeAsync(stream);
        Assert.Equal(101, entries.Count);
        Assert.Equal(Enumerable.Range(1, 101).Select(i => $"{i}-1"), entries.Select(e => e.Id));
        Assert.Equal(new byte[] { 100, 13, 10 }, entries[99]["e"]);

        // Retrying an XADD whose outcome was unknown is safe with an explicit id: the server refuses the duplicate.
        var duplicate = await Assert.ThrowsAsync<RedisServerException>(async () => await redis.XAddAsync(stream, "101-1", "e", new byte[] { 101 }));
        Assert.Contains("equal or smaller", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(0, redis.PendingCount);
    }

    [RequiresRedisServerFact]
    public async Task When_configured_to_fail_fast_a_disconnected_client_refuses_commands_at_once()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync(new RedisClientOptions { EndPoint = server.EndPoint, FailFastWhenDisconnected = true });
        server.Kill();
        await Eventually.TrueAsync(() => !redis.IsConnected, TimeSpan.FromSeconds(5), "disconnected");

        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<RedisConnectionException>(async () => await redis.PingAsync());

        Assert.False(refused.WasSent);
        Assert.True(clock.ElapsedMilliseconds < 2_000, $"{clock.ElapsedMilliseconds} ms");
        Assert.Equal(0, redis.PendingCount);
    }

    [RequiresRedisServerFact]
    public async Task A_connection_that_stops_answering_is_replaced()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync(new RedisClientOptions
        {
            EndPoint = server.EndPoint,
            CommandTimeout = TimeSpan.FromMilliseconds(200),
            UnresponsiveTimeout = TimeSpan.FromMilliseconds(300),
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
        });
        await using var admin = await RedisClient.ConnectAsync(server.EndPoint);

        await admin.ExecuteAsync("CLIENT", "PAUSE", 1500);
        await Assert.ThrowsAsync<RedisTimeoutException>(async () => await redis.PingAsync());

        // 200 ms timeout + 300 ms of silence: the connection is dropped and a new one handshakes after the pause.
        await Eventually.TrueAsync(() => redis.ConnectionCount == 2, TimeSpan.FromSeconds(10), "reconnected");
        Assert.Equal("PONG", await redis.PingAsync());
    }

    [RequiresRedisFact]
    public async Task A_connection_killed_by_the_server_is_replaced_and_in_flight_commands_fail()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        await using var admin = await RedisTestEnvironment.ConnectAsync();
        var id = (await redis.ExecuteAsync("CLIENT", "ID")).AsInt64();
        var inFlight = redis.ExecuteAsync("BLPOP", RedisTestEnvironment.Key("never"), 30).AsTask();
        await Task.Delay(50);

        Assert.Equal(1, (await admin.ExecuteAsync("CLIENT", "KILL", "ID", id)).AsInt64());

        var dropped = await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(dropped.WasSent);
        Assert.Equal("PONG", await redis.PingAsync());
        Assert.Equal(2, redis.ConnectionCount);
        Assert.NotEqual(id, (await redis.ExecuteAsync("CLIENT", "ID")).AsInt64());
    }

    [RequiresRedisFact]
    public async Task Disposing_fails_what_is_in_flight_and_refuses_what_comes_after()
    {
        var redis = await RedisTestEnvironment.ConnectAsync();
        var inFlight = redis.ExecuteAsync("BLPOP", RedisTestEnvironment.Key("never"), 30).AsTask();
        await Task.Delay(50);

        await redis.DisposeAsync();

        await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Throws<ObjectDisposedException>(() => { _ = redis.PingAsync(); });
        Assert.False(redis.IsConnected);
    }

    [RequiresRedisServerFact]
    public async Task A_client_started_before_its_server_connects_when_the_server_comes_up()
    {
        await using var server = await RedisServerProcess.StartAsync();
        server.Kill();
        await using var redis = new RedisClient(new RedisClientOptions
        {
            EndPoint = server.EndPoint,
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
        });
        var early = redis.PingAsync().AsTask();
        await Task.Delay(200);
        Assert.False(early.IsCompleted);

        await server.StartAsync();

        Assert.Equal("PONG", await early.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, redis.ConnectionCount);
    }

    [RequiresRedisServerFact]
    public async Task ConnectAsync_to_a_port_nobody_listens_on_fails_with_the_reason()
    {
        await using var server = await RedisServerProcess.StartAsync();
        server.Kill();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(new RedisClientOptions
        {
            EndPoint = server.EndPoint,
            ConnectTimeout = TimeSpan.FromSeconds(1),
        }));

        Assert.Contains("No connection to", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
