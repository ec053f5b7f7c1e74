using System.Diagnostics;
using Baas.Authorizer.Tests.Harness;
using Baas.Events;
using Baas.Events.Log;
using Baas.Events.Relay;
using Baas.Host.Components;
using Baas.Ledger;
using Baas.Redis;
using Npgsql;

namespace Baas.Authorizer.Tests;

/// <summary>
/// Faults under a ledger-only process (<c>baas run --components ledger</c>) that consumes the authorizer's log from
/// the Redis stream while card traffic keeps flowing: its PostgreSQL is restarted (<c>pg_ctl stop -m fast</c>) and
/// later crashes (<c>-m immediate</c>), or Redis is killed and comes back with its AOF or with nothing at all. The
/// authorizer approves throughout; the ledger's consumer recovers by itself each time and ends at the authorizer's
/// committed sequence with exactly one journal entry per money-moving log record (nothing lost, nothing doubled),
/// balances equal to the authorizer's, books that verify and a reconciliation that finds nothing.
/// </summary>
public sealed class LedgerFaultTests
{
    private const string Bin = "490000";

    /// <summary>The relay's stream (<see cref="LogRelayOptions.Stream"/>).</summary>
    private static readonly string StreamKey = new LogRelayOptions().Stream;

    private static readonly string[] Accounts = ["fault-a", "fault-b", "fault-c"];

    [RequiresRedisServerFact]
    public async Task A_postgres_restart_and_a_postgres_crash_while_the_ledger_consumes_lose_and_double_nothing()
    {
        if (!PostgresInstalled())
        {
            return;
        }

        await using var pg = await PostgresServerProcess.CreateAsync();
        var ledgerDb = await pg.CreateDatabaseAsync("ledger_faults");
        await using var redisServer = await RedisServerProcess.StartAsync("--appendonly", "yes", "--appendfsync", "always");
        await using var rig = await Rig.StartAsync(redisServer.EndPoint, ledgerDb);

        rig.StartLoad();
        await rig.WaitForLedgerAsync(p => p > 0, TimeSpan.FromSeconds(15), "applying anything before the first outage");
        await Task.Delay(300);

        // A clean restart (pg_ctl stop -m fast), then, once the ledger has caught up past it under load, a crash.
        await OutageAsync(immediate: false, TimeSpan.FromSeconds(1));
        var committed = (await rig.Authorizer.SeqsAsync()).Committed;
        await rig.WaitForLedgerAsync(p => p > committed, TimeSpan.FromSeconds(15), $"past {committed} after the restart, under load");
        var crashedAt = await OutageAsync(immediate: true, TimeSpan.FromMilliseconds(1_500));
        await Task.Delay(1_000);
        await rig.StopLoadAsync();

        var committedAtEnd = await rig.AssertCaughtUpAndCleanAsync(ledgerDb);
        Assert.True(committedAtEnd > crashedAt, $"the crash at ledger position {crashedAt} was not in the middle of the stream");
        var failures = rig.Ledger.Output.Split("Consumer ledger failing").Length - 1;
        Assert.True(failures >= 2, $"the ledger consumer reported {failures} failing spells for two outages:\n{rig.Ledger.Output}");

        // Stops PostgreSQL for a while under load, starts it again; returns the ledger's position when it went down.
        async Task<long> OutageAsync(bool immediate, TimeSpan down)
        {
            await pg.StopAsync(immediate);
            var stoppedAt = await rig.LedgerPositionAsync();
            var committedAtStop = (await rig.Authorizer.SeqsAsync()).Committed;
            await Task.Delay(down);
            var committedWhileDown = (await rig.Authorizer.SeqsAsync()).Committed;
            Assert.True(committedWhileDown > committedAtStop, $"the authorizer did not go on approving while PostgreSQL was down ({committedAtStop} -> {committedWhileDown})");
            Assert.True(await rig.LedgerPositionAsync() < committedWhileDown, "the ledger was not behind while PostgreSQL was down");
            await pg.StartAsync();
            return stoppedAt;
        }
    }

