namespace Baas.Ledger.Tests;

/// <summary>
/// Random event sequences (seeded, so a failure replays): whatever the mix of approvals, incrementals, partial
/// and full reversals, single and multi-part clearings, late clearings, force posts, expiries, refunds, credits,
/// debits and reservations, and however the log is cut into batches and redelivered, every account's ledger
/// balance ends equal to the <c>PostedAfter</c>/<c>HeldAfter</c> its last event carries, and verify is clean.
/// </summary>
public sealed class PropertyTests(LedgerDatabase db, ITestOutputHelper output) : IClassFixture<LedgerDatabase>
{
    [PostgresTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(20261121)]
    public async Task Ledger_balances_equal_what_the_events_carry_and_verify_is_clean(int seed)
    {
        var random = new Random(seed);
        var s = new LogScript(db.NextSeq);
        var currencies = new[] { "USD", "USD", "EUR", "JPY" };
        var accounts = Enumerable.Range(0, 12).Select(i => s.Open(db.NewAccountId($"p{seed}"), currencies[i % currencies.Length])).ToList();
        foreach (var a in accounts)
        {
            s.Credit(a, random.Next(5_000, 50_000));
        }

        for (var i = 0; i < 600; i++)
        {
            Step(s, random, accounts[random.Next(accounts.Count)]);
        }

        // Deliver in random batches, each possibly starting before the previous one ended (redelivery).
        var consumer = $"property_{seed}";
        var records = s.Take();
        var next = 0;
        var batches = 0;
        while (next < records.Count)
        {
            var start = Math.Max(0, next - random.Next(0, 30));
            var size = random.Next(1, 120);
            var batch = records.GetRange(start, Math.Min(size, records.Count - start));
            var position = await db.Store.ApplyAsync(consumer, batch);
            Assert.Equal(Math.Max(batch[^1].Seq, records[Math.Max(0, next - 1)].Seq), position);
            next = Math.Max(next, start + batch.Count);
            batches++;
        }

        // What the events say the balances became, per account: the last PostedAfter and HeldAfter carried.
        var carried = new Dictionary<string, (long Posted, long Held)>(StringComparer.Ordinal);
        var decoded = new LogEvent();
        foreach (var (_, record) in records)
        {
            Assert.True(decoded.TryDecode(record));
            switch (decoded.Management)
            {
                case null when decoded.Card.PostedDelta != 0 || decoded.Card.HoldDelta != 0:
                    carried[decoded.Card.AccountId.ToString()] = (decoded.Card.PostedAfter, decoded.Card.HeldAfter);
                    break;
                case AccountCredited c:
                    carried[c.AccountId] = (c.PostedAfter, carried.GetValueOrDefault(c.AccountId).Held);
                    break;
                case AccountDebited d:
                    carried[d.AccountId] = (d.PostedAfter, carried.GetValueOrDefault(d.AccountId).Held);
                    break;
                case FundsReserved r:
                    carried[r.AccountId] = (carried.GetValueOrDefault(r.AccountId).Posted, r.HeldAfter);
                    break;
                case ReservationReleased rr:
                    carried[rr.AccountId] = (rr.PostedAfter, rr.HeldAfter);
                    break;
                default:
                    break;
            }
        }

        foreach (var a in accounts)
        {
            var balance = await db.Queries.GetBalanceAsync(a.Id);
            Assert.NotNull(balance);
            Assert.Equal(carried[a.Id], (balance.Posted, balance.Pending));
            Assert.Equal((a.Posted, a.Held), (balance.Posted, balance.Pending));
        }

        foreach (var hold in s.Holds.Values)
        {
            var t = await db.TransferAsync(hold.Id);
            Assert.NotNull(t);
            Assert.Equal(hold.Remaining, t.Remaining);
            Assert.Equal(hold.Active, t.State is "pending" or "partially_posted");
        }

        var violations = await db.Verifier.VerifyAsync();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        output.WriteLine($"seed {seed}: {records.Count} records in {batches} batches, {s.Holds.Count} holds");
    }

    /// <summary>One random thing happening to an account, weighted roughly like real traffic.</summary>
    private static void Step(LogScript s, Random random, ModelAccount a)
    {
        var open = s.Holds.Values.Where(h => h.AccountId == a.Id && h.Active).ToList();
        var cardHolds = open.Where(h => !h.Reservation).ToList();
        var reservations = open.Where(h => h.Reservation).ToList();
        var closed = s.Holds.Values.Where(h => h.AccountId == a.Id && !h.Active && !h.Reservation).ToList();
        var amount = random.Next(1, 5_000);
        var roll = random.Next(100);
        switch (roll)
        {
            case < 28:
                s.Authorize(a, amount);
                break;
            case < 33 when cardHolds.Count > 0:
                s.Incremental(a, Pick(random, cardHolds).Id, amount);
                break;
            case < 38 when cardHolds.Count > 0:
                s.Reverse(a, Pick(random, cardHolds).Id);
                break;
            case < 43 when cardHolds.Count > 0:
                {
                    var hold = Pick(random, cardHolds);
                    s.Reverse(a, hold.Id, keep: hold.Cleared + random.NextInt64(1, hold.Remaining + 1));
                    break;
                }

            case < 60 when cardHolds.Count > 0:
                {
                    var hold = Pick(random, cardHolds);
                    var cleared = Math.Max(1, hold.Remaining + random.NextInt64(-hold.Remaining / 2, (hold.Remaining / 5) + 1));
                    s.Clear(a, hold.Id, cleared, final: true);
                    break;
                }

            case < 66 when cardHolds.Count > 0:
                {
                    var hold = Pick(random, cardHolds);
                    s.Clear(a, hold.Id, Math.Max(1, random.NextInt64(1, hold.Remaining + 2)), final: false);
                    break;
                }

            case < 69 when closed.Count > 0:
                s.Clear(a, Pick(random, closed).Id, amount); // late clearing
                break;
            case < 72:
                s.ForcePost(a, amount);
                break;
            case < 76 when cardHolds.Count > 0:
                s.Expire(a, Pick(random, cardHolds).Id);
                break;
            case < 79:
                s.Refund(a, amount);
                break;
            case < 82:
                s.Financial(a, amount);
                break;
            case < 84:
                s.ReverseFinancial(a, amount);
                break;
            case < 86:
                s.Advice(a, amount);
                break;
            case < 88:
                s.Credit(a, amount);
                break;
            case < 90:
                s.Debit(a, amount);
                break;
            case < 93:
                s.Reserve(a, amount, $"pay_{random.Next()}");
                break;
            case < 97 when reservations.Count > 0:
                {
                    var reservation = Pick(random, reservations);
                    var take = random.Next(3) == 0 ? random.NextInt64(1, reservation.Remaining + 1) : reservation.Remaining;
                    var post = random.Next(3) != 0;
                    s.Release(a, reservation.Id, take, post, !post && random.Next(2) == 0 ? LedgerMapper.ExpiredReservationReference : null);
                    break;
                }

            default:
                if (random.Next(2) == 0)
                {
                    s.Decline(a, amount);
                }
                else
                {
                    s.BalanceInquiry(a);
                }

                break;
        }
    }

    private static T Pick<T>(Random random, List<T> items) => items[random.Next(items.Count)];
}
