using System.Diagnostics.Metrics;
using System.Globalization;
using Baas.Events.Log;
using Baas.Redis;
using Microsoft.Extensions.Logging;

namespace Baas.Events.Relay;

/// <summary>
/// Publishes committed authorization-log records to a Redis stream, in order, with the stream id
/// <c>{seq}-0</c>. The stream's last id is the relay's only position: after a restart (of either side) it
/// reads it back and goes on from the next record, so nothing is published twice or skipped. A record that a
/// retried XADD finds already there (the server refuses an id not above the last) counts as published. The
/// authorizer never waits for the relay: when Redis is down the relay backs off and catches up later.
/// </summary>
public sealed partial class LogRelay : IAsyncDisposable
{
    /// <summary>The field of each stream entry that holds the log record (envelope and body, as on disk).</summary>
    public const string Field = "e";

    /// <summary>The meter of the relay's instruments.</summary>
    public const string MeterName = "Baas.Events.Relay";

    private readonly string _logDirectory;
    private readonly Func<long> _committedSeq;
    private readonly RedisClient _redis;
    private readonly LogRelayOptions _options;
    private readonly ILogger _logger;
    private readonly Meter _meter;
    private readonly Counter<long> _published;
    private readonly Counter<long> _failures;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;
    private long _publishedSeq = -1;

    /// <param name="logDirectory">The authorization log's directory.</param>
    /// <param name="committedSeq">The highest durable sequence (records above it are never published).</param>
    /// <param name="redis">A client of the relay's own (it pipelines many XADDs).</param>
    /// <param name="options">Stream name, batch size, trimming and back-off.</param>
    /// <param name="logger">Where outages are reported (once per outage, not per retry).</param>
    /// <param name="meterFactory">Creates the relay's meter; a plain meter when null.</param>
    public LogRelay(string logDirectory, Func<long> committedSeq, RedisClient redis, LogRelayOptions options, ILogger logger, IMeterFactory? meterFactory = null)
    {
        _logDirectory = logDirectory;
        _committedSeq = committedSeq;
        _redis = redis;
        _options = options;
        _logger = logger;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _published = _meter.CreateCounter<long>("baas_relay_published_events", description: "Log records published to the Redis stream.");
        _failures = _meter.CreateCounter<long>("baas_relay_failures", description: "Publishing attempts that failed (Redis down or slow); each is retried.");
        _meter.CreateObservableGauge("baas_relay_published_seq", () => Math.Max(0, Volatile.Read(ref _publishedSeq)), description: "The last log sequence known to be in the Redis stream.");
        _meter.CreateObservableGauge("baas_relay_lag_events", () => PublishedSeq < 0 ? 0 : Math.Max(0, _committedSeq() - PublishedSeq), description: "Durable log records not yet in the Redis stream.");
    }

    /// <summary>The last sequence known to be in the stream; -1 until the relay has read the stream once.</summary>
    public long PublishedSeq => Volatile.Read(ref _publishedSeq);

