using System.Diagnostics;
using System.Security.Cryptography;
using Baas.Authorizer.State;
using Baas.Events;
using Baas.Events.Log;
using Microsoft.Extensions.Logging;

namespace Baas.Authorizer.Engine;

/// <summary>
/// The decision engine: one thread owns all state (FASTER sessions, the log's append side, the registry), so
/// many connections on one account can never overspend or lose an update. Requests arrive on a bounded queue,
/// are decided and applied in order, appended to the log in batches, and leave only after the committer has
/// made their records durable (group commit). Recovery and replay use the same apply code as live processing.
/// </summary>
public sealed partial class Engine : IDisposable
{
    private const int MaxBatch = 256;

    private readonly AuthorizerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly StateStore _store;

    // Assigned in live mode only; replay-only engines (verification) never append.
    private readonly SegmentLogWriter _log = null!;
    private readonly BoundedQueue<WorkItem> _queue;
    /// <summary>
    /// Spinning before sleeping saves a wake-up when a core is free to spin on. With two cores or fewer the spin
    /// takes the core the network threads and clients need (measured: a third of a core at 10k/s), so it is off.
    /// </summary>
    internal static readonly bool SpinWhenIdle = Environment.ProcessorCount > 2;

    private readonly FileStream? _directoryLock;
    private readonly ManualResetEventSlim _signal = new(false, SpinWhenIdle ? 35 : 0);
    private readonly Thread? _thread;
    private readonly Lock _pendingLock = new();
    private readonly Queue<WorkItem> _pending = new(4096);
    private readonly List<WorkItem> _batch = new(MaxBatch);
    private readonly byte[] _panKey;
    private readonly PanTokenizer _tokenizer;
    private readonly byte[] _body = new byte[CardEvent.MaxEncodedSize];
    private readonly CardEvent _event = new();
    private readonly PriorityQueue<long, long> _expiries = new();
    private readonly EngineContext _context;
    private volatile bool _stopping;
    private long _lastAppliedSeq;
    private long _eventsSinceCheckpoint;
    private int _checkpointsSinceFull;
    private long _lastCheckpointTicks;
    private long _lastSweepTicks;
    private int _checkpointRunning;
    private Task _checkpointTask = Task.CompletedTask;
    private long _nowMicros;

    /// <summary>Opens state and log under the data directory, recovers, and starts the engine thread.</summary>
    public Engine(AuthorizerOptions options, ILogger<Engine> logger)
        : this(options, logger, replayOnly: false)
    {
    }

    /// <summary>
    /// With <paramref name="replayOnly"/>, recovers and replays the log (read-only) and stops there: no log
    /// writer, no engine thread. Verification builds state this way.
    /// </summary>
    internal Engine(AuthorizerOptions options, ILogger<Engine> logger, bool replayOnly)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _time = options.Time;
        Directory.CreateDirectory(options.DataDirectory);
        if (!replayOnly)
        {
            _directoryLock = LockDataDirectory(options.DataDirectory);
        }

        _panKey = LoadPanKey(options);
        _tokenizer = new PanTokenizer(_panKey);
        _zonePinKey = Convert.FromHexString(options.ZonePinKey);
#pragma warning disable CA5350 // ISO 9564 PIN blocks travel under 3DES zone keys: the networks mandate it.
        _tripleDes = TripleDES.Create();
#pragma warning restore CA5350
        _tripleDes.Key = Security.TripleLength(_zonePinKey);

        var stateDir = Path.Combine(options.DataDirectory, "state");
        Directory.CreateDirectory(stateDir);
        StateDirectory = stateDir;
        LogDirectory = options.LogDirectory ?? Path.Combine(options.DataDirectory, "log");
        Registry = new ProgramRegistry();
        _store = new StateStore(Path.Combine(stateDir, "kv"), options.Sizing);
        _queue = new BoundedQueue<WorkItem>(options.QueueCapacity);
        _context = new EngineContext(this);

        var started = Stopwatch.GetTimestamp();
        var manifest = Manifest.Load(stateDir);
        if (manifest is not null)
        {
            _store.Recover(manifest.Tokens);
            Registry.Restore(manifest.Registry);
            _lastAppliedSeq = manifest.LastSeq;
        }

        var checkpointSeq = _lastAppliedSeq;
        RecoveredAt = manifest?.LastSeq ?? 0;
        if (replayOnly)
        {
            ReadOnly = true;
            ReplayedEvents = Replay(checkpointSeq + 1);
            return;
        }

