using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baas.Authorizer.Tests.Harness;
using Baas.Iso8583;
using Xunit.Abstractions;

namespace Baas.Authorizer.Tests;

/// <summary>
/// The real <c>baas</c> process killed (SIGKILL) in the middle of load, then started again on the same data
/// directory: every approval a client received is there, nothing is there twice, requests whose response was
/// lost are either there once or not at all, and the log replays to the same state as checkpoint plus suffix.
/// Also a graceful stop (SIGTERM): exit 0, a manifest at the head, nothing to replay at the next start.
/// </summary>
public sealed partial class CrashTests(ITestOutputHelper output)
{
    private const string Bin = "400000";
    private const int Accounts = 40;
    private const long OpeningBalance = 100_000;

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task Kill_during_load_keeps_every_acknowledged_approval_and_applies_nothing_twice()
    {
        using var dir = new TempDir();
        var book = new Book();
        await using (var server = await BaasServerProcess.StartAsync(dir.Path))
        {
            Mark("started");
            await ProvisionAsync(server, book);
            Mark("provisioned");
            var figures = await DriveAndKillAsync(server, book, connections: 8, lanes: 6, killAfter: TimeSpan.FromSeconds(2.5), random: new Random(1));
            output.WriteLine($"crash run: {figures}");
            Assert.True(figures.Approved > 200, $"too little load before the kill: {figures}");
        }

        Assert.Equal(0, Verify(dir.Path));
        Mark("verified");
        await using (var server = await BaasServerProcess.StartAsync(dir.Path))
        {
            Mark("restarted");
            var recovered = Recovered(server.Output);
            output.WriteLine($"restart: checkpoint at {recovered.Checkpoint}, replayed {recovered.Replayed} events to {recovered.Head}");
            Assert.Equal(0, recovered.Checkpoint);
            await CheckAsync(server, book);
            Mark("checked");
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(15)));
            Mark("stopped");
        }

        Assert.Equal(0, Verify(dir.Path));
        Mark("verified");
    }

    [Fact]
    public async Task Kill_during_a_checkpoint_heavy_run_again_and_again()
    {
        using var dir = new TempDir();
        var book = new Book();
        var random = new Random(2);
        var checkpointsSeen = 0;
        var incrementalSeen = 0;
        for (var round = 0; round < int.Parse(Environment.GetEnvironmentVariable("CRASH_ROUNDS") ?? "3", CultureInfo.InvariantCulture); round++)
        {
            // Every other checkpoint full: recovery meets both full and incremental (log-only) checkpoints.
            await using (var server = await BaasServerProcess.StartAsync(dir.Path, checkpointSeconds: 1, "--full-checkpoint-every", "2"))
            {
                if (round == 0)
                {
                    await ProvisionAsync(server, book);
                }
                else
                {
                    var recovered = Recovered(server.Output);
                    output.WriteLine($"restart {round}: checkpoint at {recovered.Checkpoint}, replayed {recovered.Replayed} events to {recovered.Head}");
                    await CheckAsync(server, book);
                }

                var killAfter = TimeSpan.FromMilliseconds(2_000 + random.Next(1_500));
                var figures = await DriveAndKillAsync(server, book, connections: 6, lanes: 6, killAfter, random);
                var checkpoints = CheckpointLine().Count(server.Output);
                checkpointsSeen += checkpoints;
                incrementalSeen += server.Output.Split('\n').Count(l => l.Contains("Checkpoint at", StringComparison.Ordinal) && l.Contains("written", StringComparison.Ordinal));
                output.WriteLine($"round {round}: {figures}, {checkpoints} checkpoints written before the kill");
                WriteProblems(server.Output);
            }

            Assert.Equal(0, Verify(dir.Path));
        }

        Assert.True(checkpointsSeen >= 2, $"only {checkpointsSeen} checkpoints were written under load");
        Assert.True(incrementalSeen >= 1 && incrementalSeen < checkpointsSeen, $"{incrementalSeen} of {checkpointsSeen} checkpoints were incremental: expected a mix");
        await using (var server = await BaasServerProcess.StartAsync(dir.Path, checkpointSeconds: 1))
        {
            var recovered = Recovered(server.Output);
            output.WriteLine($"final restart: checkpoint at {recovered.Checkpoint}, replayed {recovered.Replayed} events to {recovered.Head}");
            Assert.True(recovered.Checkpoint > 0, "no checkpoint survived the crashes");
            await CheckAsync(server, book);
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(15)));
        }

        Assert.Equal(0, Verify(dir.Path));
    }

    [Fact]
    public async Task Sigterm_checkpoints_and_exits_0_and_the_next_start_replays_nothing()
    {
        using var dir = new TempDir();
        var book = new Book();
        (long Posted, long Held, long Available)[] before;
        long head;
        await using (var server = await BaasServerProcess.StartAsync(dir.Path, checkpointSeconds: 3600))
        {
            await ProvisionAsync(server, book, accounts: 4);
            var approvals = 0;
            await using (var client = await server.ConnectAsync())
            {
                for (var i = 0; i < 100; i++)
                {
                    var card = book.Cards[i % book.Cards.Count];
                    var response = await client.SendAsync(Requests.Authorization(card.Pan, 1_000 + (i * 500)));
                    approvals += response.Code() == "00" ? 1 : 0;
                }
            }

            Assert.True(approvals > 10, $"{approvals} approvals");
            before = await Task.WhenAll(book.AccountIds.Select(server.BalancesAsync));
            head = (await server.SeqsAsync()).Head;
            Assert.True(head > 100);

            var stopwatch = Stopwatch.StartNew();
            var exit = await server.TerminateAsync(TimeSpan.FromSeconds(10));
            output.WriteLine($"SIGTERM to exit: {stopwatch.ElapsedMilliseconds} ms, exit code {exit}");
            Assert.True(exit == 0, $"exit code {exit?.ToString(CultureInfo.InvariantCulture) ?? "none (still running)"}:\n{server.Output}");
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"graceful stop took {stopwatch.Elapsed}");
            Assert.Contains($"Checkpoint at {head} written", server.Output, StringComparison.Ordinal);
        }

        var manifestPath = Path.Combine(dir.Path, "state", "manifest.json");
        Assert.True(File.Exists(manifestPath));
        using (var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(manifestPath)))
        {
            Assert.Equal(head, manifest.RootElement.GetProperty("lastSeq").GetInt64());
        }

        await using (var server = await BaasServerProcess.StartAsync(dir.Path, checkpointSeconds: 3600))
        {
            var recovered = Recovered(server.Output);
            Assert.Equal((head, 0L, head), (recovered.Checkpoint, recovered.Replayed, recovered.Head));
            Assert.Equal(before, await Task.WhenAll(book.AccountIds.Select(server.BalancesAsync)));
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.Equal(0, Verify(dir.Path));
    }

    private static async Task ProvisionAsync(BaasServerProcess server, Book book, int accounts = Accounts)
    {
        var lines = new List<object> { new { type = "program", id = "crash", name = "Crash", bins = new[] { Bin } } };
        for (var a = 0; a < accounts; a++)
        {
            var id = $"crash-{a:D2}";
            lines.Add(new { type = "account", id, programId = "crash", currency = "USD", overdraftLimit = 0 });
            lines.Add(new { type = "credit", accountId = id, amount = OpeningBalance, reference = "opening-" + id });
            book.AccountIds.Add(id);
            for (var c = 0; c < 2; c++)
            {
                var pan = Cards.NewPan(Bin);
                lines.Add(new { type = "card", accountId = id, pan, expiry = "2812", state = "active" });
                book.Cards.Add((id, pan));
            }
        }

        await server.ImportAsync(lines);
    }

    /// <summary>Sends purchases from many connections, several in flight each, and kills the process after <paramref name="killAfter"/>.</summary>
    private static async Task<LoadFigures> DriveAndKillAsync(BaasServerProcess server, Book book, int connections, int lanes, TimeSpan killAfter, Random random)
    {
        var clients = new List<IsoTestClient>();
        for (var i = 0; i < connections; i++)
        {
            clients.Add(await server.ConnectAsync());
        }

        var seeds = Enumerable.Range(0, connections * lanes).Select(_ => random.Next()).ToArray();
        var stopwatch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, connections * lanes)
            .Select(i => Task.Run(() => LaneAsync(clients[i % connections], book, new Random(seeds[i]), stop.Token)))
            .ToArray();

        await Task.Delay(killAfter);
        var sentAtKill = book.Count;
        await server.KillAsync();
        var elapsed = stopwatch.Elapsed;
        stop.Cancel();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(20));
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        return book.Figures(sentAtKill, elapsed);
    }

    private static async Task LaneAsync(IsoTestClient client, Book book, Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var (accountId, pan) = book.Cards[random.Next(book.Cards.Count)];
            var amount = 150 + random.Next(350);
            var request = Requests.Authorization(pan, amount);
            var sent = book.Add(accountId, amount, request.GetString(IsoField.Rrn)!);
            IsoMessage response;
            try
            {
                response = await client.SendAsync(request, TimeSpan.FromSeconds(3));
            }
            catch (Exception e) when (e is IOException or TimeoutException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                // The process died with this request in flight: it may or may not have been applied.
                sent.Outcome = Outcome.Lost;
                return;
            }

            sent.Outcome = response.Code() is "00" or "10" ? Outcome.Approved : Outcome.Declined;
            if (response.Code() == "10")
            {
                throw new InvalidOperationException("no partial approvals were asked for");
            }
        }
    }

    /// <summary>After a restart: holds and balances account for every answer the clients got.</summary>
    private async Task CheckAsync(BaasServerProcess server, Book book)
    {
        var byAccount = book.Snapshot().GroupBy(s => s.AccountId).ToDictionary(g => g.Key, g => g.ToList());
        int present = 0, absent = 0;
        foreach (var accountId in book.AccountIds)
        {
            var sent = byAccount.GetValueOrDefault(accountId) ?? [];
            var holdsJson = await server.GetJsonAsync($"/v1/accounts/{accountId}/holds?state=all&limit=1000");
            var holds = holdsJson.EnumerateArray().Select(h => (Rrn: h.GetProperty("rrn").GetString()!, Authorized: h.GetProperty("authorized").GetInt64(), Remaining: h.GetProperty("remaining").GetInt64(), State: h.GetProperty("state").GetString()!)).ToList();
            Assert.True(holds.Count < 1000, "the hold listing was cut: use fewer requests per account");
            var duplicates = holds.GroupBy(h => h.Rrn).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(duplicates.Count == 0, $"{accountId}: holds applied twice: {string.Join(", ", duplicates)}");
            var holdByRrn = holds.ToDictionary(h => h.Rrn);
            var known = sent.ToDictionary(s => s.Rrn);
            foreach (var hold in holds)
            {
                Assert.True(known.TryGetValue(hold.Rrn, out var s), $"{accountId}: a hold for rrn {hold.Rrn} that no client sent");
                Assert.True(s.Outcome is Outcome.Approved or Outcome.Lost or Outcome.LostApplied, $"{accountId}: rrn {hold.Rrn} was answered {s.Outcome} but holds money");
                Assert.Equal(s.Amount, hold.Authorized);
                Assert.Equal(s.Amount, hold.Remaining);
                Assert.Equal("active", hold.State);
            }

            long approved = 0, lost = 0;
            foreach (var s in sent)
            {
                var has = holdByRrn.ContainsKey(s.Rrn);
                switch (s.Outcome)
                {
                    case Outcome.Approved:
                    case Outcome.LostApplied:
                        Assert.True(has, $"{accountId}: approval rrn {s.Rrn} ({s.Amount}) is missing after the restart");
                        approved += s.Amount;
                        break;
                    case Outcome.Declined:
                    case Outcome.LostNotApplied:
                        Assert.False(has, $"{accountId}: rrn {s.Rrn} ({s.Outcome}) holds money");
                        break;
                    case Outcome.Lost:
                        // Its response never arrived: either outcome is fine, but from now on it must stay that way.
                        lost += s.Amount;
                        s.Outcome = has ? Outcome.LostApplied : Outcome.LostNotApplied;
                        if (has)
                        {
                            present++;
                        }
                        else
                        {
                            absent++;
                        }

                        break;
                    default:
                        Assert.Fail($"{accountId}: rrn {s.Rrn} is still pending");
                        break;
                }
            }

            var (posted, held, available) = await server.BalancesAsync(accountId);
            Assert.Equal(OpeningBalance, posted);
            Assert.Equal(holds.Sum(h => h.Remaining), held);
            Assert.InRange(held, approved, approved + lost);
            Assert.Equal(posted - held, available);
        }

        output.WriteLine($"checked {book.Count} requests on {book.AccountIds.Count} accounts; of the unanswered ones {present} were applied, {absent} not");
    }

    /// <summary>Copies warnings and errors the process logged into the test output.</summary>
    private void WriteProblems(string log)
    {
        foreach (var line in log.Split('\n').Where(l => l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("exception", StringComparison.OrdinalIgnoreCase)).Take(20))
        {
            output.WriteLine("  process: " + line.TrimEnd());
        }
    }

    private void Mark(string what) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds:F1} s] {what}");

    private int Verify(string dataDirectory)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var differences = LogVerifier.Verify(dataDirectory, writer);
        output.WriteLine(writer.ToString().TrimEnd());
        return differences;
    }

    private static (long Checkpoint, long Replayed, long Head) Recovered(string log)
    {
        var match = RecoveredLine().Match(log);
        Assert.True(match.Success, "no recovery line in the output:\n" + log);
        return (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Recovered: checkpoint at (\d+), replayed (\d+) events to (\d+)")]
    private static partial Regex RecoveredLine();

    [GeneratedRegex(@"[Cc]heckpoint at \d+ written")]
    private static partial Regex CheckpointLine();

    private enum Outcome
    {
        Pending,
        Approved,
        Declined,
        Lost,
        LostApplied,
        LostNotApplied,
    }

    private sealed class Sent(string accountId, long amount, string rrn)
    {
        public string AccountId { get; } = accountId;

        public long Amount { get; } = amount;

        public string Rrn { get; } = rrn;

        public Outcome Outcome { get; set; }
    }

    private readonly record struct LoadFigures(int Sent, int SentAtKill, int Approved, int Declined, int Lost, TimeSpan Elapsed)
    {
        public override string ToString() =>
            $"{Sent} requests ({Approved} approved, {Declined} declined, {Lost} without a response) in {Elapsed.TotalSeconds:F1} s, {Sent / Elapsed.TotalSeconds:F0}/s";
    }

    /// <summary>Every request sent, across restarts.</summary>
    private sealed class Book
    {
        private readonly List<Sent> _sent = [];
        private int _roundStart;

        public List<string> AccountIds { get; } = [];

        public List<(string AccountId, string Pan)> Cards { get; } = [];

        public int Count
        {
            get
            {
                lock (_sent)
                {
                    return _sent.Count;
                }
            }
        }

        public Sent Add(string accountId, long amount, string rrn)
        {
            var s = new Sent(accountId, amount, rrn);
            lock (_sent)
            {
                _sent.Add(s);
            }

            return s;
        }

        public List<Sent> Snapshot()
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }

        public LoadFigures Figures(int sentAtKill, TimeSpan elapsed)
        {
            lock (_sent)
            {
                var round = _sent.Skip(_roundStart).ToList();
                _roundStart = _sent.Count;
                return new LoadFigures(
                    round.Count,
                    sentAtKill,
                    round.Count(s => s.Outcome == Outcome.Approved),
                    round.Count(s => s.Outcome == Outcome.Declined),
                    round.Count(s => s.Outcome is Outcome.Lost or Outcome.Pending),
                    elapsed);
            }
        }
    }
}
