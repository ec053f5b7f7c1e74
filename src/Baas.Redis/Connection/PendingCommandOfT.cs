using System.Threading.Tasks.Sources;

namespace Baas.Redis.Connection;

/// <summary>
/// A pending command whose reply is converted by <typeparamref name="TConverter"/> (a static, so the JIT
/// specialises and inlines it) and handed out as a <see cref="ValueTask{TResult}"/>. Instances are pooled:
/// the queue and the awaiter each hold a reference, and the last one to let go returns it to the pool.
/// </summary>
internal sealed class PendingCommand<T, TConverter> : PendingCommand, IValueTaskSource<T>
    where TConverter : IReplyConverter<T>
{
    private const int PoolSize = 256;
    private static readonly PendingCommand<T, TConverter>[] Pool = new PendingCommand<T, TConverter>[PoolSize];
    private static readonly Lock PoolLock = new();
    private static int _pooled;

    // Sequential callers rent and return on the same thread: one cached instance each avoids the shared lock.
    [ThreadStatic]
    private static PendingCommand<T, TConverter>? _cached;

    // Continuations never run on the connection's read loop: a slow or blocking caller must not stall replies.
    private ManualResetValueTaskSourceCore<T> _core = new() { RunContinuationsAsynchronously = true };
    private int _references;

    private PendingCommand()
    {
    }

    public ValueTask<T> Task => new(this, _core.Version);

    public static PendingCommand<T, TConverter> Rent(string command, TimeSpan timeout, long deadline)
    {
        var pending = _cached;
        if (pending is not null)
        {
            _cached = null;
        }
        else
        {
            lock (PoolLock)
            {
                if (_pooled > 0)
                {
                    pending = Pool[--_pooled];
                    Pool[_pooled] = null!;
                }
            }

            pending ??= new PendingCommand<T, TConverter>();
        }

        pending.Command = command;
        pending.Timeout = timeout;
        pending.Deadline = deadline;
        pending._references = 2;
        return pending;
    }

    public override void SetReply(RedisResult reply)
    {
        if (reply.IsError && !TConverter.AcceptsErrors)
        {
            _core.SetException(new RedisServerException(reply.ErrorMessage!));
            return;
        }

        T value;
        try
        {
            value = TConverter.Convert(reply);
        }
#pragma warning disable CA1031 // Whatever the conversion throws belongs to the caller, never to the read loop.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _core.SetException(exception is RedisException
                ? exception
                : new RedisProtocolException($"The reply to {Command} has an unexpected shape: {reply}", exception));
            return;
        }

        _core.SetResult(value);
    }

    public override void SetFailure(Exception exception) => _core.SetException(exception);

    public override void ReleaseQueueReference() => Release();

    public T GetResult(short token)
    {
        if (_core.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            // Misuse (reading an unfinished ValueTask): let the core throw without giving up our reference.
            return _core.GetResult(token);
        }

        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }

        // Both owners are done: nobody can observe this instance any more, so it can serve another command.
        _core.Reset();
        ResetClaim();
        Sent = false;
        Payload = null;
        Command = string.Empty;
        if (_cached is null)
        {
            _cached = this;
            return;
        }

        lock (PoolLock)
        {
            if (_pooled < PoolSize)
            {
                Pool[_pooled++] = this;
            }
        }
    }
}
