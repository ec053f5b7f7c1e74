using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Baas.Redis.Tests;

/// <summary>Runs alone, after everything else, so its process-wide allocation count and timings are not someone else's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial: measurements";
}

/// <summary>
/// Throughput and allocation of the client, recorded in the test output (the machines are noisy: bounds are
/// loose). Against a private server without persistence, so the numbers are the client's and the shared
/// server's AOF does not grow by the 40 MB this writes.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ClientMeasurementTests(ITestOutputHelper output)
{
    [RequiresRedisServerFact]
    public async Task Pipelined_throughput_of_PING_and_of_XADD_with_a_400_byte_payload()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync(server.EndPoint);
        var stream = "throughput";
        var payload = new byte[400];
        new Random(1).NextBytes(payload);
        const int Count = 100_000;
        const int Window = 10_000;

        await Run("warm-up", 20_000, i => redis.PingAsync());
        var ping = await Run("PING", Count, i => redis.PingAsync());
        var xadd = await Run("XADD 400 B", Count, i => redis.XAddAsync(stream, $"{i + 1}-1", "e", payload));

        Assert.Equal(Count, await redis.XLenAsync(stream));
        Assert.Equal(payload, (await redis.XRevRangeAsync(stream, count: 1))[0]["e"]);
        // A sanity floor only: timings are recorded in the output, not gated (the machines are noisy).
        Assert.True(ping > 1_000 && xadd > 1_000, $"PING {ping:0}/s, XADD {xadd:0}/s");
        await redis.DelAsync(stream);

        // Keep Window commands in flight, as a producer with a bounded queue would.
        async Task<double> Run<T>(string name, int count, Func<int, ValueTask<T>> send)
        {
            var replies = new ValueTask<T>[Window];
            var clock = Stopwatch.StartNew();
            for (var start = 0; start < count; start += Window)
            {
                for (var i = 0; i < Window; i++)
                {
                    replies[i] = send(start + i);
                }

                for (var i = 0; i < Window; i++)
                {
                    await replies[i];
                }
            }

            var rate = count / clock.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {count} commands in {clock.ElapsedMilliseconds} ms = {rate:0} commands/s"));
            return rate;
        }
    }

    [RequiresRedisServerFact]
    public async Task A_sequential_ping_allocates_little_once_warm()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync(server.EndPoint);
        for (var i = 0; i < 2_000; i++)
        {
            await redis.PingAsync();
        }

        const int Count = 5_000;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Count; i++)
        {
            await redis.PingAsync();
        }

        var perCommand = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{perCommand:0.0} bytes allocated per PING round trip (whole process)"));

        // The command object is pooled and PONG is a shared reply; what is left is the thread pool's own.
        Assert.True(perCommand < 400, $"{perCommand:0.0} B per PING");
    }
}
