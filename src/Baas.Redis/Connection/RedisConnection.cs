using System.Buffers;
using System.Net.Sockets;
using Baas.Redis.Protocol;

namespace Baas.Redis.Connection;

/// <summary>
/// One TCP connection's life: callers encode commands into the front write buffer and queue themselves in
/// FIFO order under one lock; the write loop swaps buffers and sends a whole batch per syscall; the read
/// loop parses every complete reply in what it received and completes the oldest command for each. Once
/// closed it stays closed: the client builds a new one.
/// </summary>
internal sealed class RedisConnection
{
    private const int ReadBufferSize = 64 * 1024;
    private const int MinimumReadSpace = 4 * 1024;

    // Past this size a partial reply is parsed again only once twice as much has arrived (or the socket is drained).
    private const int LargePartialReply = 64 * 1024;

    private readonly RedisClient _owner;
    private readonly Socket _socket;
    private readonly long _maxReplySize;
    private readonly Lock _sync = new();
    private readonly Queue<PendingCommand> _inFlight = new();
    private readonly AsyncSignal _writeSignal = new();
    private WriteBuffer _front = new();
    private WriteBuffer _back = new();
    private long _nextDeadline = long.MaxValue;
    private bool _closed;

    private RedisConnection(RedisClient owner, Socket socket, long maxReplySize)
    {
        _owner = owner;
        _socket = socket;
        _maxReplySize = maxReplySize;
    }