    [RequiresRedisServerTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_redis_restart_while_the_ledger_consumes_loses_and_doubles_nothing(bool persistent)
    {
        if (!PostgresInstalled())
        {
            return;
        }

        await using var pg = await PostgresServerProcess.CreateAsync();
        var ledgerDb = await pg.CreateDatabaseAsync("ledger_faults");

        // Without persistence the restarted Redis is empty: no stream, no consumer group. The relay publishes the
        // log again from seq 1 and the ledger skips what its stored position says it has.
        await using var redisServer = persistent
            ? await RedisServerProcess.StartAsync("--appendonly", "yes", "--appendfsync", "always")
            : await RedisServerProcess.StartAsync("--appendonly", "no");
        await using var rig = await Rig.StartAsync(redisServer.EndPoint, ledgerDb);

        rig.StartLoad();
        await rig.WaitForLedgerAsync(p => p > 0, TimeSpan.FromSeconds(15), "applying anything before the kill");
        await Task.Delay(300);
        redisServer.Kill();
        var killedAt = await rig.LedgerPositionAsync();
        var committedAtKill = (await rig.Authorizer.SeqsAsync()).Committed;
        await Task.Delay(1_000);
        var committedWhileDown = (await rig.Authorizer.SeqsAsync()).Committed;
        Assert.True(committedWhileDown > committedAtKill, $"the authorizer did not go on approving while Redis was down ({committedAtKill} -> {committedWhileDown})");
        await redisServer.StartAsync();
        await Task.Delay(1_000);
        await rig.StopLoadAsync();

        var committed = await rig.AssertCaughtUpAndCleanAsync(ledgerDb);
        Assert.True(committed > killedAt, $"the kill at ledger position {killedAt} was not in the middle of the stream");

        // Whatever Redis kept, the stream holds the whole log again, each record once (with nothing kept, the relay
        // must have noticed and published it again from seq 1).
        await using var redis = await RedisClient.ConnectAsync(new RedisClientOptions { EndPoint = redisServer.EndPoint, CommandTimeout = TimeSpan.FromSeconds(5) });
        var first = await redis.XRangeAsync(StreamKey, count: 1);
        var length = await redis.XLenAsync(StreamKey);
        var last = await LogRelay.LastPublishedAsync(redis, StreamKey);
        Assert.True(
            first.Count == 1 && LogRelay.SeqOf(first[0].Id) == 1 && length == committed && last == committed,
            $"after the Redis restart (persistent: {persistent}) the stream should hold 1..{committed}, but holds {length} entries " +
            $"{(first.Count == 1 ? LogRelay.SeqOf(first[0].Id) : 0)}..{last} (the ledger was at {killedAt} when Redis was killed)");
    }

    /// <summary>Under <c>CI=true</c> missing PostgreSQL binaries are a failure; elsewhere the test passes without running.</summary>
    private static bool PostgresInstalled()
    {
        if (PostgresServerProcess.InstalledBinDirectory is not null)
        {
            return true;
        }

        Assert.False(RedisTestEnvironment.IsCi, "no PostgreSQL server binaries (pg_ctl, initdb) under /usr/lib/postgresql/*/bin; under CI=true that is a failure (./baas up installs them)");
        return false;
    }

    /// <summary>An authorizer process relaying to Redis, a ledger-only process consuming the stream, and card traffic.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly TempDir _authorizerDir = new();
        private readonly TempDir _ledgerDir = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _pans = [];
        private IsoTestClient? _client;
        private Task<int>? _load;

        private Rig()
        {
        }

        public BaasServerProcess Authorizer { get; private set; } = null!;

        public BaasServerProcess Ledger { get; private set; } = null!;

        public static async Task<Rig> StartAsync(string redis, string pg)
        {
            var rig = new Rig();
            try
            {
                rig.Authorizer = await BaasServerProcess.StartAsync(rig._authorizerDir.Path, 60, "--redis", redis);
                await rig.Authorizer.CreateProgramAsync("ledger-faults", Bin);
                foreach (var account in Accounts)
                {
                    await rig.Authorizer.CreateAccountAsync(account, "ledger-faults", balance: 10_000_000);
                    var pan = Cards.NewPan(Bin);
                    await rig.Authorizer.IssueCardAsync(account, pan);
                    rig._pans.Add(pan);
                }

                rig.Ledger = await BaasServerProcess.StartComponentsAsync("ledger", rig._ledgerDir.Path, 60, "--redis", redis, "--pg", pg);
                rig._client = await rig.Authorizer.ConnectAsync();
                return rig;
            }
            catch
            {
                await rig.DisposeAsync();
                throw;
            }
        }

        /// <summary>
        /// Steady, bounded traffic from one client (one purchase at a time, a 1 ms pause after each: a few hundred log
        /// records a second): purchases round the accounts, and of the approved ones some fully reversed, some partly
        /// reversed, some completed for less.
        /// </summary>
        public void StartLoad() => _load = Task.Run(async () =>
        {
            var approved = 0;
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                var amount = 100 + (i % 7);
                var purchase = Requests.Authorization(_pans[i % _pans.Count], amount);
                if ((await _client!.SendAsync(purchase)).Code() == "00")
                {
                    approved++;
                    var follow = (approved % 6) switch
                    {
                        0 => Requests.Reversal(purchase),
                        2 => Requests.Reversal(purchase, actual: amount - 40),
                        4 => Requests.Completion(purchase, amount - 10),
                        _ => null,
                    };
                    if (follow is not null)
                    {
                        Assert.Equal("00", (await _client.SendAsync(follow)).Code());
                    }
                }

                await Task.Delay(1);
            }

            return approved;
        });

        public async Task StopLoadAsync()
        {
            await _stop.CancelAsync();
            var approved = await _load!;
            Assert.True(approved > 100, $"too little load: {approved} approvals");
        }

        /// <summary>The ledger consumer's position as the ledger process reports it (it answers while PostgreSQL is down).</summary>
        public async Task<long> LedgerPositionAsync() => (await Ledger.GetJsonAsync("/readyz")).GetProperty("ledgerPosition").GetInt64();

