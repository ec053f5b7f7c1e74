namespace Baas.Ledger.Tests;

/// <summary>
/// Every event type's effect on the ledger in PostgreSQL: balances (posted, pending) equal to what the authorizer
/// holds, the pending transfer's amount, remaining, posted and state, the entry kinds, and a clean verify.
/// </summary>
public sealed class MappingTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    [PostgresFact]
    public async Task Account_opened_creates_the_customer_account_with_nothing_posted()
    {
        var (s, a) = Start(credit: 0);
        await ApplyAsync(s, a);

        var balance = await db.Queries.GetBalanceAsync(a.Id);
        Assert.NotNull(balance);
        Assert.Equal(("customer", "USD", "prog_1", 0L, 0L, 0L), (balance.Kind, balance.Currency, balance.ProgramId, balance.Posted, balance.Pending, balance.Available));
        Assert.Empty(await db.EntryKindsAsync(a.Id));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Credit_and_debit_post_against_the_sponsor_omnibus()
    {
        var (s, a) = Start(credit: 0);
        var omnibusBefore = (await db.Queries.GetBalanceByCodeAsync("sponsor_omnibus:prog_1:USD"))?.Posted ?? 0;
        s.Credit(a, 10_000);
        s.Debit(a, 2_500);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 7_500, pending: 0);
        Assert.Equal(["account_credited", "account_debited"], await db.EntryKindsAsync(a.Id));
        var omnibus = await db.Queries.GetBalanceByCodeAsync("sponsor_omnibus:prog_1:USD");
        Assert.Equal(omnibusBefore - 7_500, omnibus!.Posted);
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Approval_opens_a_pending_hold_against_network_settlement()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_500);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 10_000, pending: 2_500);
        var t = await db.TransferAsync(hold);
        Assert.Equal(new TransferRow("card", "customer:" + a.Id, "network_settlement:prog_1:USD", "USD", 2_500, 2_500, 0, "pending", hold, null), t);
        var page = await db.Queries.GetEntriesAsync(a.Id, null, 10);
        var entry = page.Entries[0];
        Assert.Equal(("authorization", hold, hold, 0L, 2_500L, null), (entry.Kind, entry.Seq, entry.HoldId, entry.Amount, entry.Pending, entry.Resolution));
        Assert.Contains("CORNER GROCERY", entry.Description, StringComparison.Ordinal);
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Incremental_authorization_grows_the_hold()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_500);
        s.Incremental(a, hold, 1_000);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 10_000, pending: 3_500);
        var t = await db.TransferAsync(hold);
        Assert.Equal((3_500L, 3_500L, "pending"), (t!.Amount, t.Remaining, t.State));
        Assert.Equal(["account_credited", "authorization", "incremental_authorization"], await db.EntryKindsAsync(a.Id));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Full_reversal_voids_the_hold()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_500);
        var reversal = s.Reverse(a, hold);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 10_000, pending: 0);
        var t = await db.TransferAsync(hold);
        Assert.Equal((0L, "voided", reversal), (t!.Remaining, t.State, t.ResolvedSeq));
        var entries = (await db.Queries.GetEntriesAsync(a.Id, null, 10)).Entries;
        Assert.Equal(("reversal", "voided", -2_500L), (entries[0].Kind, entries[0].Resolution, entries[0].Pending));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Partial_reversal_releases_part_and_keeps_the_hold_open()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_500);
        s.Reverse(a, hold, keep: 1_800);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 10_000, pending: 1_800);
        var t = await db.TransferAsync(hold);
        Assert.Equal((2_500L, 1_800L, "pending", (long?)null), (t!.Amount, t.Remaining, t.State, t.ResolvedSeq));
        Assert.Equal("partial_reversal", (await db.EntryKindsAsync(a.Id))[^1]);

        // The rest clears later as usual.
        s.Clear(a, hold, 1_800);
        await ApplyAsync(s, a);
        await AssertBalanceAsync(a, posted: 8_200, pending: 0);
        Assert.Equal("posted", (await db.TransferAsync(hold))!.State);
        await AssertCleanAsync();
    }

    [PostgresTheory]
    [InlineData(2_500)] // equal to the hold
    [InlineData(3_000)] // above it (a tip)
    [InlineData(2_000)] // below it
    public async Task Clearing_posts_the_cleared_amount_and_releases_the_whole_hold(long cleared)
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_500);
        var clearing = s.Clear(a, hold, cleared);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 10_000 - cleared, pending: 0);
        var t = await db.TransferAsync(hold);
        Assert.Equal((2_500L, 0L, cleared, "posted", (long?)clearing), (t!.Amount, t.Remaining, t.Posted, t.State, t.ResolvedSeq));
        var entry = (await db.Queries.GetEntriesAsync(a.Id, null, 1)).Entries[0];
        Assert.Equal(("clearing", -cleared, -2_500L, "posted"), (entry.Kind, entry.Amount, entry.Pending, entry.Resolution));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Multi_part_clearing_posts_in_parts_then_resolves_once()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 3_000);
        s.Clear(a, hold, 1_000, final: false);
        await ApplyAsync(s, a);
        await AssertBalanceAsync(a, posted: 9_000, pending: 2_000);
        var t = await db.TransferAsync(hold);
        Assert.Equal((2_000L, 1_000L, "partially_posted"), (t!.Remaining, t.Posted, t.State));

        s.Clear(a, hold, 1_200, final: false);
        var last = s.Clear(a, hold, 500, final: true);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 7_300, pending: 0);
        t = await db.TransferAsync(hold);
        Assert.Equal((0L, 2_700L, "posted", (long?)last), (t!.Remaining, t.Posted, t.State, t.ResolvedSeq));
        Assert.Equal(["account_credited", "authorization", "partial_clearing", "partial_clearing", "clearing"], await db.EntryKindsAsync(a.Id));
        Assert.Equal(1L, await db.ScalarAsync<long>($"SELECT count(*) FROM ledger.journal_entries WHERE hold_id = {hold} AND resolution IS NOT NULL"));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Non_final_clearings_that_use_up_the_hold_resolve_it()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_000);
        s.Clear(a, hold, 1_500, final: false);
        var second = s.Clear(a, hold, 1_500, final: false); // releases the last 500 and posts 1,500
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 7_000, pending: 0);
        var t = await db.TransferAsync(hold);
        Assert.Equal((0L, 3_000L, "posted", (long?)second), (t!.Remaining, t.Posted, t.State, t.ResolvedSeq));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Late_clearing_posts_directly_after_the_hold_expired()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_500);
        var expiry = s.Expire(a, hold);
        s.Clear(a, hold, 2_400);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 7_600, pending: 0);
        var t = await db.TransferAsync(hold);
        Assert.Equal((0L, 2_400L, "expired", (long?)expiry), (t!.Remaining, t.Posted, t.State, t.ResolvedSeq));
        var entries = (await db.Queries.GetEntriesAsync(a.Id, null, 2)).Entries;
        Assert.Equal(("late_clearing", -2_400L, 0L, null), (entries[0].Kind, entries[0].Amount, entries[0].Pending, entries[0].Resolution));
        Assert.Equal(("hold_expired", "expired"), (entries[1].Kind, entries[1].Resolution));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Force_post_without_a_hold_posts_directly()
    {
        var (s, a) = Start();
        s.ForcePost(a, 4_200);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 5_800, pending: 0);
        var entry = (await db.Queries.GetEntriesAsync(a.Id, null, 1)).Entries[0];
        Assert.Equal(("force_post", -4_200L, 0L, (long?)null), (entry.Kind, entry.Amount, entry.Pending, entry.HoldId));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Expiry_expires_the_hold()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_500);
        s.Clear(a, hold, 1_000, final: false);
        var expiry = s.Expire(a, hold);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 9_000, pending: 0);
        var t = await db.TransferAsync(hold);
        Assert.Equal((0L, 1_000L, "expired", (long?)expiry), (t!.Remaining, t.Posted, t.State, t.ResolvedSeq));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Refund_credits_the_customer()
    {
        var (s, a) = Start();
        s.Refund(a, 1_234);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 11_234, pending: 0);
        Assert.Equal("refund", (await db.EntryKindsAsync(a.Id))[^1]);
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Single_message_purchase_and_its_reversal_post_directly()
    {
        var (s, a) = Start();
        s.Financial(a, 3_000);
        s.ReverseFinancial(a, 1_000);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 8_000, pending: 0);
        Assert.Equal(["account_credited", "financial", "reversal_credit"], await db.EntryKindsAsync(a.Id));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Advice_applies_its_deltas_as_a_new_hold()
    {
        var (s, a) = Start();
        var hold = s.Advice(a, 700);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 10_000, pending: 700);
        Assert.Equal(("card", 700L, "pending"), ((await db.TransferAsync(hold))!.Kind, (await db.TransferAsync(hold))!.Remaining, (await db.TransferAsync(hold))!.State));
        Assert.Equal("advice", (await db.EntryKindsAsync(a.Id))[^1]);
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Reservation_then_posting_debits_the_customer_against_the_omnibus()
    {
        var (s, a) = Start();
        var reservation = s.Reserve(a, 4_000);
        await ApplyAsync(s, a);
        await AssertBalanceAsync(a, posted: 10_000, pending: 4_000);
        var t = await db.TransferAsync(reservation);
        Assert.Equal(new TransferRow("reservation", "customer:" + a.Id, "sponsor_omnibus:prog_1:USD", "USD", 4_000, 4_000, 0, "pending", reservation, null), t);

        s.Release(a, reservation, 1_500, post: true);
        await ApplyAsync(s, a);
        await AssertBalanceAsync(a, posted: 8_500, pending: 2_500);
        Assert.Equal(("partially_posted", 2_500L, 1_500L), ((await db.TransferAsync(reservation))!.State, (await db.TransferAsync(reservation))!.Remaining, (await db.TransferAsync(reservation))!.Posted));

        var settled = s.Release(a, reservation, 2_500, post: true);
        await ApplyAsync(s, a);
        await AssertBalanceAsync(a, posted: 6_000, pending: 0);
        t = await db.TransferAsync(reservation);
        Assert.Equal((0L, 4_000L, "posted", (long?)settled), (t!.Remaining, t.Posted, t.State, t.ResolvedSeq));
        Assert.Equal(["account_credited", "funds_reserved", "reservation_posted", "reservation_posted"], await db.EntryKindsAsync(a.Id));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Reservation_release_voids_and_reservation_expiry_expires()
    {
        var (s, a) = Start();
        var released = s.Reserve(a, 1_000, "p1");
        var expired = s.Reserve(a, 2_000, "p2");
        s.Release(a, released, 1_000, post: false);
        s.Release(a, expired, 2_000, post: false, LedgerMapper.ExpiredReservationReference);
        await ApplyAsync(s, a);

        await AssertBalanceAsync(a, posted: 10_000, pending: 0);
        Assert.Equal("voided", (await db.TransferAsync(released))!.State);
        Assert.Equal("expired", (await db.TransferAsync(expired))!.State);
        Assert.Equal(["account_credited", "funds_reserved", "funds_reserved", "reservation_released", "reservation_expired"], await db.EntryKindsAsync(a.Id));
        await AssertCleanAsync();
    }

    [PostgresFact]
    public async Task Declines_inquiries_unmatched_messages_and_card_management_write_nothing()
    {
        var (s, a) = Start();
        await ApplyAsync(s, a);
        var before = await db.CountsAsync();

        s.Decline(a, 99_999);
        s.BalanceInquiry(a);
        s.Unmatched(EventType.Reversal);
        s.Unmatched(EventType.Clearing);
        s.CardIssued(a);
        var last = s.Raw(EventType.ControlsChanged, "not json"u8.ToArray()); // not read at all: the ledger has no use for it
        var position = await ApplyAsync(s, a);

        Assert.Equal(last, position);
        Assert.Equal(before, await db.CountsAsync());
        await AssertBalanceAsync(a, posted: 10_000, pending: 0);
    }

    [PostgresFact]
    public async Task A_money_record_that_does_not_decode_stops_the_batch_and_writes_nothing()
    {
        var (s, a) = Start();
        await ApplyAsync(s, a);
        var position = await db.Store.PositionAsync(a.Id);
        var before = await db.CountsAsync();

        s.Credit(a, 500);
        s.Raw(EventType.AccountCredited, "{ broken"u8.ToArray());
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => db.Store.ApplyAsync(a.Id, s.Take()));

        Assert.Contains("does not decode", error.Message, StringComparison.Ordinal);
        Assert.Equal(position, await db.Store.PositionAsync(a.Id));
        Assert.Equal(before, await db.CountsAsync());
    }

    [PostgresFact]
    public async Task Currencies_keep_their_own_counterparties()
    {
        var s = new LogScript(db.NextSeq);
        var eur = s.Open(db.NewAccountId("eur"), "EUR");
        var jpy = s.Open(db.NewAccountId("jpy"), "JPY");
        s.Credit(eur, 5_000);
        s.Credit(jpy, 900);
        var hold = s.Authorize(eur, 1_000);
        s.Clear(eur, hold, 1_100);
        s.ForcePost(jpy, 300);
        await db.Store.ApplyAsync("currencies", s.Take());

        await AssertBalanceAsync(eur, posted: 3_900, pending: 0);
        await AssertBalanceAsync(jpy, posted: 600, pending: 0);
        Assert.Equal("EUR", (await db.TransferAsync(hold))!.Currency);
        Assert.NotNull(await db.Queries.GetBalanceByCodeAsync("network_settlement:prog_1:EUR"));
        Assert.NotNull(await db.Queries.GetBalanceByCodeAsync("network_settlement:prog_1:JPY"));
        await AssertCleanAsync();
    }

    private (LogScript Script, ModelAccount Account) Start(long credit = 10_000)
    {
        var s = new LogScript(db.NextSeq);
        var a = s.Open(db.NewAccountId());
        if (credit > 0)
        {
            s.Credit(a, credit);
        }

        return (s, a);
    }

    /// <summary>Applies what the script wrote since last time, as the consumer named after the account.</summary>
    private Task<long> ApplyAsync(LogScript s, ModelAccount a) => db.Store.ApplyAsync(a.Id, s.Take());

    private async Task AssertBalanceAsync(ModelAccount a, long posted, long pending)
    {
        // The model is the authorizer: the ledger must agree with it and with the numbers the test expects.
        Assert.Equal((posted, pending), (a.Posted, a.Held));
        var balance = await db.Queries.GetBalanceAsync(a.Id);
        Assert.NotNull(balance);
        Assert.Equal((posted, pending, posted - pending), (balance.Posted, balance.Pending, balance.Available));
    }

    private async Task AssertCleanAsync() => Assert.Empty(await db.Verifier.VerifyAsync());
}
