using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Baas.Observability;

namespace Baas.SwitchSim.Run;

/// <summary>
/// One connection to the authorizer: a write loop that sends queued frames and flushes per batch, a read
/// loop that matches responses to requests by STAN, and a per-connection latency histogram (recorded by the
/// read loop only, merged at the end).
/// </summary>
internal sealed class SimConnection : IAsyncDisposable
{
    private const int StanSpace = 1_000_000;

    private readonly Socket _socket;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly IsoCodec _codec;
    private readonly FrameFormat _framing;
    private readonly Pending?[] _inflightByStan = new Pending?[StanSpace];
    private readonly ConcurrentQueue<Pending> _sendQueue = new();
    private readonly SemaphoreSlim _sendSignal = new(0);
    private readonly Action<SimConnection, Pending, IsoMessage> _onResponse;
    private readonly IsoMessage _response = new(2048);
    private int _stan;
    private int _inflight;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;

    private SimConnection(Socket socket, IsoCodec codec, FrameFormat framing, int index, Action<SimConnection, Pending, IsoMessage> onResponse)
    {
        _socket = socket;
        var stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024));
        _codec = codec;
        _framing = framing;
        Index = index;
        _onResponse = onResponse;
        _stan = (index * 100_000) % StanSpace;
    }

    public int Index { get; }

    /// <summary>Latency of answered requests, from intended send time to response (nanoseconds).</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Requests sent and not yet answered or timed out.</summary>
    public int Inflight => Volatile.Read(ref _inflight);

    /// <summary>Requests in send order, for the timeout scanner.</summary>
    public ConcurrentQueue<Pending> SentOrder { get; } = new();

    /// <summary>Requests meant to go before this are left out of <see cref="Latency"/> (warm-up).</summary>
    public long RecordFromTicks;

    public long Late;
    public long Unknown;
    public long FormatErrors;
    public bool Closed { get; private set; }

    /// <summary>What stopped the read loop, when it was a bug rather than the connection.</summary>
    public Exception? Failure { get; private set; }

    private volatile bool _disposing;

    public static async Task<SimConnection> ConnectAsync(string host, int port, IsoCodec codec, FrameFormat framing, int index, Action<SimConnection, Pending, IsoMessage> onResponse)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port);
        var connection = new SimConnection(socket, codec, framing, index, onResponse);
        connection._readLoop = Task.Run(connection.ReadLoopAsync);
        connection._writeLoop = Task.Run(connection.WriteLoopAsync);
        return connection;
    }

    /// <summary>The next STAN of this connection.</summary>
    public int NextStan()
    {
        var stan = Interlocked.Increment(ref _stan) % StanSpace;
        return stan == 0 ? Interlocked.Increment(ref _stan) % StanSpace : stan;
    }

    /// <summary>Queues a built request; it counts as in flight from now.</summary>
    public void Send(Pending p)
    {
        Interlocked.Increment(ref _inflight);
        _inflightByStan[p.StanNumber] = p;
        _sendQueue.Enqueue(p);
        _sendSignal.Release();
    }

    /// <summary>Forgets a request (answered or timed out); true when it was still the one under its STAN.</summary>
    public bool Forget(Pending p)
    {
        if (Interlocked.CompareExchange(ref _inflightByStan[p.StanNumber], null, p) == p)
        {
            Interlocked.Decrement(ref _inflight);
            return true;
        }

        return false;
    }

    /// <summary>Re-registers a request under its STAN (a repeat reuses the original's keys).</summary>
    public void Resend(Pending p)
    {
        Interlocked.Increment(ref _inflight);
        _inflightByStan[p.StanNumber] = p;
        _sendQueue.Enqueue(p);
        _sendSignal.Release();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                await _sendSignal.WaitAsync();
                if (_disposing)
                {
                    return;
                }

                var any = false;
                while (_sendQueue.TryDequeue(out var p))
                {
                    any = true;
                    p.SentTicks = Stopwatch.GetTimestamp();
                    SentOrder.Enqueue(p);
                    _writer.Write(p.Frame.AsSpan(0, p.FrameLength));
                }

                if (any)
                {
                    var result = await _writer.FlushAsync();
                    if (result.IsCompleted)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            Closed = true;
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync();
                var buffer = result.Buffer;
                while (_framing.TryRead(ref buffer, out _, out var body) == FrameStatus.Complete)
                {
                    Handle(body);
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
        }
        catch (Exception e) when (e is NullReferenceException or IndexOutOfRangeException or ArgumentException or KeyNotFoundException)
        {
            // A bug in the sim must not look like a slow authorizer (every later response timing out): say so.
            Failure = e;
        }

        Closed = true;
    }

    private void Handle(ReadOnlySequence<byte> body)
    {
        var now = Stopwatch.GetTimestamp();
        if (!_codec.TryParse(body, _response, out _))
        {
            FormatErrors++;
            return;
        }

        if (!_response.TryGetInt64(IsoField.Stan, out var stan) || stan >= StanSpace)
        {
            Unknown++;
            return;
        }

        var p = Volatile.Read(ref _inflightByStan[stan]);
        if (p is null || !Forget(p))
        {
            Unknown++;
            return;
        }

        // 0 in flight, 1 being completed (here or by the timeout scanner), 2 done: only then may it be recycled.
        if (Interlocked.CompareExchange(ref p.Completed, 1, 0) != 0)
        {
            Late++;
            return;
        }

        try
        {
            if (p.IntendedTicks >= RecordFromTicks)
            {
                Latency.Record((long)((now - p.IntendedTicks) * (1_000_000_000.0 / Stopwatch.Frequency)));
            }
            _onResponse(this, p, _response);
        }
        finally
        {
            Volatile.Write(ref p.Completed, 2);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        _sendSignal.Release();
        _reader.CancelPendingRead();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the stream or the peer.
        }

        _socket.Dispose();
        await Task.WhenAll(_readLoop, _writeLoop).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _writer.CompleteAsync();
        await _reader.CompleteAsync();
        _sendSignal.Dispose();
    }
}
