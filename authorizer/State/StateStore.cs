using Baas.Events;
using FASTER.core;

namespace Baas.Authorizer.State;

/// <summary>Sizes of the FASTER stores: hash buckets and in-memory log per store (the rest spills to disk).</summary>
public sealed record StateSizing(long CardBuckets, long AccountBuckets, long HoldBuckets, long IndexBuckets, int MemoryBits, int PageBits)
{
    /// <summary>
    /// Production defaults: a million cards and accounts in memory, holds and index spill to disk. A FASTER
    /// bucket holds seven entries (and chains overflow buckets), so 2^18 buckets index a million keys; more
    /// would only make every full checkpoint write a larger hash table (64 bytes a bucket).
    /// </summary>
    public static StateSizing Default { get; } = new(1L << 18, 1L << 18, 1L << 18, 1L << 19, 28, 22);

    /// <summary>Small stores for tests and demos.</summary>
    public static StateSizing Small { get; } = new(1L << 14, 1L << 14, 1L << 14, 1L << 15, 23, 20);
}

/// <summary>
/// One store's checkpoint: the hash index checkpoint and the log checkpoint to recover with. A full checkpoint
/// has the same token for both; an incremental one names the last full checkpoint's index.
/// </summary>
public readonly record struct StoreToken(Guid Index, Guid Log);

/// <summary>The checkpoint tokens of the four stores.</summary>
public sealed record StoreTokens(StoreToken Cards, StoreToken Accounts, StoreToken Holds, StoreToken Index);

/// <summary>
/// The authorizer's state in four FASTER key-value stores: cards by token, accounts by number, holds by id,
/// and an index (duplicates, original-transaction lookups, external ids, idempotency keys). Every session
/// here belongs to the engine thread; nothing else touches the state. Reads and writes do not allocate.
/// </summary>
public sealed class StateStore : IDisposable
{
    private readonly Store<CardToken, CardRecord> _cards;
    private readonly Store<long, AccountRecord> _accounts;
    private readonly Store<long, HoldRecord> _holds;
    private readonly Store<IndexKey, IndexRecord> _index;

    /// <summary>Opens the stores under <paramref name="directory"/> (empty until recovered).</summary>
    public StateStore(string directory, StateSizing sizing)
    {
        Directory = directory;
        _cards = new Store<CardToken, CardRecord>(Path.Combine(directory, "cards"), sizing.CardBuckets, sizing, new TokenComparer());
        _accounts = new Store<long, AccountRecord>(Path.Combine(directory, "accounts"), sizing.AccountBuckets, sizing, new LongComparer());
        _holds = new Store<long, HoldRecord>(Path.Combine(directory, "holds"), sizing.HoldBuckets, sizing, new LongComparer());
        _index = new Store<IndexKey, IndexRecord>(Path.Combine(directory, "index"), sizing.IndexBuckets, sizing, new IndexComparer());
    }

    /// <summary>Where the stores keep their files.</summary>
    public string Directory { get; }

    public bool TryGetCard(in CardToken token, out CardRecord card) => _cards.TryGet(token, out card);

    public void PutCard(in CardRecord card) => _cards.Put(card.Token, card);

    public bool TryGetAccount(long accountNo, out AccountRecord account) => _accounts.TryGet(accountNo, out account);

    public void PutAccount(in AccountRecord account) => _accounts.Put(account.AccountNo, account);

    public bool TryGetHold(long holdId, out HoldRecord hold) => _holds.TryGet(holdId, out hold);

    public void PutHold(in HoldRecord hold) => _holds.Put(hold.HoldId, hold);

    public bool TryGetIndex(in IndexKey key, out IndexRecord record) => _index.TryGet(key, out record);

    public void PutIndex(in IndexKey key, in IndexRecord record) => _index.Put(key, record);

    public void DeleteIndex(in IndexKey key) => _index.Delete(key);

    /// <summary>
    /// Starts a checkpoint of every store. Called from the engine thread between two events: FASTER moves to
    /// the next version before this returns, so the checkpoint holds exactly the events applied so far.
    /// The returned task finishes when the checkpoint files are durable. A full checkpoint writes the hash
    /// indexes too (tens of megabytes: a disk busy with them made the authorization log's fsync wait seconds);
    /// an incremental one writes only the log pages changed since, and recovers with the last full index.
    /// </summary>
    public Task<StoreTokens> BeginCheckpoint(bool full)
    {
        var cards = _cards.BeginCheckpoint(full);
        var accounts = _accounts.BeginCheckpoint(full);
        var holds = _holds.BeginCheckpoint(full);
        var index = _index.BeginCheckpoint(full);
        return Complete(cards, accounts, holds, index);

        static async Task<StoreTokens> Complete(Task<StoreToken> cards, Task<StoreToken> accounts, Task<StoreToken> holds, Task<StoreToken> index) =>
            new(await cards, await accounts, await holds, await index);
    }