        _log = new SegmentLogWriter(LogDirectory, new SegmentLogOptions
        {
            Committed = OnCommitted,
            UnsafeNoFsync = options.UnsafeNoFsync,
        });
        if (_log.RecoveredLastSeq < checkpointSeq)
        {
            throw new InvalidDataException(
                $"the authorization log ends at {_log.RecoveredLastSeq} but the checkpoint holds up to {checkpointSeq}; refusing to start");
        }

        ReplayedEvents = Replay(checkpointSeq + 1);
        RebuildExpiries();
        Log.Recovered(_logger, checkpointSeq, ReplayedEvents, _log.RecoveredLastSeq, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        // A checkpoint before serving. The first checkpoint in a process is slow (FASTER's checkpoint code runs
        // for the first time) and the engine thread waits for FASTER's version change, so a first checkpoint
        // taken under traffic held every request for hundreds of milliseconds (answered 91). Taking it here also
        // means the next recovery replays only what comes after this start.
        TryStartCheckpoint().Task.GetAwaiter().GetResult();

        _lastCheckpointTicks = _lastSweepTicks = Stopwatch.GetTimestamp();
        _thread = new Thread(Run) { IsBackground = true, Name = "authorizer-engine", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>True for a replay-only engine.</summary>
    internal bool ReadOnly { get; }

    /// <summary>Programs and keys.</summary>
    public ProgramRegistry Registry { get; }

    /// <summary>Where the FASTER stores and the manifest live.</summary>
    public string StateDirectory { get; }

    /// <summary>Where the log segments live.</summary>
    public string LogDirectory { get; }

    /// <summary>The checkpoint sequence recovery started from.</summary>
    public long RecoveredAt { get; }

    /// <summary>Events replayed from the log at start-up.</summary>
    public long ReplayedEvents { get; }

    /// <summary>The last sequence appended (engine thread view; approximate elsewhere).</summary>
    public long HeadSeq => Volatile.Read(ref _lastAppliedSeq);

    /// <summary>The last sequence durable in the log.</summary>
    public long CommittedSeq => _log.CommittedSeq;

    /// <summary>Requests waiting for the engine.</summary>
    public long QueueDepth => _queue.Count;

    /// <summary>Set by the metrics class to observe commits (seconds per group commit).</summary>
    internal Action<double>? CommitObserved { get; set; }

    /// <summary>Hands a request to the engine; false when the queue is full (the caller sheds it with 91).</summary>
    internal bool TrySubmit(WorkItem item)
    {
        if (!_queue.TryEnqueue(item))
        {
            return false;
        }

        _signal.Set();
        return true;
    }

    /// <summary>Runs a management command on the engine thread and returns once its events are durable.</summary>
    public Task<T> ExecuteAsync<T>(Func<EngineContext, T> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var item = new WorkItem
        {
            Kind = WorkKind.Command,
            Command = c => command(c),
            Completion = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        var task = item.Completion.Task;
        var spin = new SpinWait();
        while (!TrySubmit(item))
        {
            if (_stopping)
            {
                throw new InvalidOperationException("the engine is stopping");
            }

            spin.SpinOnce();
        }

        return Unwrap(task);

        static async Task<T> Unwrap(Task<object?> task) => (T)(await task)!;
    }

    /// <summary>
    /// Takes a checkpoint now and waits until its manifest is written (tests and shutdown). When one is already
    /// running (it may have been cut before the latest events), waits for it and then takes a new one.
    /// </summary>
    public async Task CheckpointNowAsync()
    {
        while (true)
        {
            var (started, task) = await ExecuteAsync(c => c.Engine.TryStartCheckpoint());
            await task;
            if (started)
            {
                return;
            }
        }
    }

    /// <summary>Stops accepting work, finishes what is queued, flushes the log, checkpoints and closes.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        if (ReadOnly)
        {
            _stopping = true;
            _store.Dispose();
            _tripleDes.Dispose();
            _signal.Dispose();
            return;
        }

        try
        {
            CheckpointNowAsync().Wait(TimeSpan.FromSeconds(60));
        }
        catch (AggregateException e)
        {
            Log.CheckpointFailed(_logger, e.InnerException ?? e);
        }

        _stopping = true;
        _signal.Set();
        _thread!.Join();
        _log.Dispose();
        _store.Dispose();
        _tripleDes.Dispose();
        _signal.Dispose();
        _directoryLock?.Dispose();
    }

    /// <summary>
    /// Takes the data directory for this process: a second authorizer on the same state and log would corrupt both,
    /// so it is refused with a clear message. The lock (flock on <c>LOCK</c>) goes with the process, even on a kill.
    /// </summary>
    private static FileStream LockDataDirectory(string directory)
    {
        var path = Path.Combine(directory, "LOCK");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"the data directory {directory} is in use by another authorizer (its {path} is locked)", e);
        }
    }

