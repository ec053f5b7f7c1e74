namespace Baas.Ledger.Tests;

/// <summary>
/// Writes authorization-log records the way the authorizer would: a small model of its accounts and holds
/// computes each event's deltas exactly as <c>Engine.Iso.cs</c> and <c>Engine.Commands.cs</c> do (a clearing
/// releases the whole remaining hold when final, the smaller of amount and remaining when not; a reversal keeps
/// what DE95 says; an expiry releases what remains), fills <c>PostedAfter</c>/<c>HeldAfter</c>, applies the
/// effects as <c>Engine.Apply.cs</c> does, and encodes envelope and body as the log does. Hold ids are the
/// sequence of the event that creates them, as in the authorizer.
/// </summary>
internal sealed class LogScript(Func<long> nextSeq)
{
    public const long BaseMicros = 1_795_262_400_000_000; // 2026-11-21T12:00:00Z

    private readonly List<(long Seq, byte[] Record)> _records = [];

    public Dictionary<string, ModelAccount> Accounts { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, ModelHold> Holds { get; } = [];

    /// <summary>Every record written so far, in order.</summary>
    public IReadOnlyList<(long Seq, byte[] Record)> Records => _records;

    /// <summary>The records written since the last <see cref="Take"/>.</summary>
    public int Taken { get; private set; }

    /// <summary>The records written since the last call.</summary>
    public List<(long Seq, byte[] Record)> Take()
    {
        var fresh = _records.GetRange(Taken, _records.Count - Taken);
        Taken = _records.Count;
        return fresh;
    }

    public ModelAccount Open(string accountId, string currency = "USD", string programId = "prog_1")
    {
        Assert.True(Currencies.TryNumeric(currency, out var numeric));
        var account = new ModelAccount(accountId, currency, numeric, programId);
        Accounts[accountId] = account;
        Management(new AccountOpened(accountId, programId, currency, 0));
        return account;
    }

    public long Credit(ModelAccount a, long amount, string reference = "funding")
    {
        a.Posted += amount;
        return Management(new AccountCredited(a.Id, amount, a.Currency, reference, a.Posted));
    }

    public long Debit(ModelAccount a, long amount, string reference = "fee")
    {
        a.Posted -= amount;
        return Management(new AccountDebited(a.Id, amount, a.Currency, reference, a.Posted));
    }

    /// <summary>An approved dual-message authorization: a new hold; returns its id.</summary>
    public long Authorize(ModelAccount a, long amount)
    {
        var e = Card(a, 100);
        e.ApprovedAmount = amount;
        e.HoldDelta = amount;
        e.HoldRemaining = amount;
        return Append(EventType.Authorization, a, e, newHold: true);
    }

    public long Incremental(ModelAccount a, long holdId, long amount)
    {
        var hold = Holds[holdId];
        var e = Card(a, 100);
        e.ApprovedAmount = amount;
        e.HoldId = holdId;
        e.HoldDelta = amount;
        e.HoldRemaining = hold.Remaining + amount;
        return Append(EventType.IncrementalAuthorization, a, e);
    }

    /// <summary>A matched reversal; <paramref name="keep"/> is what the transaction really came to (DE95), 0 for a full reversal.</summary>
    public long Reverse(ModelAccount a, long holdId, long keep = 0)
    {
        var hold = Holds[holdId];
        var e = Card(a, 400);
        e.HoldId = holdId;
        if (hold.Active)
        {
            var kept = Math.Clamp(keep - hold.Cleared, 0, hold.Remaining);
            var release = hold.Remaining - kept;
            e.HoldDelta = -release;
            e.HoldRemaining = kept;
            e.ApprovedAmount = release;
        }

        return Append(EventType.Reversal, a, e);
    }

    /// <summary>A clearing against a hold (a late clearing when the hold is no longer active).</summary>
    public long Clear(ModelAccount a, long holdId, long amount, bool final = true)
    {
        var hold = Holds[holdId];
        var e = Card(a, 220);
        e.ApprovedAmount = amount;
        e.PostedDelta = -amount;
        e.FinalClearing = final;
        e.HoldId = holdId;
        if (hold.Active)
        {
            var release = final ? hold.Remaining : Math.Min(amount, hold.Remaining);
            e.HoldDelta = -release;
            e.HoldRemaining = hold.Remaining - release;
        }
        else
        {
            e.LateClearing = true;
        }

        return Append(EventType.Clearing, a, e);
    }

    /// <summary>A clearing that matches no hold: posted as it is.</summary>
    public long ForcePost(ModelAccount a, long amount)
    {
        var e = Card(a, 220);
        e.ApprovedAmount = amount;
        e.PostedDelta = -amount;
        e.FinalClearing = true;
        e.ForcePost = true;
        return Append(EventType.Clearing, a, e);
    }

    public long Expire(ModelAccount a, long holdId)
    {
        var hold = Holds[holdId];
        var e = Card(a, 0);
        e.HoldId = holdId;
        e.HoldDelta = -hold.Remaining;
        e.HoldRemaining = 0;
        e.ApprovedAmount = hold.Remaining;
        return Append(EventType.HoldExpired, a, e);
    }

    public long Refund(ModelAccount a, long amount)
    {
        var e = Card(a, 220);
        e.ProcessingCode = Text40.From("200000");
        e.ApprovedAmount = amount;
        e.PostedDelta = amount;
        return Append(EventType.Refund, a, e);
    }

    /// <summary>A single-message purchase (0200): posted at once, no hold.</summary>
    public long Financial(ModelAccount a, long amount)
    {
        var e = Card(a, 200);
        e.SingleMessage = true;
        e.ApprovedAmount = amount;
        e.PostedDelta = -amount;
        return Append(EventType.Authorization, a, e);
    }

    /// <summary>The reversal of a single-message purchase: the money goes back.</summary>
    public long ReverseFinancial(ModelAccount a, long amount)
    {
        var e = Card(a, 400);
        e.SingleMessage = true;
        e.ApprovedAmount = amount;
        e.PostedDelta = amount;
        return Append(EventType.Reversal, a, e);
    }

    /// <summary>A stand-in approval advice: a new hold.</summary>
    public long Advice(ModelAccount a, long amount)
    {
        var e = Card(a, 120);
        e.StandIn = true;
        e.ApprovedAmount = amount;
        e.HoldDelta = amount;
        e.HoldRemaining = amount;
        return Append(EventType.Advice, a, e, newHold: true);
    }

    public long Decline(ModelAccount a, long amount)
    {
        var e = Card(a, 100);
        e.Approved = false;
        e.Reason = DeclineReason.InsufficientFunds;
        e.ResponseCode = Text40.From("51");
        e.RequestedAmount = amount;
        return Append(EventType.Authorization, a, e);
    }

    public long BalanceInquiry(ModelAccount a)
    {
        var e = Card(a, 100);
        e.ProcessingCode = Text40.From("300000");
        return Append(EventType.BalanceInquiry, a, e);
    }

    /// <summary>A reversal or clearing that matched nothing: recorded, no account, no money.</summary>
    public long Unmatched(EventType type)
    {
        var e = new CardEvent { Mti = 400, Unmatched = true, Reason = DeclineReason.Unmatched };
        var seq = nextSeq();
        Add(seq, type, e);
        return seq;
    }

    public long Reserve(ModelAccount a, long amount, string reference = "payment")
    {
        var seq = nextSeq();
        a.Held += amount;
        Holds[seq] = new ModelHold(seq, a.Id, reservation: true) { Remaining = amount };
        Add(seq, new FundsReserved(a.Id, seq, amount, a.Currency, reference, (BaseMicros / 1000) + 86_400_000, a.Held));
        return seq;
    }

    public long Release(ModelAccount a, long reservationId, long amount, bool post, string? reference = null)
    {
        var hold = Holds[reservationId];
        a.Held -= amount;
        if (post)
        {
            a.Posted -= amount;
            hold.Cleared += amount;
        }

        hold.Remaining -= amount;
        if (hold.Remaining <= 0 && hold.Active)
        {
            hold.Remaining = 0;
            hold.Active = false;
        }

        return Management(new ReservationReleased(a.Id, reservationId, amount, post, reference ?? (post ? "posted" : "released"), a.Held, a.Posted));
    }

    /// <summary>A management record of a type the ledger ignores (a card issued).</summary>
    public long CardIssued(ModelAccount a) => Management(new CardIssued(
        "card_" + a.Id, a.Id, a.ProgramId, new string('a', 64), "1234", "2912", "virtual", "active", new CardControls(), null, null));

    /// <summary>A record with the given header and raw body bytes, to feed the store something broken.</summary>
    public long Raw(EventType type, byte[] body)
    {
        var seq = nextSeq();
        var record = new byte[LogEvent.HeaderSize + body.Length];
        LogEvent.WriteHeader(record, seq, BaseMicros + seq, type, 1);
        body.CopyTo(record, LogEvent.HeaderSize);
        _records.Add((seq, record));
        return seq;
    }

    private CardEvent Card(ModelAccount a, ushort mti)
    {
        var e = new CardEvent
        {
            Mti = mti,
            Approved = true,
            Reason = DeclineReason.Approved,
            Channel = Channel.Chip,
            RequestedCurrency = a.Numeric,
            AccountCurrency = a.Numeric,
            Mcc = 5411,
        };
        Span<byte> token = stackalloc byte[CardToken.Size];
        token.Fill(7);
        e.CardToken = CardToken.FromBytes(token);
        e.ProcessingCode = Text40.From("000000");
        e.ResponseCode = Text40.From("00");
        e.CardId = Text40.From("card_" + a.Id);
        e.AccountId = Text40.From(a.Id);
        e.ProgramId = Text40.From(a.ProgramId);
        e.MerchantName = Text40.From("CORNER GROCERY");
        e.MerchantCity = Text40.From("SPRINGFIELD");
        e.Rrn = Text40.From("632500000123");
        return e;
    }

    /// <summary>Fills balances after, applies the event to the model (as Engine.Apply.cs), appends the record.</summary>
    private long Append(EventType type, ModelAccount a, CardEvent e, bool newHold = false)
    {
        var seq = nextSeq();
        if (newHold)
        {
            e.HoldId = seq;
        }

        e.PostedAfter = a.Posted + e.PostedDelta;
        e.HeldAfter = a.Held + e.HoldDelta;
        a.Posted += e.PostedDelta;
        a.Held += e.HoldDelta;
        if (e.HoldId != 0)
        {
            if (Holds.TryGetValue(e.HoldId, out var hold))
            {
                hold.Remaining += e.HoldDelta;
                if (type == EventType.Clearing)
                {
                    hold.Cleared += -e.PostedDelta;
                }

                if (hold.Remaining <= 0 && hold.Active && e.HoldDelta < 0)
                {
                    hold.Remaining = 0;
                    hold.Active = false;
                }
            }
            else if (e.HoldDelta > 0)
            {
                Holds[e.HoldId] = new ModelHold(e.HoldId, a.Id, reservation: false) { Remaining = e.HoldDelta };
            }
        }

        Add(seq, type, e);
        return seq;
    }

    private long Management(ManagementEvent body)
    {
        var seq = nextSeq();
        Add(seq, body);
        return seq;
    }

    private void Add(long seq, EventType type, CardEvent e)
    {
        var buffer = new byte[LogEvent.HeaderSize + CardEvent.MaxEncodedSize];
        var length = e.Encode(buffer.AsSpan(LogEvent.HeaderSize));
        LogEvent.WriteHeader(buffer, seq, BaseMicros + seq, type, CardEvent.Version);
        _records.Add((seq, buffer[..(LogEvent.HeaderSize + length)]));
    }

    private void Add(long seq, ManagementEvent body)
    {
        var json = body.Encode();
        var record = new byte[LogEvent.HeaderSize + json.Length];
        LogEvent.WriteHeader(record, seq, BaseMicros + seq, body.Type, 1);
        json.CopyTo(record, LogEvent.HeaderSize);
        _records.Add((seq, record));
    }
}

/// <summary>The model's view of one authorizer account.</summary>
internal sealed class ModelAccount(string id, string currency, ushort numeric, string programId)
{
    public string Id { get; } = id;
    public string Currency { get; } = currency;
    public ushort Numeric { get; } = numeric;
    public string ProgramId { get; } = programId;
    public long Posted { get; set; }
    public long Held { get; set; }
}

/// <summary>The model's view of one hold or reservation.</summary>
internal sealed class ModelHold(long id, string accountId, bool reservation)
{
    public long Id { get; } = id;
    public string AccountId { get; } = accountId;
    public bool Reservation { get; } = reservation;
    public long Remaining { get; set; }
    public long Cleared { get; set; }
    public bool Active { get; set; } = true;
}
