using System.Diagnostics;

namespace Baas.Ledger.Tests;

/// <summary>
/// Ingestion rate in batches of 2,000 over a realistic mix (approvals, clearings of earlier holds, some
/// reversals, declines, single-message purchases) on many accounts. The figure goes to the test output; the
/// assertion is only a loose floor, since the machine is shared and noisy.
/// </summary>
public sealed class ThroughputTests(LedgerDatabase db, ITestOutputHelper output) : IClassFixture<LedgerDatabase>
{
    private const int Accounts = 2_000;
    private const int Events = 60_000;
    private const int BatchSize = 2_000;

    [PostgresFact]
    public async Task Ingests_batches_of_2000_well_above_the_floor()
    {
        var random = new Random(7);
        var s = new LogScript(db.NextSeq);
        var accounts = Enumerable.Range(0, Accounts).Select(_ => s.Open(db.NewAccountId("tp"))).ToList();
        foreach (var a in accounts)
        {
            s.Credit(a, 1_000_000);
        }

        await db.Store.ApplyAsync("throughput", s.Take());

        var open = new List<(ModelAccount Account, long Hold)>();
        while (s.Records.Count - s.Taken < Events)
        {
            var a = accounts[random.Next(accounts.Count)];
            var roll = random.Next(100);
            if (roll < 45 || open.Count < 100)
            {
                open.Add((a, s.Authorize(a, random.Next(100, 20_000))));
            }
            else if (roll < 85)
            {
                var i = random.Next(open.Count);
                var (owner, hold) = open[i];
                open[i] = open[^1];
                open.RemoveAt(open.Count - 1);
                if (roll < 80)
                {
                    s.Clear(owner, hold, random.Next(100, 20_000));
                }
                else
                {
                    s.Reverse(owner, hold);
                }
            }
            else if (roll < 93)
            {
                s.Decline(a, 5_000_000);
            }
            else
            {
                s.Financial(a, random.Next(100, 5_000));
            }
        }

        var records = s.Take();
        var batches = records.Chunk(BatchSize).Select(c => c.ToList()).ToList();
        var times = new List<double>(batches.Count);
        var started = Stopwatch.GetTimestamp();
        foreach (var batch in batches)
        {
            var one = Stopwatch.GetTimestamp();
            await db.Store.ApplyAsync("throughput", batch);
            times.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var perSecond = records.Count / elapsed.TotalSeconds;
        times.Sort();
        var median = times[times.Count / 2];
        var entries = await db.ScalarAsync<long>("SELECT count(*) FROM ledger.journal_entries");
        output.WriteLine($"ledger ingestion: {records.Count:N0} events ({entries:N0} journal entries in all) in {batches.Count} batches of {BatchSize:N0} over {Accounts:N0} accounts: {elapsed.TotalSeconds:F2} s, {perSecond:N0} events/s");
        output.WriteLine($"per batch: min {times[0]:F0} ms, median {median:F0} ms, p90 {times[(int)(times.Count * 0.9)]:F0} ms, max {times[^1]:F0} ms; at the median {BatchSize / median * 1000:N0} events/s");

        Assert.True(perSecond > 2_000, $"{perSecond:N0} events/s is below the 2,000/s floor");
        foreach (var a in accounts.Take(50))
        {
            var balance = await db.Queries.GetBalanceAsync(a.Id);
            Assert.Equal((a.Posted, a.Held), (balance!.Posted, balance.Pending));
        }

        var verifyStarted = Stopwatch.GetTimestamp();
        var violations = await db.Verifier.VerifyAsync();
        output.WriteLine($"verify: {violations.Count} violations in {Stopwatch.GetElapsedTime(verifyStarted).TotalSeconds:F2} s");
        Assert.Empty(violations);
    }
}
