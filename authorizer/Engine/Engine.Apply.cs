using Baas.Authorizer.State;
using Baas.Events;

namespace Baas.Authorizer.Engine;

/// <summary>
/// Applying events to state: the only code that changes balances, holds, cards and indexes, used alike by
/// live processing (right after the append) and by replay. It reads nothing but the event and the records
/// the event touches, so the same log always gives the same state.
/// </summary>
public sealed partial class Engine
{
    private const long MicrosPerDay = 86_400_000_000L;
    private const long MicrosPerTenMinutes = 600_000_000L;

    private void ApplyCard(long seq, long tsMicros, EventType type, CardEvent e)
    {
        var haveCard = _store.TryGetCard(e.CardToken, out var card);
        if (haveCard)
        {
            // Balances.
            if (e.PostedDelta != 0 || e.HoldDelta != 0)
            {
                if (_store.TryGetAccount(card.AccountNo, out var account))
                {
                    account.Posted += e.PostedDelta;
                    account.Held += e.HoldDelta;
                    _store.PutAccount(account);
                }
            }

            // The hold.
            if (e.HoldId != 0)
            {
                ApplyHold(seq, tsMicros, type, e, card.AccountNo);
            }

            // Velocity, card testing and PIN tries.
            if (UpdateCard(ref card, tsMicros, type, e))
            {
                _store.PutCard(card);
            }
        }

        // The stored response for retransmissions (network messages only). A 94 must not replace the original, and
        // answers that looked at nothing are not stored: a 30 (the message itself was bad, so its fingerprint is
        // not the original's) or a 91 (no decision was made); the next correct or timely repeat gets a real answer.
        if (e.Mti != 0 && type != EventType.HoldExpired
            && e.Reason is not (DeclineReason.DuplicateTransmission or DeclineReason.FormatError or DeclineReason.BudgetExceeded))
        {
            var key = Keys.Duplicate(e.Mti, e.AcquirerId.Span, e.TerminalId.Span, e.Stan, e.TransmissionDateTime.Span);
            var overdraft = haveCard && _store.TryGetAccount(card.AccountNo, out var acc) ? acc.OverdraftLimit : 0;
            var record = new IndexRecord
            {
                Target = e.HoldId,
                Card = e.CardToken,
                ExpiresAt = (tsMicros / 1000) + (_options.DuplicateRetentionHours * 3_600_000L),
                Fingerprint = Keys.Fingerprint(e.CardToken, e.RequestedAmount, e.ProcessingCode.Span),
                ResponseMti = (ushort)(((e.Mti / 10) * 10) + 10),
                ResponseCode = PackCode(e.ResponseCode.Span),
                ApprovalCode = e.ApprovalCode,
                ApprovedAmount = e.ApprovedAmount,
                HoldId = e.HoldId,
                PostedAfter = e.PostedAfter,
                AvailableAfter = e.PostedAfter - e.HeldAfter + overdraft,
                Currency = e.AccountCurrency,
                Partial = e.Partial,
                Reason = (byte)e.Reason,
                Seq = seq,
            };
            _store.PutIndex(key, record);
        }

        // Single-message financials have no hold; reversals find them through the original index too.
        if (e.SingleMessage && e.Approved && type == EventType.Authorization)
        {
            var original = new IndexRecord { Target = 0, Card = e.CardToken, ApprovedAmount = e.ApprovedAmount, Seq = seq };
            _store.PutIndex(Keys.Original(e.Mti, e.AcquirerId.Span, e.Stan, e.TransmissionDateTime.Span), original);
            if (!e.Rrn.IsEmpty)
            {
                _store.PutIndex(Keys.RrnCard(e.Rrn.Span, e.CardToken), original);
            }
        }

        if (type == EventType.Reversal && e.SingleMessage && e.PostedDelta > 0)
        {
            // What is left to reverse of a single-message original, in both entries that find it (DE90 and
            // RRN + card): a second reversal through either must not credit the money again.
            long originalSeq = 0;
            var key = Keys.Original(e.OriginalMti, e.AcquirerId.Span, e.OriginalStan, e.OriginalTransmissionDateTime.Span);
            if (e.OriginalMti != 0 && _store.TryGetIndex(key, out var original) && original.Target == 0)
            {
                original.ApprovedAmount = Math.Max(0, original.ApprovedAmount - e.PostedDelta);
                _store.PutIndex(key, original);
                originalSeq = original.Seq;
            }

            var rrnKey = Keys.RrnCard(e.Rrn.Span, e.CardToken);
            if (!e.Rrn.IsEmpty && _store.TryGetIndex(rrnKey, out var byRrn) && byRrn.Target == 0 && (originalSeq == 0 || byRrn.Seq == originalSeq))
            {
                byRrn.ApprovedAmount = Math.Max(0, byRrn.ApprovedAmount - e.PostedDelta);
                _store.PutIndex(rrnKey, byRrn);
            }
        }

        // Clearing-file records, refunds included, are idempotent by their reference.
        if ((type == EventType.Clearing || type == EventType.Refund) && e.Mti == 0 && !e.Reference.IsEmpty)
        {
            _store.PutIndex(Keys.Clearing(e.Reference.Span), new IndexRecord { Target = e.HoldId, Seq = seq, ApprovedAmount = Math.Abs(e.PostedDelta) });
        }
    }

