using Baas.Events.Log;
using Baas.Events.Relay;
using Baas.Redis;

namespace Baas.Events.Consumers;

/// <summary>One authorization-log record as delivered to a consumer: its sequence and its bytes (envelope and body).</summary>
/// <param name="Seq">The log sequence.</param>
/// <param name="Record">The record as on disk; <see cref="LogEvent.Decode"/> reads it.</param>
/// <param name="DeliveryId">The transport's id for acknowledging it (the stream entry id), or null.</param>
public sealed record LogRecord(long Seq, byte[] Record, string? DeliveryId)
{
    /// <summary>The record's timestamp (Unix microseconds), read from the envelope without decoding the body.</summary>
    public long TimestampMicros => Record.Length >= 16 ? BitConverter.ToInt64(Record, 8) : 0;
}

/// <summary>
/// Where a consumer reads the log from. Delivery is at least once and in sequence order; the consumer's handler
/// makes it effectively once by skipping what its stored position says it has already applied.
/// </summary>
public interface ILogSource : IAsyncDisposable
{
    /// <summary>Prepares the source for a consumer whose handler has applied everything up to <paramref name="position"/>.</summary>
    Task OpenAsync(long position, CancellationToken cancellation);

    /// <summary>The next records in sequence order, at most <paramref name="max"/>; empty when none arrived within <paramref name="wait"/>.</summary>
    Task<IReadOnlyList<LogRecord>> ReadAsync(int max, TimeSpan wait, CancellationToken cancellation);

    /// <summary>Records the handler has durably applied: they are not delivered again.</summary>
    Task AckAsync(IReadOnlyList<LogRecord> records);

    /// <summary>The newest sequence the source could deliver (for lag).</summary>
    Task<long> HeadAsync();
}

/// <summary>In-process transport: tails the log files directly (no Redis configured).</summary>
public sealed class LocalLogSource(string logDirectory, Func<long> committedSeq) : ILogSource
{
    private readonly SegmentLogReader _reader = new(logDirectory);

    /// <inheritdoc />
    public Task OpenAsync(long position, CancellationToken cancellation)
    {
        _reader.Seek(position + 1);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogRecord>> ReadAsync(int max, TimeSpan wait, CancellationToken cancellation)
    {
        var until = DateTime.UtcNow + wait;
        var records = new List<LogRecord>();
        while (true)
        {
            var committed = committedSeq();
            while (records.Count < max && _reader.TryReadNextCommitted(committed))
            {
                records.Add(new LogRecord(_reader.LastSeq, _reader.Current.ToArray(), null));
            }

            if (records.Count > 0 || DateTime.UtcNow >= until)
            {
                return records;
            }

            await Task.Delay(2, cancellation);
        }
    }

    /// <inheritdoc />
    public Task AckAsync(IReadOnlyList<LogRecord> records) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<long> HeadAsync() => Task.FromResult(committedSeq());

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The Redis transport: a consumer group per component on the relay's stream. On open it takes over what a
/// dead member of the group left unacknowledged (XAUTOCLAIM) and re-reads its own unacknowledged entries, then
/// reads new ones. One active consumer per group keeps the sequence order the handlers rely on. The source owns
/// <paramref name="redis"/> (its blocking reads hold the connection) and disposes it.
/// </summary>
public sealed class RedisLogSource(RedisClient redis, string group, string consumer, string stream = "baas:authlog") : ILogSource
{
    private readonly Queue<LogRecord> _backlog = new();

    /// <summary>How long an entry must sit unacknowledged with another consumer before it is taken over.</summary>
    public TimeSpan ClaimIdle { get; init; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public async Task OpenAsync(long position, CancellationToken cancellation)
    {
        _backlog.Clear();
        await redis.XGroupCreateAsync(stream, group, "0");
        var found = new List<LogRecord>();
        var start = "0-0";
        do
        {
            var claimed = await redis.XAutoClaimAsync(stream, group, consumer, ClaimIdle, start, 500);
            found.AddRange(claimed.Claimed.Where(e => !e.IsDeleted).Select(ToRecord));
            start = claimed.NextStartId;
        }
        while (start != "0-0");

        var from = "0";
        while (true)
        {
            var mine = await redis.XReadGroupAsync(stream, group, consumer, from, 500);
            if (mine.Count == 0)
            {
                break;
            }

            found.AddRange(mine.Where(e => !e.IsDeleted).Select(ToRecord));
            from = mine[^1].Id;
        }

        foreach (var record in found.DistinctBy(r => r.Seq).OrderBy(r => r.Seq))
        {
            _backlog.Enqueue(record);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogRecord>> ReadAsync(int max, TimeSpan wait, CancellationToken cancellation)
    {
        if (_backlog.Count > 0)
        {
            var list = new List<LogRecord>();
            while (list.Count < max && _backlog.TryDequeue(out var record))
            {
                list.Add(record);
            }

            return list;
        }

        var entries = await redis.XReadGroupAsync(stream, group, consumer, ">", max, wait).AsTask().WaitAsync(cancellation);
        return [.. entries.Where(e => !e.IsDeleted).Select(ToRecord)];
    }

    /// <inheritdoc />
    public async Task AckAsync(IReadOnlyList<LogRecord> records)
    {
        if (records.Count > 0)
        {
            await redis.XAckAsync(stream, group, [.. records.Select(r => r.DeliveryId!)]);
        }
    }

    /// <inheritdoc />
    public Task<long> HeadAsync() => LogRelay.LastPublishedAsync(redis, stream);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => redis.DisposeAsync();

    private static LogRecord ToRecord(Redis.Streams.StreamEntry entry) =>
        new(LogRelay.SeqOf(entry.Id), entry[LogRelay.Field] ?? [], entry.Id);
}
