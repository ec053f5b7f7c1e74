using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Samples;
using Baas.Iso8583.Specs;
using Baas.Observability;

namespace Baas.SwitchSim.Baseline;

/// <summary>
/// The transport limit of this machine: a loopback echo server and closed-loop clients moving frames of a
/// typical authorization's size through the same framing code, with no decisions and no disk. Authorizer
/// figures are quoted as a ratio to this.
/// </summary>
public static class EchoBaseline
{
    public static async Task<SimReport> RunAsync(int connections, int inflight, TimeSpan duration, string profile = "ascii", CancellationToken cancellation = default)
    {
        var codec = IsoCodec.For(Profiles.Resolve(profile));
        var framing = FrameFormat.Binary2;
        var message = new IsoMessage();
        SampleMessages.TypicalAuthorization(message);
        var writer = new ArrayBufferWriter<byte>();
        framing.TryWrite(codec, message, default, writer, out _);
        var frame = writer.WrittenSpan.ToArray();

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var server = Task.Run(() => ServeAsync(listener, framing, stop.Token), CancellationToken.None);

        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var histograms = new LatencyHistogram[connections];
        var counts = new long[connections];
        var clients = new Task[connections];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < connections; i++)
        {
            var index = i;
            histograms[i] = new LatencyHistogram();
            clients[i] = Task.Run(() => ClientAsync(port, framing, frame, inflight, end, histograms[index], counts, index), CancellationToken.None);
        }

        await Task.WhenAll(clients);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await stop.CancelAsync();
        listener.Stop();
        await server.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var all = new LatencyHistogram();
        foreach (var h in histograms)
        {
            all.Merge(h);
        }

        var received = counts.Sum();
        return new SimReport
        {
            OfferedRate = 0,
            AchievedTps = Math.Round(received / elapsed, 1),
            DurationS = Math.Round(elapsed, 3),
            Sent = received,
            Received = received,
            LatencyUs = LatencySummary.From(all),
            Connections = connections,
            Inflight = inflight,
            LatencyBuckets = [.. all.Buckets().Select(b => new[] { b.UpperBound, b.Count })],
        };
    }

    private static async Task ServeAsync(TcpListener listener, FrameFormat framing, CancellationToken stop)
    {
        var connections = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var socket = await listener.AcceptSocketAsync(stop);
                socket.NoDelay = true;
                connections.Add(Task.Run(() => EchoAsync(socket, framing, stop), stop));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async Task EchoAsync(Socket socket, FrameFormat framing, CancellationToken stop)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        var writer = PipeWriter.Create(stream);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(stop);
                var buffer = result.Buffer;
                var any = false;
                while (framing.TryRead(ref buffer, out var header, out var body) == FrameStatus.Complete)
                {
                    // The same framing code both ways: read the frame, write it back with its prefix.
                    var length = (int)(header.Length + body.Length);
                    var span = writer.GetSpan(framing.PrefixLength + length);
                    framing.WritePrefix(length, span);
                    body.CopyTo(span[framing.PrefixLength..]);
                    writer.Advance(framing.PrefixLength + length);
                    any = true;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (any)
                {
                    await writer.FlushAsync(stop);
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
        }

        await reader.CompleteAsync();
        await writer.CompleteAsync();
    }

    private static async Task ClientAsync(int port, FrameFormat framing, byte[] frame, int inflight, long end, LatencyHistogram histogram, long[] counts, int index)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = PipeReader.Create(stream);
        var writer = PipeWriter.Create(stream);
        var sentAt = new Queue<long>(inflight);
        for (var i = 0; i < inflight; i++)
        {
            sentAt.Enqueue(Stopwatch.GetTimestamp());
            writer.Write(frame);
        }

        await writer.FlushAsync();
        long received = 0;
        while (sentAt.Count > 0)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            var now = Stopwatch.GetTimestamp();
            var resend = 0;
            while (framing.TryRead(ref buffer, out _, out _) == FrameStatus.Complete)
            {
                histogram.Record((long)((now - sentAt.Dequeue()) * (1_000_000_000.0 / Stopwatch.Frequency)));
                received++;
                if (now < end)
                {
                    resend++;
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            for (var i = 0; i < resend; i++)
            {
                sentAt.Enqueue(Stopwatch.GetTimestamp());
                writer.Write(frame);
            }

            if (resend > 0)
            {
                await writer.FlushAsync();
            }

            if (result.IsCompleted)
            {
                break;
            }
        }

        counts[index] = received;
        await writer.CompleteAsync();
        await reader.CompleteAsync();
    }
}