    private void Run()
    {
        var spin = 0;
        while (true)
        {
            _nowMicros = NowMicros();
            var n = 0;
            while (n < MaxBatch && _queue.TryDequeue(out var item))
            {
                Process(item);
                _batch.Add(item);
                n++;
            }

            if (n > 0)
            {
                spin = 0;
                EndBatch();

                // Under sustained load the queue is never empty: time-based checkpoints and hold sweeps must
                // not wait for an idle moment that never comes.
                Housekeeping();
                continue;
            }

            if (_stopping)
            {
                _log.Commit();
                DrainCompleted(_log.CommittedSeq);
                return;
            }

            Housekeeping();
            if (SpinWhenIdle && ++spin < 50)
            {
                Thread.SpinWait(20);
                continue;
            }

            _signal.Reset();
            if (_queue.Count == 0 && !_stopping)
            {
                _signal.Wait(TimeSpan.FromMilliseconds(Math.Min(1000, _options.SweepSeconds * 1000)));
            }

            spin = 0;
        }
    }

    private void Process(WorkItem item)
    {
        try
        {
            if (item.Kind == WorkKind.Command)
            {
                try
                {
                    item.CommandResult = item.Command!(_context);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    item.CommandError = e;
                }
            }
            else
            {
                ProcessIso(item);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug must not take the engine down: answer 96 and carry on.
            Log.ProcessingFailed(_logger, e);
            item.Reason = DeclineReason.SystemError;
            if (item.Kind == WorkKind.Iso)
            {
                BuildErrorResponse(item, DeclineReason.SystemError);
            }
        }

        item.WaitSeq = _log.NextSeq - 1;
        item.DecidedTicks = Stopwatch.GetTimestamp();
    }

    private void EndBatch()
    {
        lock (_pendingLock)
        {
            foreach (var item in _batch)
            {
                _pending.Enqueue(item);
            }
        }

        _batch.Clear();
        _log.Commit();

        // Items that appended nothing new may already be durable; the committer only calls back on progress.
        DrainCompleted(_log.CommittedSeq);
        if (_eventsSinceCheckpoint >= _options.CheckpointEvents)
        {
            StartCheckpoint();
        }
    }

    private void OnCommitted(long committedSeq, double seconds)
    {
        CommitObserved?.Invoke(seconds);
        DrainCompleted(committedSeq);
    }

    private void DrainCompleted(long committedSeq)
    {
        while (true)
        {
            WorkItem item;
            lock (_pendingLock)
            {
                if (_pending.Count == 0 || _pending.Peek().WaitSeq > committedSeq)
                {
                    return;
                }

                item = _pending.Dequeue();
            }

            Complete(item);
        }
    }

    private static void Complete(WorkItem item)
    {
        if (item.Kind == WorkKind.Command)
        {
            if (item.CommandError is not null)
            {
                item.Completion!.TrySetException(item.CommandError);
            }
            else
            {
                item.Completion!.TrySetResult(item.CommandResult);
            }

            return;
        }

        item.Owner?.Complete(item);
    }

    private void Housekeeping()
    {
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_lastSweepTicks, now).TotalSeconds >= _options.SweepSeconds)
        {
            _lastSweepTicks = now;
            _nowMicros = NowMicros();
            if (SweepExpiredHolds() > 0)
            {
                _log.Commit();
            }
        }