    /// <summary>Whether every store has a full checkpoint an incremental one can build on.</summary>
    public bool HasIndexCheckpoint => _cards.HasIndexCheckpoint && _accounts.HasIndexCheckpoint && _holds.HasIndexCheckpoint && _index.HasIndexCheckpoint;

    /// <summary>
    /// Deletes every checkpoint but <paramref name="keep"/>. Call only once the manifest names
    /// <paramref name="keep"/>: until then a crash recovers from the previous checkpoint, which must still exist.
    /// </summary>
    public void PurgeCheckpointsExcept(StoreTokens keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        _cards.PurgeExcept(keep.Cards);
        _accounts.PurgeExcept(keep.Accounts);
        _holds.PurgeExcept(keep.Holds);
        _index.PurgeExcept(keep.Index);
    }

    /// <summary>Recovers every store from a checkpoint.</summary>
    public void Recover(StoreTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _cards.Recover(tokens.Cards);
        _accounts.Recover(tokens.Accounts);
        _holds.Recover(tokens.Holds);
        _index.Recover(tokens.Index);
    }

    /// <summary>Every card (for verification and rebuilding in-memory views; allocates).</summary>
    public IEnumerable<CardRecord> Cards() => _cards.Values();

    /// <summary>Every account.</summary>
    public IEnumerable<AccountRecord> Accounts() => _accounts.Values();

    /// <summary>Every hold.</summary>
    public IEnumerable<HoldRecord> Holds() => _holds.Values();

    /// <summary>Counts of records (live ones, after iteration).</summary>
    public (long Cards, long Accounts, long Holds) Counts() => (_cards.Values().LongCount(), _accounts.Values().LongCount(), _holds.Values().LongCount());

    /// <inheritdoc />
    public void Dispose()
    {
        _cards.Dispose();
        _accounts.Dispose();
        _holds.Dispose();
        _index.Dispose();
    }