        public async Task WaitForLedgerAsync(Func<long, bool> reached, TimeSpan within, string what)
        {
            var clock = Stopwatch.StartNew();
            long position;
            while (!reached(position = await LedgerPositionAsync()))
            {
                Assert.False(Ledger.HasExited, $"the ledger process exited ({what}):\n{Tail(Ledger.Output)}");
                Assert.True(clock.Elapsed < within, $"the ledger did not get to {what} within {within.TotalSeconds:0} s (position {position}):\n{Tail(Ledger.Output)}");
                await Task.Delay(50);
            }
        }

        /// <summary>
        /// Waits for the ledger to reach the authorizer's committed sequence, then checks the books: one journal
        /// entry per money-moving record of the authorizer's log, each once; balances equal; verify and reconcile
        /// clean. Returns that committed sequence.
        /// </summary>
        public async Task<long> AssertCaughtUpAndCleanAsync(string pg)
        {
            var committed = await SettledCommittedAsync();
            await WaitForLedgerAsync(p => p >= committed, TimeSpan.FromSeconds(30), $"the authorizer's committed seq {committed} after the fault");
            Assert.False(Ledger.HasExited, $"the ledger process exited:\n{Tail(Ledger.Output)}");
            Assert.Equal(committed, (await Authorizer.SeqsAsync()).Committed);

            await using var dataSource = NpgsqlDataSource.Create(pg);
            Assert.Equal(committed, await new LedgerStore(dataSource).PositionAsync(LedgerStore.DefaultConsumer));

            var expected = MoneyMovingSeqs(Path.Combine(_authorizerDir.Path, "log"), committed);
            var (entries, distinct, seqs) = await JournalAsync(dataSource);
            Assert.Equal(entries, distinct);
            Assert.Equal(expected.Count, entries);
            Assert.Equal(expected, seqs);

            foreach (var account in Accounts)
            {
                var (posted, held, _) = await Authorizer.BalancesAsync(account);
                var balance = await Ledger.GetJsonAsync($"/v1/ledger/accounts/{account}/balance");
                Assert.Equal((posted, held), (balance.GetProperty("posted").GetInt64(), balance.GetProperty("pending").GetInt64()));
            }

            Assert.Empty(await new LedgerVerifier(dataSource).VerifyAsync());
            var reconciliation = await new LedgerReconciler(dataSource).RunAsync(new HttpAuthorizerClient(Authorizer.Http), TimeSpan.FromSeconds(10), "test");
            Assert.Equal((Accounts.Length, 1), (reconciliation.Accounts, reconciliation.Programs));
            Assert.Empty(reconciliation.Discrepancies);
            return committed;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            if (_load is not null)
            {
                await ((Task)_load).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (_client is not null)
            {
                await _client.DisposeAsync();
            }

            if (Ledger is not null)
            {
                await Ledger.DisposeAsync();
            }

            if (Authorizer is not null)
            {
                await Authorizer.DisposeAsync();
            }

            _stop.Dispose();
            _ledgerDir.Dispose();
            _authorizerDir.Dispose();
        }

        /// <summary>The committed sequence once the authorizer has made everything it wrote durable.</summary>
        private async Task<long> SettledCommittedAsync()
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var (head, committed) = await Authorizer.SeqsAsync();
                if (committed >= head)
                {
                    return committed;
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the authorizer did not commit up to its head {head} in 10 s (committed {committed})");
                await Task.Delay(20);
            }
        }

        /// <summary>The sequences of the records in the authorizer's log (1..<paramref name="committed"/>) that write a journal entry.</summary>
        private static List<long> MoneyMovingSeqs(string logDirectory, long committed)
        {
            var seqs = new List<long>();
            var decoded = new LogEvent();
            using var reader = new SegmentLogReader(logDirectory);
            long read = 0;
            while (reader.TryReadNextCommitted(committed))
            {
                read++;
                Assert.Equal(read, reader.LastSeq);
                var record = reader.Current;
                if (LedgerMapper.Affects(LogEvent.PeekType(record)))
                {
                    Assert.True(decoded.TryDecode(record), $"log record {reader.LastSeq} does not decode");
                    if (LedgerMapper.TryMap(decoded, out var operation) && operation.HasEntry)
                    {
                        seqs.Add(reader.LastSeq);
                    }
                }
            }

            Assert.Equal(committed, read);
            return seqs;
        }

        private static async Task<(long Entries, long Distinct, List<long> Seqs)> JournalAsync(NpgsqlDataSource dataSource)
        {
            long entries;
            long distinct;
            await using (var count = dataSource.CreateCommand("SELECT count(*), count(DISTINCT seq) FROM ledger.journal_entries"))
            await using (var reader = await count.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                (entries, distinct) = (reader.GetInt64(0), reader.GetInt64(1));
            }

            var seqs = new List<long>();
            await using (var list = dataSource.CreateCommand("SELECT seq FROM ledger.journal_entries ORDER BY seq"))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    seqs.Add(reader.GetInt64(0));
                }
            }

            return (entries, distinct, seqs);
        }

        private static string Tail(string output) => output.Length <= 6_000 ? output : output[^6_000..];
    }
}