    private void ApplyHold(long seq, long tsMicros, EventType type, CardEvent e, long accountNo)
    {
        if (_store.TryGetHold(e.HoldId, out var hold))
        {
            hold.Remaining += e.HoldDelta;
            if (type == EventType.IncrementalAuthorization)
            {
                hold.Authorized += e.HoldDelta;
            }

            if (type == EventType.Clearing)
            {
                hold.Cleared += -e.PostedDelta;
            }

            if (hold.Remaining <= 0 && hold.State == HoldState.Active && e.HoldDelta < 0)
            {
                hold.Remaining = 0;
                hold.State = type switch
                {
                    EventType.Clearing => HoldState.Cleared,
                    EventType.HoldExpired => HoldState.Expired,
                    _ => HoldState.Released,
                };
                if (_store.TryGetAccount(accountNo, out var account))
                {
                    account.ActiveHolds--;
                    _store.PutAccount(account);
                }
            }

            _store.PutHold(hold);
            return;
        }

        if (e.HoldDelta <= 0)
        {
            return;
        }

        // A new hold.
        hold = new HoldRecord
        {
            HoldId = e.HoldId,
            AccountNo = accountNo,
            Card = e.CardToken,
            Kind = HoldKind.CardAuthorization,
            State = HoldState.Active,
            Currency = e.AccountCurrency,
            Mcc = e.Mcc,
            PreAuthorization = e.PreAuthorization,
            Authorized = e.HoldDelta,
            Remaining = e.HoldDelta,
            CreatedAt = tsMicros / 1000,
            ExpiresAt = e.HoldExpiresAt,
            Rrn = e.Rrn,
            ApprovalCode = e.ApprovalCode,
        };
        if (_store.TryGetAccount(accountNo, out var owner))
        {
            hold.PreviousHoldId = owner.LastHoldId;
            owner.LastHoldId = hold.HoldId;
            owner.ActiveHolds++;
            _store.PutAccount(owner);
        }

        _store.PutHold(hold);

        _expiries.Enqueue(hold.HoldId, hold.ExpiresAt);
        var target = new IndexRecord { Target = hold.HoldId, Card = e.CardToken, ApprovedAmount = e.HoldDelta, Seq = seq };
        if (e.Mti != 0)
        {
            _store.PutIndex(Keys.Original(e.Mti, e.AcquirerId.Span, e.Stan, e.TransmissionDateTime.Span), target);
        }

        if (!e.Rrn.IsEmpty)
        {
            _store.PutIndex(Keys.RrnCard(e.Rrn.Span, e.CardToken), target);
        }

        if (!e.ApprovalCode.IsEmpty)
        {
            _store.PutIndex(Keys.ApprovalCard(e.ApprovalCode.Span, e.CardToken), target);
        }
    }