    private sealed class Store<TKey, TValue> : IDisposable
        where TKey : struct
        where TValue : struct
    {
        private readonly FasterKV<TKey, TValue> _kv;
        private readonly IDevice _device;
        private readonly ClientSession<TKey, TValue, TValue, TValue, Empty, SimpleFunctions<TKey, TValue>> _session;
        private readonly DeviceLogCommitCheckpointManager _checkpoints;

        /// <summary>
        /// The share of the in-memory log that is updated in place. FASTER's default (0.9) leaves nearly all of it
        /// unflushed, so each checkpoint wrote hundreds of megabytes at once and the authorization log's fsync
        /// queued behind them: no responses for 1.5-3 s at 10k/s. With a small mutable region FASTER flushes pages
        /// as they turn read-only, spread over time, and a checkpoint writes only the tail. Updates to older
        /// records are appended at the tail instead (read-copy-update), which costs log space, not latency.
        /// </summary>
        private const double MutableFraction = 0.1;

        public Store(string directory, long buckets, StateSizing sizing, IFasterEqualityComparer<TKey> comparer)
        {
            System.IO.Directory.CreateDirectory(directory);
            _device = Devices.CreateLogDevice(Path.Combine(directory, "hlog.log"), preallocateFile: false, deleteOnClose: false);

            // Old checkpoints are removed by us, not by FASTER: FASTER's RemoveOutdated deletes a store's previous
            // checkpoint as soon as its new one is written, before the manifest names the new one, so a crash in
            // between left a manifest pointing at a deleted checkpoint and a state that could not be recovered.
            _checkpoints = new DeviceLogCommitCheckpointManager(
                new LocalStorageNamedDeviceFactory(),
                new DefaultCheckpointNamingScheme(Path.GetFullPath(Path.Combine(directory, "checkpoints"))),
                removeOutdated: false);
            _kv = new FasterKV<TKey, TValue>(
                buckets,
                new LogSettings { LogDevice = _device, MemorySizeBits = sizing.MemoryBits, PageSizeBits = sizing.PageBits, MutableFraction = MutableFraction },
                new CheckpointSettings { CheckpointManager = _checkpoints },
                comparer: comparer);
            _session = _kv.For(new SimpleFunctions<TKey, TValue>()).NewSession<SimpleFunctions<TKey, TValue>>();
        }

        public bool TryGet(TKey key, out TValue value)
        {
            value = default;
            var status = _session.Read(ref key, ref value);
            if (status.IsPending)
            {
                _session.CompletePendingWithOutputs(out var outputs, wait: true);
                using (outputs)
                {
                    if (outputs.Next())
                    {
                        status = outputs.Current.Status;
                        value = outputs.Current.Output;
                    }
                }
            }

            return status.Found;
        }

        public void Put(TKey key, TValue value)
        {
            var status = _session.Upsert(ref key, ref value);
            if (status.IsPending)
            {
                _session.CompletePending(wait: true);
            }
        }

        public void Delete(TKey key)
        {
            var status = _session.Delete(ref key);
            if (status.IsPending)
            {
                _session.CompletePending(wait: true);
            }
        }

        /// <summary>The index checkpoint incremental checkpoints recover with (set once a full one is durable).</summary>
        private Guid _indexToken;

        public bool HasIndexCheckpoint => _indexToken != Guid.Empty;

        public Task<StoreToken> BeginCheckpoint(bool full)
        {
            if (!full && _indexToken == Guid.Empty)
            {
                throw new InvalidOperationException("an incremental checkpoint needs a full one first");
            }

            var before = _kv.SystemState.Version;
            var pending = full ? _kv.TakeFullCheckpointAsync(CheckpointType.FoldOver) : _kv.TakeHybridLogCheckpointAsync(CheckpointType.FoldOver);

            // The cut must be here, between two events: wait (briefly; nothing holds the epoch) until FASTER
            // has moved to the next version, so that no later write can land in this checkpoint.
            var spin = new SpinWait();
            var started = Environment.TickCount64;
            while (_kv.SystemState.Version == before && !pending.IsCompleted)
            {
                spin.SpinOnce();
                if (Environment.TickCount64 - started > 10_000)
                {
                    throw new InvalidOperationException("FASTER did not start the checkpoint version");
                }
            }

            return Finish(pending, full ? Guid.Empty : _indexToken);

            async Task<StoreToken> Finish(ValueTask<(bool Success, Guid Token)> pending, Guid index)
            {
                var (success, token) = await pending;
                if (!success)
                {
                    throw new InvalidOperationException("FASTER checkpoint failed");
                }

                if (index == Guid.Empty)
                {
                    index = token;
                    _indexToken = token;
                }

                return new StoreToken(index, token);
            }
        }

        public void Recover(StoreToken token)
        {
            if (token.Index == token.Log)
            {
                _kv.Recover(token.Log);
            }
            else
            {
                _kv.Recover(token.Index, token.Log);
            }

            _indexToken = token.Index;
        }

        public void PurgeExcept(StoreToken keep)
        {
            foreach (var token in _checkpoints.GetLogCheckpointTokens().Concat(_checkpoints.GetIndexCheckpointTokens()).Distinct().ToList())
            {
                if (token != keep.Index && token != keep.Log)
                {
                    _checkpoints.Purge(token);
                }
            }
        }

        public IEnumerable<TValue> Values()
        {
            using var iterator = _session.Iterate();
            while (iterator.GetNext(out _))
            {
                yield return iterator.GetValue();
            }
        }

        public void Dispose()
        {
            _session.Dispose();
            _kv.Dispose();
            _device.Dispose();
            _checkpoints.Dispose();
        }
    }

    private sealed class TokenComparer : IFasterEqualityComparer<CardToken>
    {
        public long GetHashCode64(ref CardToken k) => k.Hash64;

        public bool Equals(ref CardToken k1, ref CardToken k2) => k1.Equals(k2);
    }

    private sealed class LongComparer : IFasterEqualityComparer<long>
    {
        public long GetHashCode64(ref long k) => Utility.GetHashCode(k);

        public bool Equals(ref long k1, ref long k2) => k1 == k2;
    }

    private sealed class IndexComparer : IFasterEqualityComparer<IndexKey>
    {
        public long GetHashCode64(ref IndexKey k) => k.Hash64();

        public bool Equals(ref IndexKey k1, ref IndexKey k2) => k1.Equals(k2);
    }
}
