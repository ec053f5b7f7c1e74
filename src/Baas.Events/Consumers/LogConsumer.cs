using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Baas.Events.Consumers;

/// <summary>
/// What a component does with the log. The handler owns its position: it stores the last sequence it applied
/// in the same database transaction as the writes that record applied, and skips records at or below it, so
/// redelivery (after a crash, a Redis restart or a takeover) changes nothing.
/// </summary>
public interface ILogHandler
{
    /// <summary>The last sequence this handler has durably applied (0 when none).</summary>
    Task<long> PositionAsync(CancellationToken cancellation);

    /// <summary>Applies the records, in order, and stores the new position with them; returns the stored position.</summary>
    Task<long> HandleAsync(IReadOnlyList<LogRecord> records, CancellationToken cancellation);
}

/// <summary>Settings of a <see cref="LogConsumer"/>.</summary>
public sealed class LogConsumerOptions
{
    /// <summary>The consumer's name in metrics (<c>consumer</c> label) and logs: the component (ledger, compliance, ...).</summary>
    public required string Name { get; init; }

    /// <summary>Most records handed to the handler at once.</summary>
    public int MaxBatch { get; init; } = 2_000;

    /// <summary>How long one read waits for new records.</summary>
    public TimeSpan ReadWait { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>First wait after a failure (the handler's database or the transport); doubled up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Runs one handler over one source: read, hand over, acknowledge; retries with back-off when either side
/// fails (unacknowledged records are delivered again and the handler skips what it has). Refuses to jump a gap
/// in the sequence (a trimmed stream): that stops the consumer with an error rather than lose money events.
/// Exposes <c>baas_consumer_lag_events</c> and <c>baas_consumer_lag_seconds</c>.
/// </summary>
public sealed partial class LogConsumer : IAsyncDisposable
{
    /// <summary>The meter of every consumer's instruments.</summary>
    public const string MeterName = "Baas.Events.Consumers";

    private readonly ILogSource _source;
    private readonly ILogHandler _handler;
    private readonly LogConsumerOptions _options;
    private readonly ILogger _logger;
    private readonly Meter _meter;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _failures;
    private readonly CancellationTokenSource _stop = new();
    private readonly KeyValuePair<string, object?> _tag;
    private Task? _run;
    private long _position = -1;
    private long _head;
    private long _lastTimestampMicros;

    /// <param name="source">The transport (Redis stream or local files).</param>
    /// <param name="handler">The component's idempotent handler.</param>
    /// <param name="options">Name, batch size and back-off.</param>
    /// <param name="logger">Failures and recoveries.</param>
    /// <param name="meterFactory">Creates the meter; a plain meter when null.</param>
    public LogConsumer(ILogSource source, ILogHandler handler, LogConsumerOptions options, ILogger logger, IMeterFactory? meterFactory = null)
    {
        _source = source;
        _handler = handler;
        _options = options;
        _logger = logger;
        _tag = new("consumer", options.Name);
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _handled = _meter.CreateCounter<long>("baas_consumer_events", description: "Log records applied by a consumer's handler.");
        _failures = _meter.CreateCounter<long>("baas_consumer_failures", description: "Consumer attempts that failed and were retried.");
        _meter.CreateObservableGauge("baas_consumer_lag_events", () => new Measurement<long>(LagEvents, _tag), description: "Log records the consumer has not applied yet.");
        _meter.CreateObservableGauge("baas_consumer_lag_seconds", () => new Measurement<double>(LagSeconds, _tag), description: "Age of the oldest record waiting for the consumer (at most); 0 when caught up.");
        _meter.CreateObservableGauge("baas_consumer_position_seq", () => new Measurement<long>(Math.Max(0, Position), _tag), description: "The last log sequence the consumer has applied.");
    }

    /// <summary>The last sequence applied; -1 before start.</summary>
    public long Position => Volatile.Read(ref _position);

    /// <summary>Records behind the source's head.</summary>
    public long LagEvents => Math.Max(0, Volatile.Read(ref _head) - Math.Max(0, Position));

    /// <summary>
    /// While records wait: the age of the oldest one the consumer has seen and not applied, or else of the newest one
    /// applied (the next is no older); 0 when caught up.
    /// </summary>
    public double LagSeconds
    {
        get
        {
            var ts = Volatile.Read(ref _lastTimestampMicros);
            if (LagEvents == 0 || ts == 0)
            {
                return 0;
            }

            return Math.Max(0, (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10 - ts) / 1e6;
        }
    }

    /// <summary>The error that stopped the consumer for good (a gap), or null.</summary>
    public Exception? Stopped { get; private set; }

    /// <summary>Starts consuming in the background.</summary>
    public void Start() => _run ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Completes when the handler has applied everything up to <paramref name="seq"/>.</summary>
    public async Task WaitForAsync(long seq, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (Position < seq)
        {
            if (Stopped is not null)
            {
                throw new InvalidOperationException($"consumer {_options.Name} stopped", Stopped);
            }

            await Task.Delay(5, deadline.Token);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _source.DisposeAsync();
        _stop.Dispose();
        _meter.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellation)
    {
        var backoff = _options.RetryDelay;
        var open = false;
        var failing = false;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                if (!open)
                {
                    var position = await _handler.PositionAsync(cancellation);
                    Volatile.Write(ref _position, position);
                    await _source.OpenAsync(position, cancellation);
                    open = true;
                }

                Volatile.Write(ref _head, await _source.HeadAsync());
                var records = await _source.ReadAsync(_options.MaxBatch, _options.ReadWait, cancellation);
                if (records.Count == 0)
                {
                    continue;
                }

                var fresh = records.Where(r => r.Seq > Position).ToList();
                if (fresh.Count > 0)
                {
                    if (fresh[0].Seq != Position + 1)
                    {
                        throw new LogGapException(Position, fresh[0].Seq);
                    }

                    // While the batch is with the handler, its first record is the oldest one waiting.
                    Volatile.Write(ref _lastTimestampMicros, fresh[0].TimestampMicros);
                    var stored = await _handler.HandleAsync(fresh, cancellation);
                    Volatile.Write(ref _position, stored);
                    Volatile.Write(ref _lastTimestampMicros, fresh[^1].TimestampMicros);
                    _handled.Add(fresh.Count, _tag);
                }

                await _source.AckAsync(records);
                if (failing)
                {
                    failing = false;
                    backoff = _options.RetryDelay;
                    Log.Recovered(_logger, _options.Name, Position);
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (LogGapException e)
            {
                Stopped = e;
                Log.Gap(_logger, _options.Name, e.Message);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _failures.Add(1, _tag);
                if (!failing)
                {
                    failing = true;
                    Log.Failing(_logger, _options.Name, e.GetType().Name, e.Message);
                }

                // Start over from the handler's own position: the source redelivers what was not acknowledged.
                open = false;
                await Task.Delay(backoff, cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Consumer {Consumer} failing ({Kind}: {Reason}); retrying from its stored position")]
        public static partial void Failing(ILogger logger, string consumer, string kind, string reason);

        [LoggerMessage(2, LogLevel.Information, "Consumer {Consumer} recovered at {Seq}")]
        public static partial void Recovered(ILogger logger, string consumer, long seq);

        [LoggerMessage(3, LogLevel.Error, "Consumer {Consumer} stopped: {Reason}")]
        public static partial void Gap(ILogger logger, string consumer, string reason);
    }
}

/// <summary>The source skipped records the handler never applied (a stream trimmed below a lagging consumer).</summary>
public sealed class LogGapException(long position, long next)
    : Exception($"the next record available is {next} but the handler has applied only up to {position}: records {position + 1}..{next - 1} are gone from this transport")
{
    /// <summary>The handler's position.</summary>
    public long Position { get; } = position;

    /// <summary>The first record the source offered.</summary>
    public long Next { get; } = next;
}
