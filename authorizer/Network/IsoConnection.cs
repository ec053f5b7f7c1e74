using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Threading.Channels;
using Baas.Authorizer.Engine;
using Baas.Authorizer.Metrics;
using Baas.Events;
using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Baas.Authorizer.Network;

/// <summary>
/// One network connection. The read loop takes every complete frame in the buffer, parses it into a pooled
/// work item and hands it to the engine (several in flight, up to a limit that stops reading when reached);
/// the write loop packs responses as they complete, in completion order, and flushes once per batch. A
/// malformed message is answered with DE39 30 when its MTI and STAN could be read, otherwise the connection
/// is closed and counted; other connections never notice.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "RunAsync owns the connection's lifetime and disposes the semaphore when it ends.")]
internal sealed partial class IsoConnection : IWorkOwner
{
    private readonly ConnectionContext _connection;
    private readonly Engine.Engine _engine;
    private readonly IsoListener _listener;
    private readonly AuthorizerMetrics _metrics;
    private readonly WorkItemPool _pool;
    private readonly ILogger _logger;
    private readonly Channel<WorkItem> _out = System.Threading.Channels.Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly SemaphoreSlim _slots;
    private readonly long _budgetTicks;
    private readonly CancellationToken _stopping;
    private int _inflight;

    public IsoConnection(ConnectionContext connection, Engine.Engine engine, IsoListener listener, AuthorizerMetrics metrics, WorkItemPool pool, ILogger logger, CancellationToken stopping)
    {
        _stopping = stopping;
        _connection = connection;
        _engine = engine;
        _listener = listener;
        _metrics = metrics;
        _pool = pool;
        _logger = logger;
        _slots = new SemaphoreSlim(listener.Options.MaxInflightPerConnection, listener.Options.MaxInflightPerConnection);
        _budgetTicks = listener.Options.BudgetMs * Stopwatch.Frequency / 1000;
    }

    public async Task RunAsync()
    {
        _metrics.ConnectionOpened();
        var writer = WriteLoopAsync();
        string? closeReason = null;
        try
        {
            closeReason = await ReadLoopAsync();
        }
        catch (ConnectionResetException)
        {
            closeReason = null;
        }
        catch (IOException)
        {
            closeReason = null;
        }
        finally
        {
            if (closeReason is not null)
            {
                _metrics.Disconnected(closeReason);
                if (closeReason != "shutdown")
                {
                    Log.Closing(_logger, _connection.ConnectionId, closeReason);
                }
            }

            // Let requests already with the engine come back (they are durable either way), then stop writing.
            var waited = Stopwatch.StartNew();
            while (Volatile.Read(ref _inflight) > 0 && waited.ElapsedMilliseconds < 5000)
            {
                await Task.Delay(5);
            }

            _out.Writer.TryComplete();
            await writer;
            await _connection.Transport.Input.CompleteAsync();
            await _connection.Transport.Output.CompleteAsync();
            _metrics.ConnectionClosed();
            _slots.Dispose();
        }
    }

    /// <summary>Reads frames until the peer closes; returns why we closed, or null when the peer did.</summary>
    private async Task<string?> ReadLoopAsync()
    {
        var input = _connection.Transport.Input;
        var framing = _listener.Framing;
        var options = _listener.Options;
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping, _connection.ConnectionClosed);
        var partial = false;

        // The partial-frame timeout runs from the first byte of the incomplete frame, not from the last read:
        // a peer trickling a byte at a time must not hold a half frame (and its buffer) open for ever.
        long partialDeadline = 0;
        try
        {
            while (true)
            {
                ReadResult result;
                var limit = partial ? options.PartialFrameTimeoutSeconds : options.IdleTimeoutSeconds;
                if (limit > 0)
                {
                    var wait = TimeSpan.FromSeconds(limit);
                    if (partial)
                    {
                        wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), partialDeadline);
                        if (wait <= TimeSpan.Zero)
                        {
                            return "partial_frame_timeout";
                        }
                    }

                    timeout.CancelAfter(wait);
                }

                try
                {
                    result = await input.ReadAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    // Shutdown: stop reading, let in-flight requests finish. Peer gone: nothing to say.
                    return _stopping.IsCancellationRequested ? "shutdown" : _connection.ConnectionClosed.IsCancellationRequested ? null
                        : partial ? "partial_frame_timeout" : "idle_timeout";
                }

