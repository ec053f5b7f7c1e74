namespace Baas.Ledger.Tests;

/// <summary>The pure mapping from one decoded event to its ledger operation (no database).</summary>
public sealed class MapperTests
{
    private long _seq = 100;

    [Fact]
    public void Approval_is_a_pending_hold_against_network_settlement()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_500);

        var op = Map(s, hold);

        Assert.Equal(("authorization", a.Id, "prog_1", "USD", Counterparty.NetworkSettlement), (op.Kind, op.AccountId, op.ProgramId, op.Currency, op.Counterparty));
        Assert.Equal((0L, 2_500L, hold, PendingTransferKind.Card, false), (op.PostedDelta, op.PendingDelta, op.HoldId, op.HoldKind, op.HoldIncrement));
        Assert.True(op.HasEntry);
        Assert.Equal(LogScript.BaseMicros + hold, (op.Timestamp - DateTimeOffset.UnixEpoch).Ticks / 10);
    }

    [Fact]
    public void Clearings_are_named_by_how_they_matched()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 1_000);
        var partial = s.Clear(a, hold, 400, final: false);
        var final = s.Clear(a, hold, 700, final: true);
        var late = s.Clear(a, hold, 50);
        var force = s.ForcePost(a, 80);

        Assert.Equal(("partial_clearing", -400L, -400L, 400L, PendingTransferState.Posted), Key(Map(s, partial)));
        Assert.Equal(("clearing", -700L, -600L, 700L, PendingTransferState.Posted), Key(Map(s, final)));
        Assert.Equal(("late_clearing", -50L, 0L, 50L, PendingTransferState.Posted), Key(Map(s, late)));
        Assert.Equal(("force_post", -80L, 0L, 0L, PendingTransferState.Posted), Key(Map(s, force)));
        Assert.Equal(0, Map(s, force).HoldId);
    }

    [Fact]
    public void Reversals_expiries_and_refunds()
    {
        var (s, a) = Start();
        var h1 = s.Authorize(a, 1_000);
        var partial = s.Reverse(a, h1, keep: 600);
        var full = s.Reverse(a, h1);
        var h2 = s.Authorize(a, 300);
        var expiry = s.Expire(a, h2);
        var refund = s.Refund(a, 90);
        var credit = s.ReverseFinancial(a, 40);
        var incremental = s.Incremental(a, s.Authorize(a, 10), 5);

        Assert.Equal(("partial_reversal", 0L, -400L, 0L, PendingTransferState.Voided), Key(Map(s, partial)));
        Assert.Equal(("reversal", 0L, -600L, 0L, PendingTransferState.Voided), Key(Map(s, full)));
        Assert.Equal(("hold_expired", 0L, -300L, 0L, PendingTransferState.Expired), Key(Map(s, expiry)));
        Assert.Equal(("refund", 90L, 0L, 0L, PendingTransferState.Voided), Key(Map(s, refund)));
        Assert.Equal(("reversal_credit", 40L, 0L, 0L, PendingTransferState.Voided), Key(Map(s, credit)));
        Assert.True(Map(s, incremental).HoldIncrement);
    }

    [Fact]
    public void Management_money_is_against_the_sponsor_omnibus()
    {
        var (s, a) = Start();
        var credit = s.Credit(a, 500);
        var debit = s.Debit(a, 200);
        var reserve = s.Reserve(a, 300);
        var post = s.Release(a, reserve, 100, post: true);
        var release = s.Release(a, reserve, 100, post: false);
        var expire = s.Release(a, reserve, 100, post: false, LedgerMapper.ExpiredReservationReference);

        Assert.Equal(("account_credited", 500L, 0L, 0L, PendingTransferState.Pending), Key(Map(s, credit)));
        Assert.Equal(("account_debited", -200L, 0L, 0L, PendingTransferState.Pending), Key(Map(s, debit)));
        var reserved = Map(s, reserve);
        Assert.Equal((300L, reserve, PendingTransferKind.Reservation, "USD"), (reserved.PendingDelta, reserved.HoldId, reserved.HoldKind, reserved.Currency));
        Assert.Equal(("reservation_posted", -100L, -100L, 100L, PendingTransferState.Posted), Key(Map(s, post)));
        Assert.Equal(("reservation_released", 0L, -100L, 0L, PendingTransferState.Voided), Key(Map(s, release)));
        Assert.Equal(("reservation_expired", 0L, -100L, 0L, PendingTransferState.Expired), Key(Map(s, expire)));
        Assert.All(new[] { credit, debit, reserve, post }, seq => Assert.Equal(Counterparty.SponsorOmnibus, Map(s, seq).Counterparty));
        Assert.True(Map(s, post).RequiresHold);
        Assert.Null(Map(s, post).Currency); // the release does not say: it is the account's
    }

    [Fact]
    public void Account_opened_opens_an_account_and_posts_nothing()
    {
        var s = new LogScript(() => ++_seq);
        s.Open("acct_9", "EUR", "prog_9");

        var op = Map(s, _seq);

        Assert.True(op.OpensAccount);
        Assert.False(op.HasEntry);
        Assert.Equal(("acct_9", "EUR", "prog_9"), (op.AccountId, op.Currency, op.ProgramId));
    }

    [Fact]
    public void Events_without_money_map_to_nothing()
    {
        var (s, a) = Start();
        var seqs = new[] { s.Decline(a, 100), s.BalanceInquiry(a), s.Unmatched(EventType.Reversal), s.CardIssued(a) };

        foreach (var seq in seqs)
        {
            var e = LogEvent.Decode(s.Records.Single(r => r.Seq == seq).Record)!;
            Assert.False(LedgerMapper.TryMap(e, out _));
        }
    }

    [Fact]
    public void A_card_event_that_moves_money_without_an_account_is_invalid()
    {
        var (s, a) = Start();
        var seq = s.Authorize(a, 100);
        var e = LogEvent.Decode(s.Records.Single(r => r.Seq == seq).Record)!;
        e.Card.AccountId.Clear();

        Assert.Throws<InvalidDataException>(() => LedgerMapper.TryMap(e, out _));
    }

    [Theory]
    [InlineData(EventType.Authorization, true)]
    [InlineData(EventType.HoldExpired, true)]
    [InlineData(EventType.ReservationReleased, true)]
    [InlineData(EventType.AccountOpened, true)]
    [InlineData(EventType.BalanceInquiry, false)]
    [InlineData(EventType.CardIssued, false)]
    [InlineData(EventType.ControlsChanged, false)]
    [InlineData(EventType.AccountStateChanged, false)]
    [InlineData(EventType.None, false)]
    public void Only_money_event_types_are_decoded(EventType type, bool affects) => Assert.Equal(affects, LedgerMapper.Affects(type));

    private (LogScript Script, ModelAccount Account) Start()
    {
        var s = new LogScript(() => ++_seq);
        var a = s.Open("acct_1");
        s.Credit(a, 10_000);
        return (s, a);
    }

    private static LedgerOperation Map(LogScript s, long seq)
    {
        var e = LogEvent.Decode(s.Records.Single(r => r.Seq == seq).Record);
        Assert.NotNull(e);
        Assert.True(LedgerMapper.TryMap(e, out var op));
        Assert.Equal(seq, op.Seq);
        return op;
    }

    private static (string, long, long, long, PendingTransferState) Key(LedgerOperation op) => (op.Kind, op.PostedDelta, op.PendingDelta, op.HoldPosted, op.ResolvesAs);
}
