using System.Buffers;
using System.Diagnostics;
using Baas.Redis.Connection;
using Baas.Redis.Protocol;

namespace Baas.Redis;

/// <summary>
/// A Redis client over one pipelined TCP connection: any number of commands in flight from any number of
/// threads, replies matched in order. Reconnects by itself with capped exponential backoff.
/// </summary>
/// <remarks>
/// <para>Every command has a timeout (<see cref="RedisClientOptions.CommandTimeout"/>, or the one passed to
/// <see cref="ExecuteAsync(TimeSpan, string, ReadOnlySpan{RedisValue})"/>) that covers waiting for a
/// connection, waiting behind earlier commands and the server's own time. Outcomes other than a reply:</para>
/// <list type="bullet">
/// <item><see cref="RedisTimeoutException"/>: no reply in time. If <c>WasSent</c> the server may still execute it.</item>
/// <item><see cref="RedisConnectionException"/> with <c>WasSent</c>: the connection dropped while the command was
/// in flight; the server may or may not have executed it. Retry only what is idempotent (XADD with an explicit id is).</item>
/// <item><see cref="RedisConnectionException"/> without <c>WasSent</c>: disconnected and
/// <see cref="RedisClientOptions.FailFastWhenDisconnected"/>, or disposed. Never executed.</item>
/// <item><see cref="RedisServerException"/>: the server answered with an error.</item>
/// </list>
/// <para>Commands issued while disconnected wait, unsent and in order, for the reconnect, up to their timeout.</para>
/// <para>Blocking commands (XREADGROUP with BLOCK, BLPOP) hold the connection: every command pipelined behind
/// one waits until it returns. Give blocking reads their own client. Commands that change the connection's
/// reply stream (SUBSCRIBE, MONITOR, CLIENT REPLY) are not supported; RESP3 pushes are dropped.</para>
/// </remarks>
public sealed partial class RedisClient : IAsyncDisposable, IDisposable
{
    // How often deadlines are checked, so timeouts fire up to this much late. Cheap: an idle check is two reads.
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);

    private readonly Lock _sync = new();
    private readonly Queue<PendingCommand> _backlog = new();
    private readonly CancellationTokenSource _disposeSource = new();
    private readonly CancellationToken _disposeToken;
    private readonly Timer _timer;
    private readonly long _unresponsiveTicks;
    private readonly List<PendingCommand> _expired = [];
    private volatile RedisConnection? _connection;
    private TaskCompletionSource _connected = NewConnectedSignal();
    private Exception? _lastError;
    private long _backlogNextDeadline = long.MaxValue;
    private long _connects;
    private int _pending;
    private int _ticking;
    private bool _connecting;
    private volatile bool _disposed;

    /// <summary>Starts connecting in the background; commands issued before the connection is up wait for it.</summary>
    public RedisClient(RedisClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        EndPoint = RedisEndPoint.Parse(options.EndPoint);
        _disposeToken = _disposeSource.Token;
        _unresponsiveTicks = PendingCommand.DeadlineFrom(0, options.UnresponsiveTimeout);
        _timer = new Timer(static state => ((RedisClient)state!).OnTick(), this, TickInterval, TickInterval);
        lock (_sync)
        {
            StartConnecting();
        }
    }

    /// <summary>Starts connecting to <c>host:port</c> with default options.</summary>
    public RedisClient(string endPoint)
        : this(new RedisClientOptions { EndPoint = endPoint })
    {
    }

    public RedisClientOptions Options { get; }

    public RedisEndPoint EndPoint { get; }

    /// <summary>True while a connection is up and handshaken.</summary>
    public bool IsConnected => _connection is not null;

    /// <summary>How many connections have been established so far: 1 after the first, +1 per reconnect.</summary>
    public long ConnectionCount => Interlocked.Read(ref _connects);

    /// <summary>Commands in flight plus commands waiting for a connection.</summary>
    public int PendingCount => Volatile.Read(ref _pending);

    /// <summary>Creates a client and waits (up to <see cref="RedisClientOptions.ConnectTimeout"/>) for its first connection.</summary>
    public static async Task<RedisClient> ConnectAsync(RedisClientOptions options, CancellationToken cancellationToken = default)
    {
        var client = new RedisClient(options);
        try
        {
            await client.WaitForConnectionAsync(options.ConnectTimeout, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a client for <c>host:port</c> with default options and waits for its first connection.</summary>
    public static Task<RedisClient> ConnectAsync(string endPoint, CancellationToken cancellationToken = default) =>
        ConnectAsync(new RedisClientOptions { EndPoint = endPoint }, cancellationToken);

    /// <summary>Completes when the client is connected; throws <see cref="RedisConnectionException"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitForConnectionAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Task connected;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            connected = _connected.Task;
        }

        try
        {
            await connected.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            var last = Volatile.Read(ref _lastError);
            throw new RedisConnectionException(
                $"No connection to {EndPoint} within {timeout.TotalMilliseconds:0} ms (last error: {last?.Message ?? "none"}).",
                last);
        }
    }

    /// <summary>Sends any command, e.g. <c>ExecuteAsync("HSET", key, field, value)</c>, with the default timeout.</summary>
    /// <exception cref="RedisServerException">The reply is an error (errors nested in arrays are returned as results).</exception>
    public ValueTask<RedisResult> ExecuteAsync(string command, params ReadOnlySpan<RedisValue> args) =>
        SendAsync<RedisResult, RawReply>(Options.CommandTimeout, command, args);

    /// <summary>Sends any command with its own timeout (<see cref="Timeout.InfiniteTimeSpan"/> for none).</summary>
    public ValueTask<RedisResult> ExecuteAsync(TimeSpan timeout, string command, params ReadOnlySpan<RedisValue> args)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(timeout), "Must be positive or infinite.");
        }

        return SendAsync<RedisResult, RawReply>(timeout, command, args);
    }

    /// <summary>Closes the connection; commands in flight or waiting fail with <see cref="RedisConnectionException"/>.</summary>
    public void Dispose()
    {
        RedisConnection? connection;
        PendingCommand[] waiting;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connection = _connection;
            _connection = null;
            waiting = [.. _backlog];
            _backlog.Clear();
            _connected.TrySetException(new ObjectDisposedException(nameof(RedisClient)));
            _ = _connected.Task.Exception; // observed: nobody may be waiting
        }

        _disposeSource.Cancel();
        _timer.Dispose();
        connection?.Close(new ObjectDisposedException(nameof(RedisClient), "The client was disposed."));
        foreach (var command in waiting)
        {
            if (command.TryClaim())
            {
                command.SetFailure(new RedisConnectionException(
                    $"The client was disposed before {command.Command} could be sent; it was not executed.", wasSent: false));
            }

            command.ReleaseQueueReference();
        }

        OnDequeued(waiting.Length);
        _disposeSource.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    internal void OnDequeued(int count) => Interlocked.Add(ref _pending, -count);

    internal void OnConnectionClosed(RedisConnection connection, Exception reason, int drained)
    {
        OnDequeued(drained);
        lock (_sync)
        {
            if (_connection != connection)
            {
                return;
            }

            _connection = null;
            _lastError = reason;
            if (_connected.Task.IsCompleted)
            {
                _connected = NewConnectedSignal();
            }

            StartConnecting();
        }
    }

    /// <summary>
    /// The one send path: encode straight into the connection's write buffer when connected, else into the backlog.
    /// Encoding happens before this returns, so <paramref name="args"/> may be a stack buffer.
    /// </summary>
    internal ValueTask<T> SendAsync<T, TConverter>(TimeSpan timeout, string command, ReadOnlySpan<RedisValue> args)
        where TConverter : IReplyConverter<T>
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].Kind == RedisValueKind.None)
            {
                ThrowHelper.ThrowArgument(nameof(args), $"Argument {i + 1} of {command} is null; Redis has no null argument.");
            }
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Increment(ref _pending) > Options.MaxPendingCommands)
        {
            OnDequeued(1);
            return ValueTask.FromException<T>(new RedisException(
                $"{Options.MaxPendingCommands} commands are already pending on {EndPoint}; {command} was not sent."));
        }

        var pending = PendingCommand<T, TConverter>.Rent(command, timeout, PendingCommand.DeadlineFrom(Stopwatch.GetTimestamp(), timeout));
        var task = pending.Task;
        try
        {
            var connection = _connection;
            if (connection is null || !connection.TryEnqueue(pending, command, args))
            {
                EnqueueSlow(pending, command, args);
            }
        }
        catch (Exception exception)
        {
            Fail(pending, exception);
        }

        return task;
    }

    private static TaskCompletionSource NewConnectedSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void EnqueueSlow(PendingCommand pending, string command, ReadOnlySpan<RedisValue> args)
    {
        Exception failure;
        lock (_sync)
        {
            if (_disposed)
            {
                failure = new ObjectDisposedException(nameof(RedisClient));
            }
            else if (_connection is { } connection && connection.TryEnqueue(pending, command, args))
            {
                return;
            }
            else if (Options.FailFastWhenDisconnected)
            {
                failure = new RedisConnectionException(
                    $"Not connected to {EndPoint}, so {command} was not sent (last error: {_lastError?.Message ?? "none"}).",
                    wasSent: false,
                    _lastError);
            }
            else
            {
                var encoded = new ArrayBufferWriter<byte>(256);
                RespWriter.WriteCommand(encoded, command, args);
                pending.Payload = encoded.WrittenSpan.ToArray();
                _backlog.Enqueue(pending);
                if (pending.Deadline < _backlogNextDeadline)
                {
                    _backlogNextDeadline = pending.Deadline;
                }

                StartConnecting();
                return;
            }
        }

        Fail(pending, failure);
    }

    private void Fail(PendingCommand pending, Exception failure)
    {
        if (pending.TryClaim())
        {
            pending.SetFailure(failure);
        }

        pending.ReleaseQueueReference();
        OnDequeued(1);
    }

    // Under _sync.
    private void StartConnecting()
    {
        if (_connecting || _disposed || _connection is not null)
        {
            return;
        }

        _connecting = true;
        _ = Task.Run(ConnectLoopAsync);
    }

    private async Task ConnectLoopAsync()
    {
        var attempt = 0;
        while (!_disposeToken.IsCancellationRequested)
        {
            RedisConnection? connection = null;
            try
            {
                connection = await RedisConnection.ConnectAsync(this, _disposeToken);
                connection.Start();
                await HandshakeAsync(connection);
                if (TryPublish(connection))
                {
                    return;
                }

                connection.Close(new RedisConnectionException("The connection closed while the backlog was being sent."));
            }
            catch (OperationCanceledException) when (_disposeToken.IsCancellationRequested)
            {
                connection?.Close(new ObjectDisposedException(nameof(RedisClient)));
                break;
            }
#pragma warning disable CA1031 // Every failure to connect is retried; the last one is reported in timeout messages.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                connection?.Close(exception);
                Volatile.Write(ref _lastError, exception);
            }

            attempt++;
            try
            {
                await Task.Delay(Backoff(attempt), _disposeToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        lock (_sync)
        {
            _connecting = false;
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = Math.Min(
            Options.ReconnectMaxDelay.TotalMilliseconds,
            Options.ReconnectBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));

        // Half fixed, half random, so many clients that lost the same server do not return in lockstep.
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds((delay / 2) + (Random.Shared.NextDouble() * delay / 2));
#pragma warning restore CA5394
    }

    private async Task HandshakeAsync(RedisConnection connection)
    {
        var replies = new List<Task<RedisResult>>(4);
        if (Options.Protocol == RedisProtocol.Resp3)
        {
            var hello = new List<RedisValue> { "3" };
            if (Options.Password is not null)
            {
                hello.AddRange(["AUTH", Options.User ?? "default", Options.Password]);
            }

            if (Options.ClientName is not null)
            {
                hello.AddRange(["SETNAME", Options.ClientName]);
            }

            replies.Add(SendDuringHandshake(connection, "HELLO", [.. hello]));
        }
        else
        {
            if (Options.Password is not null)
            {
                replies.Add(Options.User is null
                    ? SendDuringHandshake(connection, "AUTH", [Options.Password])
                    : SendDuringHandshake(connection, "AUTH", [Options.User, Options.Password]));
            }

            if (Options.ClientName is not null)
            {
                replies.Add(SendDuringHandshake(connection, "CLIENT", ["SETNAME", Options.ClientName]));
            }
        }

        if (Options.Database != 0)
        {
            replies.Add(SendDuringHandshake(connection, "SELECT", [Options.Database]));
        }

        // A connection that cannot answer is as good as refused.
        replies.Add(SendDuringHandshake(connection, "PING", []));
        try
        {
            foreach (var reply in replies)
            {
                await reply.WaitAsync(Options.ConnectTimeout, _disposeToken);
            }
        }
        catch (TimeoutException)
        {
            throw new RedisConnectionException(
                $"{EndPoint} accepted the connection but did not answer the handshake within {Options.ConnectTimeout.TotalMilliseconds:0} ms.");
        }
    }

    private Task<RedisResult> SendDuringHandshake(RedisConnection connection, string command, ReadOnlySpan<RedisValue> args)
    {
        Interlocked.Increment(ref _pending);
        var pending = PendingCommand<RedisResult, RawReply>.Rent(command, Options.ConnectTimeout, long.MaxValue);
        var task = pending.Task;
        if (!connection.TryEnqueue(pending, command, args))
        {
            Fail(pending, new RedisConnectionException($"The connection to {EndPoint} closed during the handshake.", wasSent: false));
        }

        return task.AsTask();
    }

    // Moves the backlog, in order, onto the new connection and only then makes it visible to callers, so a
    // caller's commands keep their order across a reconnect.
    private bool TryPublish(RedisConnection connection)
    {
        List<PendingCommand>? dropped = null;
        try
        {
            lock (_sync)
            {
                if (_disposed)
                {
                    return false;
                }

                while (_backlog.TryPeek(out var pending))
                {
                    if (pending.IsClaimed)
                    {
                        (dropped ??= []).Add(_backlog.Dequeue());
                        continue;
                    }

                    if (!connection.TryEnqueue(pending))
                    {
                        return false;
                    }

                    _backlog.Dequeue();
                }

                _backlogNextDeadline = long.MaxValue;
                _connection = connection;
                _connecting = false;
                _lastError = null;
                Interlocked.Increment(ref _connects);
                _connected.TrySetResult();
                return true;
            }
        }
        finally
        {
            // Timed out while waiting: already failed by the tick, only the queue's reference is left to drop.
            if (dropped is not null)
            {
                foreach (var pending in dropped)
                {
                    pending.ReleaseQueueReference();
                }

                OnDequeued(dropped.Count);
            }
        }
    }

    private void OnTick()
    {
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
        {
            return;
        }

        try
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= Interlocked.Read(ref _backlogNextDeadline))
            {
                ExpireBacklog(now);
            }

            var connection = _connection;
            if (connection is null)
            {
                return;
            }

            var dead = connection.CheckTimeouts(now, _expired, _unresponsiveTicks);
            foreach (var pending in _expired)
            {
                // Still queued on the connection: its reply, if it ever comes, is read and dropped.
                pending.SetFailure(TimeoutFor(pending));
            }

            _expired.Clear();
            if (dead)
            {
                connection.Close(new RedisTimeoutException(
                    $"{EndPoint} sent no reply for {Options.UnresponsiveTimeout.TotalMilliseconds:0} ms past a command's deadline; " +
                    "the connection is taken to be dead and will be replaced.",
                    wasSent: true));
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private void ExpireBacklog(long now)
    {
        List<PendingCommand>? expired = null;
        lock (_sync)
        {
            var next = long.MaxValue;
            for (var count = _backlog.Count; count > 0; count--)
            {
                var pending = _backlog.Dequeue();
                if (pending.Deadline <= now || pending.IsClaimed)
                {
                    (expired ??= []).Add(pending);
                    continue;
                }

                next = Math.Min(next, pending.Deadline);
                _backlog.Enqueue(pending);
            }

            _backlogNextDeadline = next;
        }

        if (expired is null)
        {
            return;
        }

        foreach (var pending in expired)
        {
            if (pending.TryClaim())
            {
                pending.SetFailure(TimeoutFor(pending));
            }

            pending.ReleaseQueueReference();
        }

        OnDequeued(expired.Count);
    }

    private RedisTimeoutException TimeoutFor(PendingCommand pending)
    {
        var timeout = pending.Timeout.TotalMilliseconds;
        return pending.Sent
            ? new RedisTimeoutException(
                $"{pending.Command} got no reply from {EndPoint} within its {timeout:0} ms timeout; " +
                "it was sent, so the server may or may not have executed it.",
                wasSent: true)
            : new RedisTimeoutException(
                $"{pending.Command} was not sent: no connection to {EndPoint} within its {timeout:0} ms timeout " +
                $"(last error: {Volatile.Read(ref _lastError)?.Message ?? "none"}).",
                wasSent: false);
    }
}