    /// <summary>Velocity windows, the card-testing window and PIN tries; true when the card changed.</summary>
    private static bool UpdateCard(ref CardRecord card, long tsMicros, EventType type, CardEvent e)
    {
        var changed = false;
        var day = (int)(tsMicros / MicrosPerDay);
        var month = MonthKey(tsMicros);
        var spends = e.Approved && e.ApprovedAmount > 0 && type is EventType.Authorization or EventType.Advice or EventType.IncrementalAuthorization
            && !IsCredit(e.ProcessingCode.Span);
        if (spends)
        {
            RollWindows(ref card, day, month);
            card.DayAmount += e.ApprovedAmount;
            card.MonthAmount += e.ApprovedAmount;
            if (type != EventType.IncrementalAuthorization)
            {
                card.DayCount++;
            }

            if (e.Channel == Channel.Atm)
            {
                card.AtmDayAmount += e.ApprovedAmount;
            }

            changed = true;
        }
        else if (type == EventType.Reversal && !e.Unmatched)
        {
            var released = Math.Max(-e.HoldDelta, e.PostedDelta);
            if (released > 0)
            {
                if (card.DayKey == day)
                {
                    card.DayAmount = Math.Max(0, card.DayAmount - released);
                    if (e.Channel == Channel.Atm)
                    {
                        card.AtmDayAmount = Math.Max(0, card.AtmDayAmount - released);
                    }
                }

                if (card.MonthKey == month)
                {
                    card.MonthAmount = Math.Max(0, card.MonthAmount - released);
                }

                changed = true;
            }
        }

        if (!e.Approved && type == EventType.Authorization && e.Reason is not (DeclineReason.DuplicateTransmission or DeclineReason.BudgetExceeded or DeclineReason.SystemError))
        {
            var window = (int)(tsMicros / MicrosPerTenMinutes);
            if (card.DeclineWindow == window)
            {
                card.DeclineCount++;
            }
            else
            {
                card.DeclineWindow = window;
                card.DeclineCount = 1;
            }

            changed = true;
        }

        if (e.PinChecked)
        {
            // The wrong PIN that reaches the limit (75) counts too, so that the card stays locked afterwards.
            if (e.Reason == DeclineReason.IncorrectPin || (e.Reason == DeclineReason.PinTriesExceeded && card.PinTries < MaxPinTries))
            {
                card.PinTries++;
                changed = true;
            }
            else if (e.Approved && card.PinTries != 0)
            {
                card.PinTries = 0;
                changed = true;
            }
        }

        return changed;
    }

    private static void RollWindows(ref CardRecord card, int day, int month)
    {
        if (card.DayKey != day)
        {
            card.DayKey = day;
            card.DayAmount = 0;
            card.DayCount = 0;
            card.AtmDayAmount = 0;
        }

        if (card.MonthKey != month)
        {
            card.MonthKey = month;
            card.MonthAmount = 0;
        }
    }

    private static int MonthKey(long tsMicros)
    {
        var date = DateTimeOffset.UnixEpoch.AddTicks(tsMicros * 10).UtcDateTime;
        return (date.Year * 12) + date.Month;
    }

    private static bool IsCredit(ReadOnlySpan<byte> processingCode) => processingCode.Length >= 2 && processingCode[0] == '2' && processingCode[1] == '0';

    private static ushort PackCode(ReadOnlySpan<byte> code) => code.Length >= 2 ? (ushort)((code[0] << 8) | code[1]) : (ushort)0;

