using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Specs;

namespace Baas.Authorizer.Tests.Harness;

/// <summary>
/// A network client over a real TCP socket: frames and packs requests with a profile, reads responses in the
/// background and matches them to requests by STAN (DE11), so several can be in flight at once.
/// </summary>
public sealed class IsoTestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly IsoCodec _codec;
    private readonly FrameFormat _framing;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<IsoMessage>> _waiting = new();
    private readonly Task _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();

    private IsoTestClient(TcpClient tcp, MessageSpec spec, FrameFormat framing)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _codec = IsoCodec.For(spec);
        _framing = framing;
        _reader = Task.Run(ReadLoopAsync);
    }

    public static async Task<IsoTestClient> ConnectAsync(int port, string profile = "ascii", string framing = "binary2")
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        return new IsoTestClient(tcp, Profiles.Resolve(profile), FrameFormat.Parse(framing));
    }

    /// <summary>True once the server closed the connection.</summary>
    public bool Closed { get; private set; }

    /// <summary>Raw access, for tests that send broken bytes.</summary>
    public NetworkStream Stream => _stream;

    /// <summary>Sends a request and waits for the response with the same STAN.</summary>
    public async Task<IsoMessage> SendAsync(IsoMessage request, TimeSpan? timeout = null)
    {
        var stan = request.GetString(IsoField.Stan) ?? throw new ArgumentException("request needs DE11");
        var waiter = new TaskCompletionSource<IsoMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[stan] = waiter;
        var writer = new ArrayBufferWriter<byte>();
        if (!_framing.TryWrite(_codec, request, default, writer, out var error))
        {
            throw new InvalidOperationException("cannot pack the request: " + error);
        }

        await SendRawAsync(writer.WrittenMemory);
        return await waiter.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
    }

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _stream.WriteAsync(bytes);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Waits for a response with this STAN that was not asked for through <see cref="SendAsync"/>.</summary>
    public Task<IsoMessage> ExpectAsync(string stan, TimeSpan? timeout = null)
    {
        var waiter = _waiting.GetOrAdd(stan, _ => new TaskCompletionSource<IsoMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
        return waiter.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits until the server closes the connection.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan timeout)
    {
        var done = await Task.WhenAny(_reader, Task.Delay(timeout));
        return done == _reader && Closed;
    }

    private async Task ReadLoopAsync()
    {
        var prefix = new byte[_framing.PrefixLength];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _stream.ReadExactlyAsync(prefix, _stop.Token);
                _framing.TryDecodePrefix(prefix, out var length);
                var body = new byte[length];
                await _stream.ReadExactlyAsync(body, _stop.Token);
                var message = new IsoMessage();
                if (!_codec.TryParse(body.AsSpan(_framing.HeaderLength), message, out _))
                {
                    continue;
                }

                var stan = message.GetString(IsoField.Stan);
                if (stan is not null)
                {
                    _waiting.GetOrAdd(stan, _ => new TaskCompletionSource<IsoMessage>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(message);
                    _waiting.TryRemove(stan, out _);
                }
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            Closed = true;
            foreach (var w in _waiting.Values)
            {
                w.TrySetException(new IOException("connection closed"));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _tcp.Dispose();
        try
        {
            await _reader;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }
}