    public static async Task<RedisConnection> ConnectAsync(RedisClient owner, CancellationToken cancellationToken)
    {
        var options = owner.Options;
        var endPoint = owner.EndPoint;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(endPoint.Host, endPoint.Port, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RedisConnectionException(
                    $"Connecting to {endPoint} took longer than {options.ConnectTimeout.TotalMilliseconds:0} ms.");
            }

            EnableKeepAlive(socket);
            return new RedisConnection(owner, socket, options.MaxReplySize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Start()
    {
        _ = ReadLoopAsync();
        _ = WriteLoopAsync();
    }

    /// <summary>Encodes the command and queues it for its reply; false if the connection is closed (nothing written).</summary>
    public bool TryEnqueue(PendingCommand command, string name, ReadOnlySpan<RedisValue> args)
    {
        lock (_sync)
        {
            if (_closed)
            {
                return false;
            }

            var mark = _front.WrittenCount;
            try
            {
                RespWriter.WriteCommand(_front, name, args);
            }
            catch
            {
                // Never leave half a command in the stream: every later reply would be matched to the wrong caller.
                _front.Truncate(mark);
                throw;
            }

            Track(command);
        }

        _writeSignal.Set();
        return true;
    }

    /// <summary>Queues a command encoded earlier (while it waited in the backlog); false if the connection is closed.</summary>
    public bool TryEnqueue(PendingCommand command)
    {
        lock (_sync)
        {
            if (_closed)
            {
                return false;
            }

            _front.Write(command.Payload);
            command.Payload = null;
            Track(command);
        }

        _writeSignal.Set();
        return true;
    }

    /// <summary>
    /// Claims (into <paramref name="expired"/>) every command past its deadline; their replies, when they come,
    /// are read and dropped. Returns true if the oldest command is so far overdue that the connection is dead.
    /// </summary>
    public bool CheckTimeouts(long now, List<PendingCommand> expired, long unresponsiveTicks)
    {
        lock (_sync)
        {
            if (_closed || _inFlight.Count == 0)
            {
                return false;
            }

            if (now >= _nextDeadline)
            {
                var next = long.MaxValue;
                foreach (var command in _inFlight)
                {
                    if (command.Deadline <= now)
                    {
                        if (command.TryClaim())
                        {
                            expired.Add(command);
                        }
                    }
                    else if (command.Deadline < next && !command.IsClaimed)
                    {
                        next = command.Deadline;
                    }
                }

                _nextDeadline = next;
            }

            // Replies come in order, so an unanswered head means nothing behind it was answered either.
            var head = _inFlight.Peek().Deadline;
            return head != long.MaxValue && unresponsiveTicks != long.MaxValue && now - head > unresponsiveTicks;
        }
    }

    /// <summary>
    /// Closes the socket and fails every command still queued with <see cref="RedisConnectionException"/>: each
    /// was handed to this connection, so the server may or may not have executed it. Idempotent.
    /// </summary>
    public void Close(Exception reason)
    {
        PendingCommand[] drained;
        lock (_sync)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            drained = [.. _inFlight];
            _inFlight.Clear();
        }

        _writeSignal.Set();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
        foreach (var command in drained)
        {
            if (command.TryClaim())
            {
                command.SetFailure(new RedisConnectionException(
                    $"The connection to {_owner.EndPoint} was lost ({reason.Message}) while {command.Command} was in flight; " +
                    "the server may or may not have executed it.",
                    wasSent: true,
                    reason));
            }

            command.ReleaseQueueReference();
        }

        _owner.OnConnectionClosed(this, reason, drained.Length);
    }

    private static void EnableKeepAlive(Socket socket)
    {
        // A peer that vanishes without a FIN or RST is found in about 30 s instead of hours.
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 15);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
        }
        catch (SocketException)
        {
        }
        catch (PlatformNotSupportedException)
        {
        }
    }

    private void Track(PendingCommand command)
    {
        command.Sent = true;
        _inFlight.Enqueue(command);
        if (command.Deadline < _nextDeadline)
        {
            _nextDeadline = command.Deadline;
        }
    }

    private async Task WriteLoopAsync()
    {
        var segments = new List<ReadOnlyMemory<byte>>();
        try
        {
            while (true)
            {
                await _writeSignal.WaitAsync();
                WriteBuffer batch;
                lock (_sync)
                {
                    if (_closed)
                    {
                        return;
                    }

                    if (_front.WrittenCount == 0)
                    {
                        continue;
                    }

                    // Everything encoded since the last send goes out in one syscall; callers fill the other buffer meanwhile.
                    batch = _front;
                    _front = _back;
                    _back = batch;
                }

                batch.CollectSegments(segments);
                foreach (var segment in segments)
                {
                    var pending = segment;
                    while (!pending.IsEmpty)
                    {
                        var sent = await _socket.SendAsync(pending, SocketFlags.None);
                        pending = pending[sent..];
                    }
                }

                segments.Clear();
                batch.Reset();
            }
        }
#pragma warning disable CA1031 // Any failure of the socket ends this connection; the client reconnects.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Close(exception);
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        int start = 0, end = 0, rescanAt = 0;
        Exception reason;
        try
        {
            while (true)
            {
                if (buffer.Length - end < MinimumReadSpace)
                {
                    buffer = MakeRoom(buffer, ref start, ref end);
                }

                var read = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
                if (read == 0)
                {
                    reason = new RedisConnectionException($"{_owner.EndPoint} closed the connection.");
                    break;
                }

                end += read;
                if (end - start < rescanAt && _socket.Available > 0)
                {
                    // A large reply is still arriving: re-scanning it on every receive would be quadratic.
                    continue;
                }

                start += ReadReplies(buffer, start, end);
                rescanAt = end - start > LargePartialReply ? (int)Math.Min(int.MaxValue, 2L * (end - start)) : 0;
                if (start == end)
                {
                    start = end = 0;
                    if (buffer.Length > ReadBufferSize * 16)
                    {
                        // A huge reply made the buffer grow; do not keep it for ever.
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
                    }
                }
            }
        }
#pragma warning disable CA1031 // Any failure (socket, protocol) ends this connection; the client reconnects.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            reason = exception;
        }

        Close(reason);
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private byte[] MakeRoom(byte[] buffer, ref int start, ref int end)
    {
        var unread = end - start;
        if (unread >= _maxReplySize)
        {
            ThrowHelper.ThrowProtocol($"A reply is larger than MaxReplySize ({_maxReplySize} bytes).");
        }

        var target = buffer;
        if (buffer.Length - unread < MinimumReadSpace)
        {
            target = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, buffer.Length * 2L));
        }

        buffer.AsSpan(start, unread).CopyTo(target);
        if (!ReferenceEquals(target, buffer))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        start = 0;
        end = unread;
        return target;
    }

    private int ReadReplies(byte[] buffer, int start, int end)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(buffer, start, end - start), _maxReplySize);
        while (reader.TryReadValue(out var reply))
        {
            Dispatch(reply);
        }

        return (int)reader.Consumed;
    }

    private void Dispatch(RedisResult reply)
    {
        if (reply.Type == RespType.Push)
        {
            // Out-of-band (RESP3 pub/sub, tracking): never the answer to a queued command.
            return;
        }

        PendingCommand? command;
        lock (_sync)
        {
            _inFlight.TryDequeue(out command);
        }

        if (command is null)
        {
            ThrowHelper.ThrowProtocol($"A reply arrived with no command waiting for it: {reply}");
        }

        _owner.OnDequeued(1);
        if (command.TryClaim())
        {
            command.SetReply(reply);
        }

        command.ReleaseQueueReference();
    }
}