        if (Stopwatch.GetElapsedTime(_lastCheckpointTicks, now).TotalSeconds >= _options.CheckpointSeconds && _eventsSinceCheckpoint > 0)
        {
            StartCheckpoint();
        }
    }

    /// <summary>
    /// Starts a checkpoint at the current point (engine thread, between events). The manifest is written in
    /// the background once the FASTER checkpoint is durable and the log is durable up to the same sequence.
    /// </summary>
    private Task StartCheckpoint() => TryStartCheckpoint().Task;

    /// <summary>Starts a checkpoint unless one is running; either way returns the task of the one that runs.</summary>
    private (bool Started, Task Task) TryStartCheckpoint()
    {
        if (Interlocked.Exchange(ref _checkpointRunning, 1) == 1)
        {
            return (false, _checkpointTask);
        }

        _lastCheckpointTicks = Stopwatch.GetTimestamp();
        _eventsSinceCheckpoint = 0;
        var seq = _lastAppliedSeq;
        var registry = Registry.ToSnapshot();
        var started = Stopwatch.GetTimestamp();
        Task<StoreTokens> tokens;
        var full = !_store.HasIndexCheckpoint || ++_checkpointsSinceFull >= Math.Max(1, _options.FullCheckpointEvery);
        if (full)
        {
            _checkpointsSinceFull = 0;
        }

        try
        {
            tokens = _store.BeginCheckpoint(full);
        }
        catch (InvalidOperationException e)
        {
            Volatile.Write(ref _checkpointRunning, 0);
            Log.CheckpointFailed(_logger, e);
            return (true, Task.CompletedTask);
        }

        _log.Commit();
        _checkpointTask = Task.Run(async () =>
        {
            try
            {
                var t = await tokens;
                while (_log.CommittedSeq < seq)
                {
                    await Task.Delay(1);
                }

                new Manifest(Manifest.CurrentVersion, seq, t, registry, _time.GetUtcNow()).Save(StateDirectory);
                Log.Checkpointed(_logger, full ? "Full checkpoint" : "Checkpoint", seq, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

                // Only now that the manifest names the new checkpoint may the older ones go.
                _store.PurgeCheckpointsExcept(t);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                Log.CheckpointFailed(_logger, e);
            }
            finally
            {
                Volatile.Write(ref _checkpointRunning, 0);
            }
        });
        return (true, _checkpointTask);
    }

    private long Replay(long fromSeq)
    {
        using var reader = new SegmentLogReader(LogDirectory);
        reader.Seek(fromSeq);
        var decoded = new LogEvent();
        long count = 0;
        while (reader.TryReadNext())
        {
            if (!decoded.TryDecode(reader.Current))
            {
                throw new InvalidDataException($"log record {reader.LastSeq} cannot be decoded");
            }

            ApplyDecoded(decoded);
            count++;
        }

        return count;
    }

    /// <summary>Applies one decoded log event to the state (replay and verification).</summary>
    internal void ApplyDecoded(LogEvent e)
    {
        if (e.IsCardEvent)
        {
            ApplyCard(e.Seq, e.TimestampMicros, e.Type, e.Card);
        }
        else if (e.Management is not null)
        {
            ApplyManagement(e.Seq, e.TimestampMicros, e.Management);
        }

        _lastAppliedSeq = e.Seq;
    }

    private void RebuildExpiries()
    {
        _expiries.Clear();
        foreach (var hold in _store.Holds())
        {
            if (hold.State == HoldState.Active && hold.ExpiresAt > 0)
            {
                _expiries.Enqueue(hold.HoldId, hold.ExpiresAt);
            }
        }
    }

    /// <summary>Appends a card event built in <see cref="_event"/>, applies it, and returns its sequence.</summary>
    private long AppendCard(EventType type)
    {
        var length = _event.Encode(_body);
        var seq = _log.Append(type, CardEvent.Version, _nowMicros, _body.AsSpan(0, length));
        ApplyCard(seq, _nowMicros, type, _event);
        _lastAppliedSeq = seq;
        _eventsSinceCheckpoint++;
        return seq;
    }

    /// <summary>Appends a management event, applies it, and returns its sequence.</summary>
    internal long AppendManagement(ManagementEvent e)
    {
        var seq = _log.Append(e.Type, 1, _nowMicros, e.Encode());
        ApplyManagement(seq, _nowMicros, e);
        _lastAppliedSeq = seq;
        _eventsSinceCheckpoint++;
        return seq;
    }

    private long NowMicros() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;

    /// <summary>The engine's idea of now, in Unix microseconds (cached per batch).</summary>
    internal long Now => _nowMicros;

    internal StateStore Store => _store;

    internal ReadOnlySpan<byte> PanKey => _panKey;

    private static byte[] LoadPanKey(AuthorizerOptions options)
    {
        if (!string.IsNullOrEmpty(options.PanKey))
        {
            return Convert.FromHexString(options.PanKey);
        }

        var path = Path.Combine(options.DataDirectory, "pan.key");
        if (File.Exists(path))
        {
            return Convert.FromHexString(File.ReadAllText(path).Trim());
        }

        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToHexString(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Recovered: checkpoint at {Checkpoint}, replayed {Replayed} events to {Head} in {Milliseconds:F0} ms")]
        public static partial void Recovered(ILogger logger, long checkpoint, long replayed, long head, double milliseconds);

        [LoggerMessage(2, LogLevel.Information, "{Kind} at {Seq} written in {Milliseconds:F0} ms")]
        public static partial void Checkpointed(ILogger logger, string kind, long seq, double milliseconds);

        [LoggerMessage(3, LogLevel.Error, "Checkpoint failed")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "Processing a request failed; answered 96")]
        public static partial void ProcessingFailed(ILogger logger, Exception exception);
    }
}

/// <summary>What a management command sees: the engine's state and the ability to append events.</summary>
public sealed class EngineContext
{
    internal EngineContext(Engine engine) => Engine = engine;

    internal Engine Engine { get; }
}