    private void ApplyManagement(long seq, long tsMicros, ManagementEvent management)
    {
        switch (management)
        {
            case ProgramCreated p:
                Registry.Add(p);
                break;
            case ProgramKeyCreated k:
                Registry.AddKey(k);
                break;
            case AccountOpened a:
                {
                    Registry.TryGet(a.ProgramId, out var program);
                    Currencies.TryNumeric(a.Currency, out var currency);
                    var account = new AccountRecord
                    {
                        AccountNo = Registry.NextAccountNo++,
                        AccountId = Text40.From(a.AccountId),
                        ProgramNo = program?.ProgramNo ?? 0,
                        Currency = currency,
                        State = AccountState.Active,
                        OverdraftLimit = a.OverdraftLimit,
                    };
                    _store.PutAccount(account);
                    _store.PutIndex(Keys.AccountId(a.AccountId), new IndexRecord { Target = account.AccountNo, Seq = seq });
                    break;
                }

            case CardIssued c:
                {
                    if (!CardToken.TryParse(c.CardToken, out var token) || !_store.TryGetIndex(Keys.AccountId(c.AccountId), out var accountIndex))
                    {
                        break;
                    }

                    Registry.TryGet(c.ProgramId, out var program);
                    var state = StateNames.TryParseCard(c.State, out var parsed) ? parsed : CardState.Active;
                    var card = new CardRecord
                    {
                        Token = token,
                        CardId = Text40.From(c.CardId),
                        AccountNo = accountIndex.Target,
                        ProgramNo = program?.ProgramNo ?? 0,
                        State = state,
                        CardType = c.CardType == "physical" ? (byte)2 : (byte)1,
                        ExpiryYymm = ushort.Parse(c.Expiry, System.Globalization.CultureInfo.InvariantCulture),
                        Last4 = ushort.Parse(c.Last4, System.Globalization.CultureInfo.InvariantCulture),
                        HasCvv2 = c.Cvv2Hash is not null,
                        HasPin = c.PinHash is not null,
                    };
                    if (c.Cvv2Hash is not null)
                    {
                        Convert.FromHexString(c.Cvv2Hash).AsSpan(0, 16).CopyTo(card.Cvv2Hash);
                    }

                    if (c.PinHash is not null)
                    {
                        Convert.FromHexString(c.PinHash).AsSpan(0, 16).CopyTo(card.PinHash);
                    }

                    Controls.ApplyTo(ref card, c.Controls);
                    _store.PutCard(card);
                    _store.PutIndex(Keys.CardId(c.CardId), new IndexRecord { Target = card.AccountNo, Card = token, Seq = seq });
                    break;
                }

            case CardStateChanged s:
                if (CardToken.TryParse(s.CardToken, out var t1) && _store.TryGetCard(t1, out var c1) && StateNames.TryParseCard(s.To, out var to))
                {
                    c1.State = to;
                    _store.PutCard(c1);
                }

                break;
            case ControlsChanged cc:
                if (CardToken.TryParse(cc.CardToken, out var t2) && _store.TryGetCard(t2, out var c2))
                {
                    Controls.ApplyTo(ref c2, cc.Controls);
                    _store.PutCard(c2);
                }

                break;
            case AccountCredited credit:
                MoveMoney(credit.AccountId, credit.Amount, credit.Reference, seq);
                break;
            case AccountDebited debit:
                MoveMoney(debit.AccountId, -debit.Amount, debit.Reference, seq);
                break;
            case FundsReserved r:
                {
                    if (!TryGetAccount(r.AccountId, out var account))
                    {
                        break;
                    }

                    account.Held += r.Amount;
                    account.ActiveHolds++;
                    var previous = account.LastHoldId;
                    account.LastHoldId = r.ReservationId;
                    _store.PutAccount(account);
                    var hold = new HoldRecord
                    {
                        PreviousHoldId = previous,
                        HoldId = r.ReservationId,
                        AccountNo = account.AccountNo,
                        Kind = HoldKind.PaymentReservation,
                        State = HoldState.Active,
                        Currency = account.Currency,
                        Authorized = r.Amount,
                        Remaining = r.Amount,
                        CreatedAt = tsMicros / 1000,
                        ExpiresAt = r.ExpiresAt,
                        Reference = Text40.From(r.Reference),
                    };
                    _store.PutHold(hold);
                    _expiries.Enqueue(hold.HoldId, hold.ExpiresAt);
                    _store.PutIndex(Keys.Reservation(r.AccountId, r.Reference), new IndexRecord { Target = hold.HoldId, Seq = seq });
                    break;
                }

            case ReservationReleased rr:
                {
                    if (!TryGetAccount(rr.AccountId, out var account) || !_store.TryGetHold(rr.ReservationId, out var hold))
                    {
                        break;
                    }

                    account.Held -= rr.Amount;
                    if (rr.Posted)
                    {
                        account.Posted -= rr.Amount;
                        hold.Cleared += rr.Amount;
                    }

                    hold.Remaining -= rr.Amount;
                    if (hold.Remaining <= 0 && hold.State == HoldState.Active)
                    {
                        hold.Remaining = 0;
                        hold.State = rr.Posted ? HoldState.Cleared : HoldState.Released;
                        account.ActiveHolds--;
                    }

                    _store.PutAccount(account);
                    _store.PutHold(hold);
                    break;
                }

            case AccountStateChanged st:
                if (TryGetAccount(st.AccountId, out var acct))
                {
                    if (StateNames.TryParseAccount(st.State, out var accountState))
                    {
                        acct.State = accountState;
                    }

                    if (StateNames.TryParseCustomer(st.CustomerStatus, out var customer))
                    {
                        acct.CustomerStatus = customer;
                    }

                    _store.PutAccount(acct);
                }

                break;
            default:
                break;
        }
    }

    private void MoveMoney(string accountId, long delta, string reference, long seq)
    {
        if (!TryGetAccount(accountId, out var account))
        {
            return;
        }

        account.Posted += delta;
        _store.PutAccount(account);
        _store.PutIndex(Keys.Money(accountId, reference), new IndexRecord { Target = account.AccountNo, ApprovedAmount = delta, Seq = seq });
    }

    internal bool TryGetAccount(string accountId, out AccountRecord account)
    {
        account = default;
        return _store.TryGetIndex(Keys.AccountId(accountId), out var index) && _store.TryGetAccount(index.Target, out account);
    }
}
