using System.Net.Sockets;
using System.Text;

namespace Baas.IntegrationTests;

/// <summary>
/// Just enough RESP over a real socket to prove the Redis that <c>./baas up</c> starts is there: send raw
/// bytes, read one reply. Deliberately not a client library, so the test sees the wire.
/// </summary>
public sealed class RespConnection : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    private RespConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RespConnection> ConnectAsync(string host, int port)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            await client.ConnectAsync(host, port, cts.Token);
            return new RespConnection(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Encodes a command as a RESP array of bulk strings.</summary>
    public static byte[] Encode(params string[] parts)
    {
        var builder = new StringBuilder();
        builder.Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public async Task SendAsync(byte[] command)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await _stream.WriteAsync(command, cts.Token);
        await _stream.FlushAsync(cts.Token);
    }

    /// <summary>Reads one reply and returns its exact bytes (simple strings, errors, integers and bulk strings).</summary>
    public async Task<byte[]> ReadReplyAsync()
    {
        var reply = new List<byte>();
        var line = await ReadLineAsync();
        reply.AddRange(line);
        if (line[0] == (byte)'$')
        {
            var length = int.Parse(Encoding.ASCII.GetString(line, 1, line.Length - 3));
            if (length >= 0)
            {
                reply.AddRange(await ReadExactlyAsync(length + 2));
            }
        }

        return [.. reply];
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    // A line including its CRLF.
    private async Task<byte[]> ReadLineAsync()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = _buffer[_start..(newline + 1)];
                _start = newline + 1;
                return line;
            }

            await FillAsync();
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end)
            {
                await FillAsync();
            }

            var take = Math.Min(count - copied, _end - _start);
            Array.Copy(_buffer, _start, result, copied, take);
            _start += take;
            copied += take;
        }

        return result;
    }

    private async Task FillAsync()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException("RESP line longer than the test buffer.");
        }

        using var cts = new CancellationTokenSource(Timeout);
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cts.Token);
        if (read == 0)
        {
            throw new EndOfStreamException("Redis closed the connection before a full reply.");
        }

        _end += read;
    }
}