                if (limit > 0 && !timeout.TryReset())
                {
                    timeout.Dispose();
                    timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping, _connection.ConnectionClosed);
                }

                var buffer = result.Buffer;
                string? close = null;
                var frames = 0;
                while (close is null)
                {
                    var status = framing.TryRead(ref buffer, out var header, out var body);
                    if (status == FrameStatus.Complete)
                    {
                        frames++;
                        close = await HandleFrameAsync(header, body);
                    }
                    else if (status == FrameStatus.NeedMoreData)
                    {
                        break;
                    }
                    else if (status == FrameStatus.TooLarge)
                    {
                        close = "oversize_frame";
                    }
                    else if (status == FrameStatus.BadPrefix)
                    {
                        close = "bad_frame_prefix";
                    }
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (close is not null)
                {
                    return close;
                }

                var nowPartial = !buffer.IsEmpty;
                if (nowPartial && (!partial || frames > 0))
                {
                    partialDeadline = Stopwatch.GetTimestamp() + (options.PartialFrameTimeoutSeconds * Stopwatch.Frequency);
                }

                partial = nowPartial;
                if (result.IsCompleted || result.IsCanceled)
                {
                    return partial ? "truncated_frame" : null;
                }
            }
        }
        finally
        {
            timeout.Dispose();
        }
    }

    /// <summary>Handles one frame; returns a reason to close the connection, or null.</summary>
    private async ValueTask<string?> HandleFrameAsync(ReadOnlySequence<byte> header, ReadOnlySequence<byte> body)
    {
        var start = Stopwatch.GetTimestamp();
        var item = _pool.Rent();
        item.Owner = this;
        item.ReceivedTicks = start;
        item.DeadlineTicks = start + _budgetTicks;
        item.HeaderLength = (int)Math.Min(header.Length, item.Header.Length);
        header.Slice(0, item.HeaderLength).CopyTo(item.Header);
        SwapTpdu(item.Header.AsSpan(0, item.HeaderLength));
        Interlocked.Increment(ref _inflight);
        _metrics.Received();

        if (!_listener.Codec.TryParse(body, item.Request, out _))
        {
            _metrics.FormatError();
            if (item.Request.Mti >= 0 && StanReadable(item.Request))
            {
                Engine.Engine.BuildErrorResponse(item, DeclineReason.FormatError);
                Complete(item);
                return null;
            }

            Interlocked.Decrement(ref _inflight);
            _metrics.Dropped();
            _pool.Return(item);
            return "unreadable_message";
        }

        _metrics.Parsed(start);
        if (item.Request.Mti / 10 == 80)
        {
            NetworkManagement(item);
            Complete(item);
            return null;
        }

        if (!_slots.Wait(0))
        {
            await _slots.WaitAsync();
        }

        item.HoldsSlot = true;
        if (!_engine.TrySubmit(item))
        {
            Engine.Engine.BuildErrorResponse(item, DeclineReason.Overload);
            Complete(item);
        }

        return null;
    }

    /// <summary>
    /// Whether a message that failed to parse still has a STAN the peer can match a 30 answer to: located and
    /// six digits. Content errors do not stop parsing, so DE11 may be present and itself the bad field.
    /// </summary>
    private static bool StanReadable(IsoMessage request)
    {
        if (!request.Has(IsoField.Stan))
        {
            return false;
        }

        var stan = request.Get(IsoField.Stan);
        if (stan.Length != 6)
        {
            return false;
        }

        foreach (var b in stan)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>0800 sign-on (001), sign-off (002), echo (301): answered here, nothing to decide or log.</summary>
    private static void NetworkManagement(WorkItem item)
    {
        var req = item.Request;
        var resp = item.Response;
        resp.Mti = ((req.Mti / 10) * 10) + 10;
        foreach (var field in req.Fields)
        {
            resp.Set(field, req.Get(field));
        }

        var code = req.Get(IsoField.NetworkManagementCode);
        resp.Set(IsoField.ResponseCode, code.SequenceEqual("001"u8) || code.SequenceEqual("002"u8) || code.SequenceEqual("301"u8) || code.IsEmpty ? "00"u8 : "12"u8);
        item.Approved = true;
        item.Reason = DeclineReason.Approved;
    }

    /// <inheritdoc />
    public void Complete(WorkItem item)
    {
        if (!_out.Writer.TryWrite(item))
        {
            // The connection is gone: the decision is durable in the log all the same.
            Finish(item);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _out.Reader;
        var output = _connection.Transport.Output;
        var framing = _listener.Framing;
        var codec = _listener.Codec;
        var open = true;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var item))
            {
                if (open)
                {
                    var encodeStart = Stopwatch.GetTimestamp();
                    if (framing.TryWrite(codec, item.Response, item.Header.AsSpan(0, item.HeaderLength), output, out var error))
                    {
                        _metrics.Responded(item, encodeStart);
                    }
                    else
                    {
                        Log.ResponseUnpackable(_logger, _connection.ConnectionId, error.ToString());
                        _metrics.Dropped();
                    }
                }
                else
                {
                    _metrics.Dropped();
                }

                Finish(item, countDropped: false);
            }

            if (open)
            {
                try
                {
                    var flushed = await output.FlushAsync();
                    open = !flushed.IsCompleted;
                }
                catch (Exception e) when (e is IOException or ConnectionResetException or OperationCanceledException or InvalidOperationException)
                {
                    open = false;
                }
            }
        }
    }

    private void Finish(WorkItem item, bool countDropped = true)
    {
        if (countDropped)
        {
            _metrics.Dropped();
        }

        if (item.HoldsSlot)
        {
            try
            {
                _slots.Release();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        Interlocked.Decrement(ref _inflight);
        _pool.Return(item);
    }

    /// <summary>A response TPDU swaps source and destination addresses (bytes 1-2 and 3-4 of a 5-byte TPDU).</summary>
    private static void SwapTpdu(Span<byte> header)
    {
        if (header.Length == 5 && header[0] == 0x60)
        {
            (header[1], header[3]) = (header[3], header[1]);
            (header[2], header[4]) = (header[4], header[2]);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Warning, "Closing ISO connection {ConnectionId}: {Reason}")]
        public static partial void Closing(ILogger logger, string connectionId, string reason);

        [LoggerMessage(21, LogLevel.Error, "A response on {ConnectionId} could not be packed: {Error}")]
        public static partial void ResponseUnpackable(ILogger logger, string connectionId, string error);
    }
}