    /// <summary>Starts publishing in the background.</summary>
    public void Start() => _run ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Completes when everything durable up to <paramref name="seq"/> is in the stream (tests and shutdown).</summary>
    public async Task WaitForAsync(long seq, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (PublishedSeq < seq)
        {
            await Task.Delay(5, deadline.Token);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
        _meter.Dispose();
    }

    /// <summary>The sequence of the newest entry in <paramref name="stream"/> (0 when the stream is empty or missing).</summary>
    public static async Task<long> LastPublishedAsync(RedisClient redis, string stream)
    {
        var last = await redis.XRevRangeAsync(stream, count: 1);
        return last.Count == 0 ? 0 : SeqOf(last[0].Id);
    }

    /// <summary>The log sequence an entry id <c>{seq}-0</c> stands for.</summary>
    public static long SeqOf(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return long.Parse(dash < 0 ? id : id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>The entry id of a log sequence.</summary>
    public static string IdOf(long seq) => seq.ToString(CultureInfo.InvariantCulture) + "-0";

    private async Task RunAsync(CancellationToken cancellation)
    {
        using var reader = new SegmentLogReader(_logDirectory);
        var backoff = _options.RetryDelay;
        var failing = false;
        var batch = new List<(long Seq, byte[] Record)>(_options.MaxBatch);
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                if (PublishedSeq < 0)
                {
                    var last = await LastPublishedAsync(_redis, _options.Stream);
                    if (last > _committedSeq())
                    {
                        // The stream holds a different (older or foreign) log: publishing would skip records.
                        Log.StreamAhead(_logger, _options.Stream, last, _committedSeq());
                    }

                    reader.Seek(last + 1);
                    Volatile.Write(ref _publishedSeq, last);
                }

                var committed = _committedSeq();
                batch.Clear();
                while (batch.Count < _options.MaxBatch && reader.TryReadNextCommitted(committed))
                {
                    batch.Add((reader.LastSeq, reader.Current.ToArray()));
                }

                if (batch.Count == 0)
                {
                    await Task.Delay(_options.PollInterval, cancellation);
                    continue;
                }

                // One script per batch: it appends only if the stream still ends where this relay left it. A batch
                // that waited out an outage in the client's queue and reaches a Redis that came back empty (no
                // persistence) therefore appends nothing, and the relay starts again from what the stream holds.
                var expected = PublishedSeq;
                var args = new RedisValue[5 + (2 * batch.Count)];
                args[0] = AppendScript;
                args[1] = 1;
                args[2] = _options.Stream;
                args[3] = expected == 0 ? "0-0" : IdOf(expected);
                args[4] = _options.MaxLength ?? 0;
                var n = 5;
                foreach (var (seq, record) in batch)
                {
                    args[n++] = IdOf(seq);
                    args[n++] = record;
                }

                var reply = await _redis.ExecuteAsync("EVAL", args);
                var streamLast = SeqOf(reply[1].AsString()!);
                if (reply[0].AsInt64() == 1)
                {
                    Volatile.Write(ref _publishedSeq, batch[^1].Seq);
                    _published.Add(batch.Count);
                }
                else if (streamLast >= batch[^1].Seq)
                {
                    // Already there: an earlier attempt got through before its answer was lost.
                    Volatile.Write(ref _publishedSeq, batch[^1].Seq);
                }
                else
                {
                    if (streamLast < expected)
                    {
                        Log.StreamLost(_logger, _options.Stream, streamLast, expected);
                    }

                    reader.Seek(streamLast + 1);
                    Volatile.Write(ref _publishedSeq, streamLast);
                    continue;
                }

                if (failing)
                {
                    failing = false;
                    backoff = _options.RetryDelay;
                    Log.Recovered(_logger, PublishedSeq);
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RedisException or IOException or TimeoutException)
            {
                _failures.Add(1);
                if (!failing)
                {
                    failing = true;
                    Log.Failing(_logger, e.Message);
                }

                // Where the stream stands is unknown now: read it back before going on.
                Volatile.Write(ref _publishedSeq, -1);
                await Task.Delay(backoff, cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>
    /// KEYS[1] the stream; ARGV[1] the id the stream must end with (<c>0-0</c>: empty); ARGV[2] the approximate
    /// MAXLEN (0: none); then id and record pairs. Appends all or nothing; answers {1, last id before} or {0, last id}.
    /// </summary>
    private const string AppendScript =
        """
        local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        local lastId = '0-0'
        if #last > 0 then lastId = last[1][1] end
        if lastId ~= ARGV[1] then return {0, lastId} end
        for i = 3, #ARGV, 2 do
            if ARGV[2] ~= '0' then
                redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], ARGV[i], 'e', ARGV[i + 1])
            else
                redis.call('XADD', KEYS[1], ARGV[i], 'e', ARGV[i + 1])
            end
        end
        return {1, lastId}
        """;

    private static partial class Log
    {
        [LoggerMessage(4, LogLevel.Warning, "The stream {Stream} ends at {Last} but held records up to {Expected} (Redis lost data, e.g. restarted without persistence); publishing again from {Last} + 1")]
        public static partial void StreamLost(ILogger logger, string stream, long last, long expected);

        [LoggerMessage(1, LogLevel.Warning, "Relay to Redis failing ({Reason}); retrying with back-off, the authorizer carries on")]
        public static partial void Failing(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Information, "Relay to Redis recovered; published up to {Seq}")]
        public static partial void Recovered(ILogger logger, long seq);

        [LoggerMessage(3, LogLevel.Error, "The stream {Stream} already holds records up to {Last}, beyond this log's committed {Committed}: it belongs to another log; records up to {Last} will not be published")]
        public static partial void StreamAhead(ILogger logger, string stream, long last, long committed);
    }
}

/// <summary>Settings of the <see cref="LogRelay"/>.</summary>
public sealed class LogRelayOptions
{
    /// <summary>The stream (ARCHITECTURE.md section 2).</summary>
    public string Stream { get; init; } = "baas:authlog";

    /// <summary>XADDs in flight at once.</summary>
    public int MaxBatch { get; init; } = 512;

    /// <summary>Approximate cap on the stream's length (XADD MAXLEN ~); null keeps everything.</summary>
    public long? MaxLength { get; init; } = 10_000_000;

    /// <summary>How often to look for newly committed records when there was nothing to publish.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>First wait after a failure; doubled up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between attempts while Redis is down.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}
