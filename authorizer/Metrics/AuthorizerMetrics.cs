using System.Diagnostics;
using System.Diagnostics.Metrics;
using Baas.Authorizer.Engine;

namespace Baas.Authorizer.Metrics;

/// <summary>
/// The authorizer's instruments (names are a contract, ARCHITECTURE.md section 10). Label values come from
/// caches, so recording on the hot path does not allocate.
/// </summary>
public sealed class AuthorizerMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Baas.Authorizer";

    /// <summary>Latency buckets in seconds: fine enough to see 100 µs and 200 ms.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets =
    [
        0.00005, 0.0001, 0.0002, 0.0003, 0.0005, 0.00075, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01,
        0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5, 1, 2.5, 5,
    ];

    private static readonly string?[] MtiLabels = new string?[10000];

    private readonly Meter _meter;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _authorizations;
    private readonly UpDownCounter<long> _connections;
    private readonly Histogram<double> _commit;
    private readonly Histogram<double> _phase;
    private readonly Counter<long> _disconnects;
    private readonly Counter<long> _formatErrors;
    private long _inflight;

    public AuthorizerMetrics(IMeterFactory meterFactory, Engine.Engine engine)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(engine);
        _meter = meterFactory.Create(MeterName);
        var latency = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets };
        _duration = _meter.CreateHistogram("baas_authorization_duration_seconds", "s", "Time from receiving a request to writing its response.", advice: latency);
        _authorizations = _meter.CreateCounter<long>("baas_authorizations_total", description: "Responses by MTI, response code and internal reason.");
        _connections = _meter.CreateUpDownCounter<long>("baas_iso_connections", description: "Open ISO 8583 connections.");
        _commit = _meter.CreateHistogram("baas_authlog_commit_duration_seconds", "s", "Write and fsync of one group commit of the authorization log.", advice: latency);
        _phase = _meter.CreateHistogram("baas_authorization_phase_duration_seconds", "s", "Time spent per phase: parse, decide (incl. queue), commit, encode.", advice: latency);
        _disconnects = _meter.CreateCounter<long>("baas_iso_disconnects_total", description: "Connections closed by the authorizer, by reason.");
        _formatErrors = _meter.CreateCounter<long>("baas_iso_format_errors_total", description: "Malformed messages received.");
        _meter.CreateObservableGauge("baas_inflight_requests", () => Volatile.Read(ref _inflight), description: "Requests received and not yet answered.");
        _meter.CreateObservableGauge("baas_authlog_head_seq", () => engine.HeadSeq, description: "Sequence of the last event appended to the authorization log.");
        _meter.CreateObservableGauge("baas_authlog_committed_seq", () => engine.CommittedSeq, description: "Sequence of the last durable event.");
        _meter.CreateObservableGauge("baas_engine_queue_depth", () => engine.QueueDepth, description: "Requests waiting for the decision engine.");
        engine.CommitObserved = seconds => _commit.Record(seconds);
    }

    internal void ConnectionOpened() => _connections.Add(1);

    internal void ConnectionClosed() => _connections.Add(-1);

    internal void Disconnected(string reason) => _disconnects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void FormatError() => _formatErrors.Add(1);

    internal void Received() => Interlocked.Increment(ref _inflight);

    internal void Parsed(long startTicks) => _phase.Record(Seconds(Stopwatch.GetTimestamp() - startTicks), new KeyValuePair<string, object?>("phase", "parse"));

    /// <summary>Records a response as it is written.</summary>
    internal void Responded(WorkItem item, long encodeStartTicks)
    {
        Interlocked.Decrement(ref _inflight);
        var now = Stopwatch.GetTimestamp();
        var mti = MtiLabel(item.Request.Mti);
        var outcome = new KeyValuePair<string, object?>("outcome", item.Approved ? "approved" : "declined");
        _duration.Record(Seconds(now - item.ReceivedTicks), new KeyValuePair<string, object?>("mti", mti), outcome);
        _authorizations.Add(
            1,
            new KeyValuePair<string, object?>("mti", mti),
            new KeyValuePair<string, object?>("response_code", ResponseCodes.CodeLabel(item.Reason)),
            new KeyValuePair<string, object?>("reason", ResponseCodes.Label(item.Reason)));
        if (item.DecidedTicks != 0)
        {
            _phase.Record(Seconds(item.DecidedTicks - item.ReceivedTicks), new KeyValuePair<string, object?>("phase", "decide"));
            _phase.Record(Seconds(encodeStartTicks - item.DecidedTicks), new KeyValuePair<string, object?>("phase", "commit"));
        }

        _phase.Record(Seconds(now - encodeStartTicks), new KeyValuePair<string, object?>("phase", "encode"));
    }

    /// <summary>Records a request answered without a response (connection gone).</summary>
    internal void Dropped() => Interlocked.Decrement(ref _inflight);

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    private static string MtiLabel(int mti) => (uint)mti < 10000 ? MtiLabels[mti] ??= mti.ToString("D4") : "unknown";

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
