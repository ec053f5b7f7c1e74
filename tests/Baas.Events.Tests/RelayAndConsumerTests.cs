using Baas.Events.Consumers;
using Baas.Events.Log;
using Baas.Events.Relay;
using Baas.Redis;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baas.Events.Tests;

/// <summary>
/// The relay (log files to a Redis stream) and the consumer framework over both transports, against real
/// redis-server processes of the tests' own (so they can be killed and restarted) and real log files.
/// </summary>
public sealed class RelayAndConsumerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SegmentLogWriter _writer;

    public RelayAndConsumerTests() =>
        _writer = new SegmentLogWriter(_dir.Path, new SegmentLogOptions { UnsafeNoFsync = true });

    public static TheoryData<string> Transports => new() { "local", "redis" };

    public void Dispose()
    {
        _writer.Dispose();
        _dir.Dispose();
    }

    [RequiresRedisServerFact]
    public async Task Relay_publishes_committed_records_in_order_as_they_are_on_disk()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync(server.EndPoint);
        AppendCommitted(700);

        await using (var relay = NewRelay(redis))
        {
            relay.Start();
            await relay.WaitForAsync(700, TimeSpan.FromSeconds(20));
        }

        var entries = await redis.XRangeAsync("baas:authlog");
        Assert.Equal(Enumerable.Range(1, 700).Select(s => $"{s}-0"), entries.Select(e => e.Id));
        using var reader = new SegmentLogReader(_dir.Path);
        foreach (var entry in entries)
        {
            Assert.True(reader.TryReadNext());
            Assert.Equal(reader.Current.ToArray(), entry[LogRelay.Field]);
        }
    }

    [RequiresRedisServerFact]
    public async Task Relay_never_publishes_past_the_committed_sequence_and_a_restart_neither_skips_nor_repeats()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync(server.EndPoint);
        AppendCommitted(300);
        long durable = 200;

        await using (var relay = NewRelay(redis, () => Volatile.Read(ref durable)))
        {
            relay.Start();
            await relay.WaitForAsync(200, TimeSpan.FromSeconds(20));
            await Task.Delay(100);
            Assert.Equal(200, await redis.XLenAsync("baas:authlog"));
            Assert.Equal(200, relay.PublishedSeq);
        }

        AppendCommitted(250);
        Volatile.Write(ref durable, 550);
        await using (var relay = NewRelay(redis, () => Volatile.Read(ref durable)))
        {
            relay.Start();
            await relay.WaitForAsync(550, TimeSpan.FromSeconds(20));
        }

        var ids = (await redis.XRangeAsync("baas:authlog")).Select(e => LogRelay.SeqOf(e.Id)).ToList();
        Assert.Equal(Enumerable.Range(1, 550).Select(i => (long)i), ids);
    }

    [RequiresRedisServerFact]
    public async Task Relay_rides_out_a_redis_restart_and_catches_up()
    {
        await using var server = await RedisServerProcess.StartAsync("--appendonly", "yes", "--appendfsync", "always");
        await using var redis = await RedisClient.ConnectAsync(new RedisClientOptions { EndPoint = server.EndPoint, CommandTimeout = TimeSpan.FromSeconds(2) });
        await using var relay = NewRelay(redis);
        relay.Start();
        AppendCommitted(100);
        await relay.WaitForAsync(100, TimeSpan.FromSeconds(20));

        server.Kill();
        AppendCommitted(400);
        await Task.Delay(300);
        await server.StartAsync();

        await relay.WaitForAsync(500, TimeSpan.FromSeconds(30));
        var ids = (await redis.XRangeAsync("baas:authlog")).Select(e => LogRelay.SeqOf(e.Id)).ToList();
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), ids);
    }

    [RequiresRedisServerTheory]
    [MemberData(nameof(Transports))]
    public async Task A_consumer_applies_every_record_once_in_order_and_a_new_one_resumes_from_the_handler_position(string transport)
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var relayClient = await RedisClient.ConnectAsync(server.EndPoint);
        await using var relay = NewRelay(relayClient);
        relay.Start();
        var handler = new RecordingHandler();
        AppendCommitted(1_000);

        await using (var consumer = await NewConsumerAsync(transport, server, handler, "ledger"))
        {
            await consumer.WaitForAsync(1_000, TimeSpan.FromSeconds(30));
        }

        AppendCommitted(500);
        await using (var consumer = await NewConsumerAsync(transport, server, handler, "ledger"))
        {
            await consumer.WaitForAsync(1_500, TimeSpan.FromSeconds(30));
            Assert.Equal(0, consumer.LagEvents);
        }

        Assert.Equal(Enumerable.Range(1, 1_500).Select(i => (long)i), handler.Applied);
        Assert.All(handler.Bodies, b => Assert.Equal(b.Seq, LogEvent.PeekSeq(b.Record)));
    }

    [RequiresRedisServerTheory]
    [MemberData(nameof(Transports))]
    public async Task A_failing_handler_is_retried_and_nothing_is_applied_twice(string transport)
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var relayClient = await RedisClient.ConnectAsync(server.EndPoint);
        await using var relay = NewRelay(relayClient);
        relay.Start();
        var handler = new RecordingHandler { FailAt = [120, 121, 640] };
        AppendCommitted(800);

        await using var consumer = await NewConsumerAsync(transport, server, handler, "compliance", maxBatch: 50);
        await consumer.WaitForAsync(800, TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(1, 800).Select(i => (long)i), handler.Applied);
        Assert.True(handler.Failures >= 3);
    }

    [RequiresRedisServerFact]
    public async Task Entries_left_unacknowledged_by_a_dead_consumer_are_taken_over_and_applied_once()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync(server.EndPoint);
        await using var relay = NewRelay(redis);
        relay.Start();
        AppendCommitted(300);
        await relay.WaitForAsync(300, TimeSpan.FromSeconds(20));

        // A consumer that read 300 entries and died before applying or acknowledging them.
        await redis.XGroupCreateAsync("baas:authlog", "payments", "0");
        Assert.Equal(300, (await redis.XReadGroupAsync("baas:authlog", "payments", "dead-host", ">", 1_000)).Count);
        AppendCommitted(100);

        var handler = new RecordingHandler();
        await using var survivor = new LogConsumer(
            new RedisLogSource(await RedisClient.ConnectAsync(server.EndPoint), "payments", "live-host") { ClaimIdle = TimeSpan.FromMilliseconds(1) },
            handler,
            new LogConsumerOptions { Name = "payments" },
            NullLogger.Instance);
        await Task.Delay(20);
        survivor.Start();
        await survivor.WaitForAsync(400, TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), handler.Applied);
        await Eventually.TrueAsync(async () => (await redis.XPendingAsync("baas:authlog", "payments")).Count == 0, TimeSpan.FromSeconds(20), "all entries acknowledged");
    }

    [RequiresRedisServerFact]
    public async Task A_stream_trimmed_below_the_handler_position_stops_the_consumer_instead_of_skipping_money()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync(server.EndPoint);
        await using var relay = NewRelay(redis);
        relay.Start();
        AppendCommitted(200);
        await relay.WaitForAsync(200, TimeSpan.FromSeconds(20));
        await redis.XTrimMinIdAsync("baas:authlog", "101-0", approximate: false);

        var handler = new RecordingHandler();
        await using var consumer = await NewConsumerAsync("redis", server, handler, "kyc");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => consumer.WaitForAsync(200, TimeSpan.FromSeconds(20)));

        var gap = Assert.IsType<LogGapException>(failure.InnerException);
        Assert.Equal(0, gap.Position);
        Assert.Equal(101, gap.Next);
        Assert.Empty(handler.Applied);
    }

    [Fact]
    public async Task Lag_counts_the_records_a_slow_handler_has_not_applied_yet()
    {
        var handler = new RecordingHandler { Gate = new SemaphoreSlim(0) };
        AppendCommitted(100);
        await using var consumer = new LogConsumer(
            new LocalLogSource(_dir.Path, () => _writer.CommittedSeq),
            handler,
            new LogConsumerOptions { Name = "ledger", MaxBatch = 10 },
            NullLogger.Instance);
        consumer.Start();

        await Eventually.TrueAsync(() => consumer.LagEvents == 100, TimeSpan.FromSeconds(20), "100 records behind");
        Assert.True(consumer.LagSeconds > 0);
        handler.Gate.Release(1_000);
        await consumer.WaitForAsync(100, TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => consumer.LagEvents == 0, TimeSpan.FromSeconds(20), "caught up");
        Assert.Equal(0, consumer.LagSeconds);
    }

    private LogRelay NewRelay(RedisClient redis, Func<long>? committed = null) =>
        new(_dir.Path, committed ?? (() => _writer.CommittedSeq), redis, new LogRelayOptions { PollInterval = TimeSpan.FromMilliseconds(1), RetryDelay = TimeSpan.FromMilliseconds(50) }, NullLogger.Instance);

    private async Task<LogConsumer> NewConsumerAsync(string transport, RedisServerProcess server, ILogHandler handler, string name, int maxBatch = 200)
    {
        ILogSource source = transport == "local"
            ? new LocalLogSource(_dir.Path, () => _writer.CommittedSeq)
            : new RedisLogSource(await RedisClient.ConnectAsync(server.EndPoint), name, name);
        var consumer = new LogConsumer(source, handler, new LogConsumerOptions { Name = name, MaxBatch = maxBatch, RetryDelay = TimeSpan.FromMilliseconds(20) }, NullLogger.Instance);
        consumer.Start();
        return consumer;
    }

    private void AppendCommitted(int count)
    {
        Span<byte> body = stackalloc byte[64];
        for (var i = 0; i < count; i++)
        {
            var seq = _writer.NextSeq;
            body.Fill((byte)seq);
            _writer.Append(EventType.Authorization, CardEvent.Version, seq * 1_000, body[..(1 + (int)(seq % 60))]);
        }

        _writer.CommitAndWait(_writer.NextSeq - 1);
    }

    /// <summary>A handler whose "database" is memory: idempotent by position, like the real ones.</summary>
    private sealed class RecordingHandler : ILogHandler
    {
        private readonly object _lock = new();
        private long _position;

        public List<long> Applied { get; } = [];

        public List<LogRecord> Bodies { get; } = [];

        public HashSet<long> FailAt { get; init; } = [];

        public SemaphoreSlim? Gate { get; init; }

        public int Failures { get; private set; }

        public Task<long> PositionAsync(CancellationToken cancellation)
        {
            lock (_lock)
            {
                return Task.FromResult(_position);
            }
        }

        public async Task<long> HandleAsync(IReadOnlyList<LogRecord> records, CancellationToken cancellation)
        {
            if (Gate is not null)
            {
                await Gate.WaitAsync(cancellation);
            }

            lock (_lock)
            {
                var fresh = records.Where(r => r.Seq > _position).ToList();
                if (fresh.FirstOrDefault(r => FailAt.Remove(r.Seq)) is { } failing)
                {
                    Failures++;
                    throw new InvalidOperationException($"simulated database failure at {failing.Seq}");
                }

                foreach (var record in fresh)
                {
                    Assert.Equal(_position + 1, record.Seq);
                    Applied.Add(record.Seq);
                    Bodies.Add(record);
                    _position = record.Seq;
                }

                return _position;
            }
        }
    }
}
