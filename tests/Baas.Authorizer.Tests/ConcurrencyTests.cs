using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Baas.Authorizer.Tests.Harness;
using Baas.Events;
using Baas.Iso8583;
using Xunit.Abstractions;

namespace Baas.Authorizer.Tests;

/// <summary>
/// 32 connections hammer 10 accounts with random purchases (some allowing partial approval), full and partial
/// reversals of the approvals they received, and retransmissions. A book kept on the client side from the
/// responses alone must afterwards equal every account's posted, held and available balance exactly, and no
/// account may ever be seen spending beyond its overdraft limit.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Connections = 32;

    /// <summary>Lanes per connection: each lane waits for its own answers, so this many are in flight per connection.</summary>
    private const int LanesPerConnection = 4;

    private const int RequestsPerLane = 64;
    private const int CardsPerAccount = 3;
    private const int Seed = 8583;

    // Modest openings and some overdrafts: the accounts run dry under load, so 51s and partial approvals happen,
    // and reversals keep giving money back for new approvals.
    private static readonly long[] Openings = [150_000, 60_000, 200_000, 40_000, 120_000, 80_000, 50_000, 250_000, 70_000, 100_000];
    private static readonly long[] Overdrafts = [0, 20_000, 0, 50_000, 0, 0, 10_000, 0, 30_000, 0];

    [Fact]
    public async Task Many_connections_on_few_accounts_leave_exactly_the_balances_the_responses_imply()
    {
        var total = Stopwatch.StartNew();
        await using var auth = await TestAuthorizer.StartAsync(o =>
        {
            // The test is about money under contention, not the latency budget: on a small, busy machine the queue
            // alone can take longer than 150 ms, and a 91 is not what is being tested here.
            o.BudgetMs = 10_000;
        });

        // The clock never moves, so the card-testing rule (8 declines in ten minutes) would turn every card into
        // 59 after its eighth 51: switched off, the balance is the only thing that declines.
        var (programId, bin) = await auth.NewProgramAsync(new ProgramSettings { CardTestingDeclines = 0 });
        var accounts = new Account[Openings.Length];
        var cards = new Card[Openings.Length * CardsPerAccount];
        for (var i = 0; i < accounts.Length; i++)
        {
            var id = Unique.Id("conc");
            await auth.CreateAccountAsync(id, programId, Openings[i], "USD", Overdrafts[i]);
            accounts[i] = new Account(i, id, Openings[i], Overdrafts[i]);
            for (var c = 0; c < CardsPerAccount; c++)
            {
                var pan = Cards.NewPan(bin);
                await auth.IssueCardAsync(id, pan);
                cards[(i * CardsPerAccount) + c] = new Card(accounts[i], pan);
            }
        }

        var clients = new IsoTestClient[Connections];
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i] = await auth.ConnectAsync();
        }

        var book = new Book(accounts.Length);
        var violations = new ConcurrentQueue<string>();
        var lowestNet = accounts.Select(a => a.Opening).ToArray();
        using var stopSampling = new CancellationTokenSource();
        var sampler = Task.Run(() => SampleAsync(auth, accounts, violations, lowestNet, stopSampling.Token));

        output.WriteLine($"authorizer started, {Connections} connections open and {accounts.Length} accounts with {cards.Length} cards provisioned in {total.Elapsed.TotalSeconds:F1} s");
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var lanes = Enumerable.Range(0, Connections * LanesPerConnection)
                .Select(lane => Task.Run(() => LaneAsync(clients, lane % Connections, cards, book, new Random(Seed + lane))))
                .ToArray();
            await Task.WhenAll(lanes).WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await stopSampling.CancelAsync();
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        var elapsed = stopwatch.Elapsed;
        var samples = await sampler;
        output.WriteLine($"{book.Requests} requests in {elapsed.TotalSeconds:F1} s ({book.Requests / elapsed.TotalSeconds:F0}/s): {book}; {samples} balance samples taken during the run");

        // The money: exactly what the responses imply, never beyond the overdraft.
        foreach (var account in accounts)
        {
            var json = await auth.GetAccountAsync(account.Id);
            var (posted, held, available) = (json.GetProperty("posted").GetInt64(), json.GetProperty("held").GetInt64(), json.GetProperty("available").GetInt64());
            var expectedHeld = book.Held(account.Index);
            lowestNet[account.Index] = Math.Min(lowestNet[account.Index], posted - held);
            output.WriteLine($"  {account.Id}: opening {account.Opening}, overdraft {account.Overdraft}: posted {posted}, held {held} (book {expectedHeld}), available {available}; " +
                $"{book.Approvals(account.Index)} approvals, {book.Insufficient(account.Index)} 51s, lowest posted - held seen {lowestNet[account.Index]}");
            Assert.Equal(account.Overdraft, json.GetProperty("overdraftLimit").GetInt64());

            // No clearing happens: posted stays at the opening credit; held is what was approved minus what was reversed.
            Assert.Equal(account.Opening, posted);
            Assert.Equal(expectedHeld, held);
            Assert.Equal(account.Opening - expectedHeld + account.Overdraft, available);

            // Available includes the overdraft limit (posted - held + overdraft): posted - held never below -overdraft.
            Assert.True(posted - held >= -account.Overdraft, $"{account.Id}: posted {posted} - held {held} is beyond the overdraft limit {account.Overdraft}");
            Assert.True(available >= 0, $"{account.Id}: available {available} is negative");

            // The holds the authorizer lists add up to the same amount.
            var holds = (await auth.GetJsonAsync($"/v1/accounts/{account.Id}/holds?limit=1000")).EnumerateArray().ToList();
            Assert.True(holds.Count < 1000, $"{account.Id}: {holds.Count} active holds: the listing may be cut");
            Assert.Equal(expectedHeld, holds.Sum(h => h.Num("remaining")));

            Assert.True(book.Approvals(account.Index) > 0, $"{account.Id}: no approval at all");
        }

        Assert.True(violations.IsEmpty, "balances seen during the run:\n" + string.Join('\n', violations.Take(20)));
        Assert.True(samples >= 2, $"only {samples} balance samples were taken during the run");

        // The run really was contended and used every kind of request.
        Assert.True(book.TotalInsufficient > 0, $"no 51 at all: the accounts never ran dry ({book})");
        Assert.True(book.Partials > 0, $"no partial approval ({book})");
        Assert.True(book.FullReversals > 0 && book.PartialReversals > 0, $"reversals missing ({book})");
        Assert.True(book.Retransmissions > 0, $"no retransmission ({book})");
        Assert.True(
            accounts.Any(a => a.Overdraft > 0 && lowestNet[a.Index] < 0),
            "no account with an overdraft was ever seen using it: " + string.Join(", ", accounts.Select(a => $"{a.Id} {lowestNet[a.Index]}")));
        Assert.Equal(Connections * LanesPerConnection * RequestsPerLane, book.Requests);
        output.WriteLine($"checked in {total.Elapsed.TotalSeconds:F1} s from the start");
    }

    /// <summary>
    /// One lane: purchases on random cards of any account, reversals of its own approvals, retransmissions of
    /// its own requests. It waits for each answer before the next request, so its book entries are final.
    /// </summary>
    private static async Task LaneAsync(IsoTestClient[] clients, int home, Card[] cards, Book book, Random random)
    {
        var open = new List<Approval>();
        var history = new List<Exchange>();
        var sent = 0;
        while (sent < RequestsPerLane)
        {
            var roll = random.NextDouble();
            if (roll < 0.06 && history.Count > 0)
            {
                // A late retransmission: the original may since have been reversed, or the money since freed.
                await RetransmitAsync(clients, history[random.Next(history.Count)], random, book);
                sent++;
                continue;
            }

            var exchange = roll < 0.45 && open.Count > 0
                ? await ReverseAsync(clients[home], home, open, random, book)
                : await PurchaseAsync(clients[home], home, cards[random.Next(cards.Length)], open, random, book);
            sent++;
            history.Add(exchange);
            if (sent < RequestsPerLane && random.NextDouble() < 0.10)
            {
                // The acquirer did not see the answer in time and sends the same request again at once.
                await RetransmitAsync(clients, exchange, random, book);
                sent++;
            }
        }
    }

    private static async Task<Exchange> PurchaseAsync(IsoTestClient client, int home, Card card, List<Approval> open, Random random, Book book)
    {
        var amount = 100 + random.Next(4_901);
        var partialAllowed = random.Next(3) == 0;
        var request = Requests.Authorization(card.Pan, amount, de48: partialAllowed ? "PA0011" : null);
        var response = await client.SendAsync(request);
        book.Sent();
        Assert.Equal(110, response.Mti);
        var index = card.Account.Index;
        switch (response.Code())
        {
            case "00":
                Assert.NotNull(response.GetString(IsoField.ApprovalCode));
                Assert.Equal(amount, Amount(response));
                book.Approved(index, amount, partial: false);
                open.Add(new Approval(request, card.Account, amount));
                break;
            case "10":
                Assert.True(partialAllowed, $"a partial approval for a request that did not allow it (stan {request.GetString(IsoField.Stan)})");
                Assert.NotNull(response.GetString(IsoField.ApprovalCode));
                var approved = Amount(response);
                Assert.InRange(approved, 1, amount - 1);
                book.Approved(index, approved, partial: true);
                open.Add(new Approval(request, card.Account, approved));
                break;
            case "51":
                Assert.Null(response.GetString(IsoField.ApprovalCode));
                book.Declined(index);
                break;
            default:
                Assert.Fail($"purchase of {amount} on {card.Account.Id} answered {response.Code()}");
                break;
        }

        return new Exchange(request, response, home);
    }

    /// <summary>Reverses one of the lane's open approvals: in full, or partially (DE95) down to a smaller amount.</summary>
    private static async Task<Exchange> ReverseAsync(IsoTestClient client, int home, List<Approval> open, Random random, Book book)
    {
        var at = random.Next(open.Count);
        var approval = open[at];
        var partial = approval.Remaining >= 2 && random.Next(2) == 0;
        var actual = partial ? 1 + random.Next((int)approval.Remaining - 1) : 0;
        var mti = random.Next(2) == 0 ? 400 : 420;
        var request = Requests.Reversal(approval.Request, partial ? actual : null, mti);
        var response = await client.SendAsync(request);
        book.Sent();
        Assert.Equal(mti + 10, response.Mti);
        Assert.True(response.Code() == "00", $"reversal {mti:D4} of stan {approval.Request.GetString(IsoField.Stan)} on {approval.Account.Id} answered {response.Code()}");
        if (partial)
        {
            book.Reversed(approval.Account.Index, approval.Remaining - actual, partial: true);
            approval.Remaining = actual;
        }
        else
        {
            book.Reversed(approval.Account.Index, approval.Remaining, partial: false);
            open.RemoveAt(at);
        }

        return new Exchange(request, response, home);
    }

    /// <summary>
    /// Sends <paramref name="exchange"/>'s request again (same key; as it was or as a repeat, x01 / x21) on another
    /// connection than the last one that carried it, and checks the answer is the original one, field for field.
    /// The book does not change: nothing must move. (Another connection because the test client matches answers
    /// by STAN and forgets a STAN only just after it delivered its answer.)
    /// </summary>
    private static async Task RetransmitAsync(IsoTestClient[] clients, Exchange exchange, Random random, Book book)
    {
        var original = exchange.Request;
        var mti = random.Next(2) == 0 ? original.Mti : original.Mti + 1;
        var via = (exchange.LastClient + 1 + random.Next(clients.Length - 1)) % clients.Length;
        exchange.LastClient = via;
        var response = await clients[via].SendAsync(Requests.Copy(original, mti));
        book.Sent();
        book.Retransmitted();
        var expected = Describe(exchange.Response);
        var actual = Describe(response);
        Assert.True(expected == actual, $"a retransmission ({mti:D4}) was answered differently:\n  first: {expected}\n  again: {actual}");
    }

    /// <summary>Samples every account while the lanes run: posted never moves, and no account is beyond its overdraft.</summary>
    private static async Task<int> SampleAsync(TestAuthorizer auth, Account[] accounts, ConcurrentQueue<string> violations, long[] lowestNet, CancellationToken stop)
    {
        var rounds = 0;
        while (!stop.IsCancellationRequested)
        {
            foreach (var account in accounts)
            {
                var (posted, held, available) = await auth.BalancesAsync(account.Id);
                lowestNet[account.Index] = Math.Min(lowestNet[account.Index], posted - held);
                if (posted != account.Opening || held < 0 || available != posted - held + account.Overdraft || posted - held < -account.Overdraft)
                {
                    violations.Enqueue($"{account.Id} (opening {account.Opening}, overdraft {account.Overdraft}): posted {posted}, held {held}, available {available}");
                }
            }

            rounds++;
            try
            {
                await Task.Delay(10, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return rounds;
    }

    private static long Amount(IsoMessage response) => long.Parse(response.GetString(IsoField.AmountTransaction)!, CultureInfo.InvariantCulture);

    /// <summary>A response as text: MTI and every field (the card number masked), to compare two answers whole.</summary>
    private static string Describe(IsoMessage message)
    {
        var text = new StringBuilder(message.Mti.ToString("D4", CultureInfo.InvariantCulture));
        foreach (var field in message.Fields)
        {
            var value = message.GetString(field)!;
            if (field == IsoField.Pan && value.Length > 10)
            {
                value = string.Concat(value.AsSpan(0, 6), new string('*', value.Length - 10), value.AsSpan(value.Length - 4));
            }

            text.Append(CultureInfo.InvariantCulture, $" {field}={value}");
        }

        return text.ToString();
    }

    private sealed record Account(int Index, string Id, long Opening, long Overdraft);

    private sealed record Card(Account Account, string Pan);

    /// <summary>An approval the lane received and may still reverse; what of it is still held.</summary>
    private sealed class Approval(IsoMessage request, Account account, long remaining)
    {
        public IsoMessage Request { get; } = request;

        public Account Account { get; } = account;

        public long Remaining { get; set; } = remaining;
    }

    /// <summary>A request and the answer it got, and the connection that last carried it.</summary>
    private sealed class Exchange(IsoMessage request, IsoMessage response, int lastClient)
    {
        public IsoMessage Request { get; } = request;

        public IsoMessage Response { get; } = response;

        public int LastClient { get; set; } = lastClient;
    }

    /// <summary>What the responses say happened to each account's money, and how often each thing happened.</summary>
    private sealed class Book(int accounts)
    {
        private readonly long[] _approved = new long[accounts];
        private readonly long[] _reversed = new long[accounts];
        private readonly int[] _approvals = new int[accounts];
        private readonly int[] _insufficient = new int[accounts];
        private int _requests;
        private int _partials;
        private int _fullReversals;
        private int _partialReversals;
        private int _retransmissions;

        public int Requests => Volatile.Read(ref _requests);

        public int Partials => Volatile.Read(ref _partials);

        public int FullReversals => Volatile.Read(ref _fullReversals);

        public int PartialReversals => Volatile.Read(ref _partialReversals);

        public int Retransmissions => Volatile.Read(ref _retransmissions);

        public int TotalInsufficient => _insufficient.Sum();

        public long Held(int account) => Volatile.Read(ref _approved[account]) - Volatile.Read(ref _reversed[account]);

        public int Approvals(int account) => Volatile.Read(ref _approvals[account]);

        public int Insufficient(int account) => Volatile.Read(ref _insufficient[account]);

        public void Sent() => Interlocked.Increment(ref _requests);

        public void Retransmitted() => Interlocked.Increment(ref _retransmissions);

        public void Approved(int account, long amount, bool partial)
        {
            Interlocked.Add(ref _approved[account], amount);
            Interlocked.Increment(ref _approvals[account]);
            if (partial)
            {
                Interlocked.Increment(ref _partials);
            }
        }

        public void Declined(int account) => Interlocked.Increment(ref _insufficient[account]);

        public void Reversed(int account, long amount, bool partial)
        {
            Interlocked.Add(ref _reversed[account], amount);
            Interlocked.Increment(ref partial ? ref _partialReversals : ref _fullReversals);
        }

        public override string ToString() =>
            $"{_approvals.Sum()} approvals ({Partials} partial), {TotalInsufficient} declined 51, {FullReversals} full and {PartialReversals} partial reversals, {Retransmissions} retransmissions";
    }
}
