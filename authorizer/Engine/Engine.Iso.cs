using System.Diagnostics;
using System.Security.Cryptography;
using Baas.Authorizer.State;
using Baas.Events;
using Baas.Iso8583;
using Baas.Iso8583.Subfields;

namespace Baas.Authorizer.Engine;

/// <summary>
/// Decisions for network messages, in the order of ARCHITECTURE.md section 4: format, duplicate, card, card
/// state, expiry, security, customer, controls, fraud and velocity, balance, hold, log append, response.
/// Each outcome is one <see cref="CardEvent"/> appended and applied; the response is built from the same
/// values. Nothing here allocates.
/// </summary>
public sealed partial class Engine
{
    private const int MaxPinTries = 3;

    private readonly byte[] _zonePinKey;
    private readonly TripleDES _tripleDes;

    private void ProcessIso(WorkItem item)
    {
        var req = item.Request;
        var mti = req.Mti;
        _event.Reset();
        InitResponse(item);
        var cls = mti / 10;
        if (cls is not (10 or 12 or 20 or 22 or 40 or 42))
        {
            Respond(item, DeclineReason.InvalidTransaction);
            return;
        }

        FillFromRequest(item);

        // Format: what every message needs.
        if (!TryGetPan(req, out var pan) || !req.Has(IsoField.ProcessingCode) || !req.Has(IsoField.Stan)
            || !req.TryGetInt64(IsoField.AmountTransaction, out var amount) || !req.Has(IsoField.CurrencyTransaction))
        {
            Decline(item, DeclineReason.FormatError);
            return;
        }

        _event.CardToken = _tokenizer.Tokenize(pan);

        // Duplicates and repeats: the same matching key again returns the original response and changes nothing,
        // however late it arrives (a repeat is what a network sends when it is worried about time).
        var dupKey = Keys.Duplicate(mti, req.Get(IsoField.AcquirerId), req.Get(IsoField.TerminalId), _event.Stan, req.Get(IsoField.TransmissionDateTime));
        if (_store.TryGetIndex(dupKey, out var dup) && dup.ExpiresAt > _nowMicros / 1000)
        {
            if (dup.Fingerprint == Keys.Fingerprint(_event.CardToken, amount, req.Get(IsoField.ProcessingCode)))
            {
                RespondFromStored(item, dup);
            }
            else
            {
                Decline(item, DeclineReason.DuplicateTransmission);
            }

            return;
        }

        if (Stopwatch.GetTimestamp() > item.DeadlineTicks)
        {
            Decline(item, DeclineReason.BudgetExceeded);
            return;
        }

        switch (cls)
        {
            case 10:
                Authorize(item, pan, amount, singleMessage: false);
                break;
            case 20:
                Authorize(item, pan, amount, singleMessage: true);
                break;
            case 12:
                Advice(item, amount);
                break;
            case 22:
                Completion(item, amount);
                break;
            default:
                Reversal(item, amount);
                break;
        }
    }

    private void Authorize(WorkItem item, ReadOnlySpan<byte> pan, long amount, bool singleMessage)
    {
        var req = item.Request;
        var processing = req.Get(IsoField.ProcessingCode);
        var txnType = ((processing[0] - '0') * 10) + (processing[1] - '0');
        if (txnType is not (0 or 1 or 9 or 20 or 30 or 31))
        {
            Decline(item, DeclineReason.InvalidTransaction);
            return;
        }

        if (!_store.TryGetCard(_event.CardToken, out var card))
        {
            Decline(item, DeclineReason.CardNotFound);
            return;
        }

        if (!_store.TryGetAccount(card.AccountNo, out var account))
        {
            Decline(item, DeclineReason.SystemError);
            return;
        }

        var program = Registry.Get(card.ProgramNo);
        FillParties(card, account, program);

        var reason = CardStateReason(card.State, account.State);
        if (reason == DeclineReason.Approved)
        {
            reason = ExpiryReason(req, card);
        }

        if (reason == DeclineReason.Approved)
        {
            reason = SecurityReason(req, pan, card);
        }

        if (reason == DeclineReason.Approved)
        {
            reason = account.CustomerStatus switch
            {
                CustomerStatus.Suspended => DeclineReason.CustomerRestricted,
                CustomerStatus.Restricted => DeclineReason.AccountRestricted,
                _ => DeclineReason.Approved,
            };
        }

        // The amount in the account's currency: the transaction amount, or the cardholder billing amount.
        long bill = 0;
        if (reason == DeclineReason.Approved && !TryBillingAmount(req, amount, account.Currency, out bill))
        {
            reason = DeclineReason.InvalidAmount;
        }

        if (reason != DeclineReason.Approved)
        {
            Decline(item, reason);
            return;
        }

        var isBalance = txnType is 30 or 31;
        var isRefund = txnType == 20;
        if (isBalance)
        {
            _event.Approved = true;
            Append(item, EventType.BalanceInquiry, DeclineReason.Approved, account);
            AddBalances(item.Response, processing, account.Currency, account.Posted, account.Available);
            return;
        }

        if (isRefund)
        {
            _event.Approved = true;
            _event.ApprovedAmount = bill;
            _event.SingleMessage = singleMessage;
            if (singleMessage)
            {
                _event.PostedDelta = bill;
            }

            Append(item, EventType.Refund, DeclineReason.Approved, account);
            return;
        }

        if (amount == 0 && txnType == 0)
        {
            // Account verification: every check passed, nothing is held.
            _event.Approved = true;
            Append(item, EventType.Authorization, DeclineReason.VerificationOk, account);
            return;
        }

        var tlv = req.Get(IsoField.AdditionalDataPrivate);
        var indicator = Tag(tlv, "AI"u8);
        var incremental = !singleMessage && indicator.Length == 1 && indicator[0] == (byte)'I';
        HoldRecord existing = default;
        if (incremental && !(TryFindOriginal(req, out var original) && original.Target != 0
            && _store.TryGetHold(original.Target, out existing) && existing.State == HoldState.Active && existing.Card == _event.CardToken))
        {
            // No live hold to add to: decide it as a new authorization.
            incremental = false;
        }

        reason = ControlsReason(card, program, bill, txnType, incremental);
        if (reason != DeclineReason.Approved)
        {
            Decline(item, reason);
            return;
        }

        var approved = bill;
        var available = account.Available;
        if (bill > available)
        {
            var partialAllowed = Tag(tlv, "PA"u8) is [(byte)'1'] && txnType is 0 or 9 && available > 0 && !incremental
                && _event.RequestedCurrency == account.Currency;
            if (!partialAllowed)
            {
                Decline(item, DeclineReason.InsufficientFunds);
                return;
            }

            approved = available;
            _event.Partial = true;
        }

        _event.Approved = true;
        _event.ApprovedAmount = approved;
        if (singleMessage)
        {
            _event.SingleMessage = true;
            _event.PostedDelta = -approved;
        }
        else
        {
            _event.HoldId = incremental ? existing.HoldId : _log.NextSeq;
            _event.HoldDelta = approved;
            _event.PreAuthorization = indicator is [(byte)'P'];
            _event.HoldExpiresAt = incremental ? existing.ExpiresAt : (_nowMicros / 1000) + (HoldDays(program, _event.Mcc, _event.PreAuthorization) * 86_400_000L);
            _event.HoldRemaining = incremental ? existing.Remaining + approved : approved;
        }

        Append(item, incremental ? EventType.IncrementalAuthorization : EventType.Authorization, _event.Partial ? DeclineReason.PartialApproval : DeclineReason.Approved, account);
        if (_event.Partial)
        {
            item.Response.SetNumber(IsoField.AmountTransaction, approved, 12);
            AddPartial(item.Response, amount, account.Currency, account.Available - approved);
        }
    }

    private void Advice(WorkItem item, long amount)
    {
        var req = item.Request;
        _event.StandIn = true;
        if (!_store.TryGetCard(_event.CardToken, out var card) || !_store.TryGetAccount(card.AccountNo, out var account))
        {
            // An advice for a card we do not know is recorded and acknowledged, never declined.
            _event.Unmatched = true;
            Append(item, EventType.Advice, DeclineReason.Unmatched, default);
            return;
        }

        FillParties(card, account, Registry.Get(card.ProgramNo));
        var standInApproved = !req.TryGet(IsoField.ResponseCode, out var rc) || rc.SequenceEqual("00"u8) || rc.SequenceEqual("10"u8);
        if (standInApproved && TryBillingAmount(req, amount, account.Currency, out var bill) && bill > 0)
        {
            _event.Approved = true;
            _event.ApprovedAmount = bill;
            _event.HoldId = _log.NextSeq;
            _event.HoldDelta = bill;
            _event.HoldRemaining = bill;
            _event.HoldExpiresAt = (_nowMicros / 1000) + (HoldDays(Registry.Get(card.ProgramNo), _event.Mcc, false) * 86_400_000L);
        }

        Append(item, EventType.Advice, DeclineReason.StandIn, account);
    }

    private void Completion(WorkItem item, long amount)
    {
        var req = item.Request;
        var haveCard = _store.TryGetCard(_event.CardToken, out var card);
        AccountRecord account = default;
        if (haveCard && _store.TryGetAccount(card.AccountNo, out account))
        {
            FillParties(card, account, Registry.Get(card.ProgramNo));
        }

        if (!haveCard || !TryBillingAmount(req, amount, account.Currency, out var bill))
        {
            _event.Unmatched = true;
            Append(item, EventType.Clearing, DeclineReason.Unmatched, account);
            return;
        }

        var processing = req.Get(IsoField.ProcessingCode);
        if (processing[0] == '2' && processing[1] == '0')
        {
            _event.Approved = true;
            _event.ApprovedAmount = bill;
            _event.PostedDelta = bill;
            Append(item, EventType.Refund, DeclineReason.Approved, account);
            return;
        }

        var final = Tag(req.Get(IsoField.AdditionalDataPrivate), "FC"u8) is not [(byte)'0'];
        ClearAgainstHold(req, bill, final, Registry.Get(card.ProgramNo));
        Append(item, EventType.Clearing, DeclineReason.Approved, account);
    }

    /// <summary>Fills the clearing effects for an amount against the hold the message points at.</summary>
    private void ClearAgainstHold(IsoMessage req, long bill, bool final, ProgramInfo? program)
    {
        _event.Approved = true;
        _event.ApprovedAmount = bill;
        _event.PostedDelta = -bill;
        _event.FinalClearing = final;
        if (TryFindOriginal(req, out var original) && original.Target != 0 && _store.TryGetHold(original.Target, out var hold))
        {
            _event.HoldId = hold.HoldId;
            if (hold.State == HoldState.Active)
            {
                var release = final ? hold.Remaining : Math.Min(bill, hold.Remaining);
                _event.HoldDelta = -release;
                _event.HoldRemaining = hold.Remaining - release;
                _event.OverTolerance = bill > AllowedClearing(hold, program);
            }
            else
            {
                _event.LateClearing = true;
            }
        }
        else
        {
            _event.ForcePost = true;
        }
    }

    private void Reversal(WorkItem item, long amount)
    {
        var req = item.Request;
        var haveCard = _store.TryGetCard(_event.CardToken, out var card);
        AccountRecord account = default;
        if (haveCard && _store.TryGetAccount(card.AccountNo, out account))
        {
            FillParties(card, account, Registry.Get(card.ProgramNo));
        }

        var replacement = default(ReplacementAmounts);
        var hasActual = req.TryGet(IsoField.ReplacementAmounts, out var de95) && ReplacementAmounts.TryParse(de95, out replacement);
        var actual = hasActual ? replacement.ActualAmount : 0;
        if (haveCard && TryFindOriginal(req, out var original) && (original.Card == _event.CardToken))
        {
            _event.Approved = true;
            if (original.Target != 0 && _store.TryGetHold(original.Target, out var hold))
            {
                _event.HoldId = hold.HoldId;
                if (hold.State == HoldState.Active)
                {
                    // DE95 carries what the transaction really came to; release the rest of the hold.
                    var keep = hasActual ? Math.Clamp(actual - hold.Cleared, 0, hold.Remaining) : 0;
                    var release = hold.Remaining - keep;
                    _event.HoldDelta = -release;
                    _event.HoldRemaining = keep;
                    _event.ApprovedAmount = release;
                }
            }
            else if (original.Target == 0)
            {
                // A single-message original: give back what is left of it (it may have been reversed already,
                // found through DE90 or through its RRN: both index entries count down, take the lower).
                var left = original.ApprovedAmount;
                if (req.TryGet(IsoField.Rrn, out var rrn) && _store.TryGetIndex(Keys.RrnCard(rrn, _event.CardToken), out var byRrn)
                    && byRrn.Target == 0 && byRrn.Seq == original.Seq)
                {
                    left = Math.Min(left, byRrn.ApprovedAmount);
                }

                var credit = hasActual ? Math.Max(0, left - actual) : left;
                _event.SingleMessage = true;
                _event.PostedDelta = Math.Max(0, credit);
                _event.ApprovedAmount = _event.PostedDelta;
            }

            Append(item, EventType.Reversal, DeclineReason.Approved, account);
            return;
        }

        // No original found: record it, acknowledge it.
        _event.Unmatched = true;
        _ = amount;
        Append(item, EventType.Reversal, DeclineReason.Unmatched, account);
    }

    /// <summary>Finds the original of a reversal, completion or incremental: by DE90, else by RRN and card.</summary>
    private bool TryFindOriginal(IsoMessage req, out IndexRecord original)
    {
        if (req.TryGet(IsoField.OriginalDataElements, out var de90) && OriginalDataElements.TryParse(de90, out var ode) && !ode.IsZero)
        {
            Span<byte> acquirer = stackalloc byte[11];
            Span<byte> dt = stackalloc byte[10];
            Digits.TryWrite(ode.AcquirerId, acquirer);
            Digits.TryWrite(ode.TransmissionDateTime, dt);
            _event.OriginalMti = (ushort)ode.Mti;
            _event.OriginalStan = ode.Stan;
            _event.OriginalTransmissionDateTime.Set(dt);
            if (_store.TryGetIndex(Keys.Original(ode.Mti, acquirer, ode.Stan, dt), out original))
            {
                return true;
            }
        }

        if (req.TryGet(IsoField.Rrn, out var rrn) && _store.TryGetIndex(Keys.RrnCard(rrn, _event.CardToken), out original))
        {
            // Without DE90 the amount must agree too (the RRN alone is the acquirer's, not unique to us).
            var mti = req.Mti / 10;
            return mti is 22 || original.ApprovedAmount == _event.RequestedAmount || original.ApprovedAmount == _event.BillingAmount
                || (req.Mti / 10 == 10 && Tag(req.Get(IsoField.AdditionalDataPrivate), "AI"u8) is [(byte)'I']);
        }

        original = default;
        return false;
    }

    private static DeclineReason CardStateReason(CardState card, AccountState account)
    {
        if (account == AccountState.Closed)
        {
            return DeclineReason.CardClosed;
        }

        return card switch
        {
            CardState.Active => account == AccountState.Frozen ? DeclineReason.CardFrozen : DeclineReason.Approved,
            CardState.Lost => DeclineReason.CardLost,
            CardState.Stolen => DeclineReason.CardStolen,
            CardState.Closed => DeclineReason.CardClosed,
            CardState.Frozen => DeclineReason.CardFrozen,
            _ => DeclineReason.CardNotActivated,
        };
    }

    private DeclineReason ExpiryReason(IsoMessage req, in CardRecord card)
    {
        var now = DateTimeOffset.UnixEpoch.AddTicks(_nowMicros * 10).UtcDateTime;
        var nowYymm = ((now.Year % 100) * 100) + now.Month;
        if (card.ExpiryYymm < nowYymm)
        {
            return DeclineReason.CardExpired;
        }

        if (req.TryGetInt64(IsoField.Expiry, out var expiry) && expiry != card.ExpiryYymm)
        {
            return DeclineReason.CardExpired;
        }

        if (req.TryGet(IsoField.Track2, out var track))
        {
            var sep = track.IndexOfAny((byte)'=', (byte)'D');
            if (sep >= 0 && track.Length >= sep + 5 && Digits.TryParse(track.Slice(sep + 1, 4), out int trackExpiry) && trackExpiry != card.ExpiryYymm)
            {
                return DeclineReason.CardExpired;
            }
        }

        return DeclineReason.Approved;
    }

    private DeclineReason SecurityReason(IsoMessage req, ReadOnlySpan<byte> pan, in CardRecord card)
    {
        var cvv2 = Tag(req.Get(IsoField.AdditionalDataPrivate), "CV"u8);
        if (!cvv2.IsEmpty && card.HasCvv2)
        {
            // A CVV2 is 3 or 4 characters; anything else cannot match (and must not reach the hash's buffer).
            if (cvv2.Length is < 3 or > 4)
            {
                return DeclineReason.Cvv2Mismatch;
            }

            Span<byte> hash = stackalloc byte[16];
            Security.Hash(_tokenizer, "cvv2:"u8, pan, cvv2, hash);
            if (!hash.SequenceEqual(card.Cvv2Hash))
            {
                return DeclineReason.Cvv2Mismatch;
            }
        }

        if (req.TryGet(IsoField.PinData, out var pinBlock))
        {
            _event.PinChecked = true;
            if (card.PinTries >= MaxPinTries)
            {
                return DeclineReason.PinTriesExceeded;
            }

            Span<byte> pin = stackalloc byte[12];
            var length = Security.DecryptPinBlock(_tripleDes, pinBlock, pan, pin);
            Span<byte> hash = stackalloc byte[16];
            if (length == 0 || !card.HasPin)
            {
                return DeclineReason.IncorrectPin;
            }

            Security.Hash(_tokenizer, "pin:"u8, pan, pin[..length], hash);
            if (!hash.SequenceEqual(card.PinHash))
            {
                return card.PinTries + 1 >= MaxPinTries ? DeclineReason.PinTriesExceeded : DeclineReason.IncorrectPin;
            }
        }

        return DeclineReason.Approved;
    }

    private DeclineReason ControlsReason(in CardRecord card, ProgramInfo? program, long bill, int txnType, bool incremental)
    {
        var day = (int)(_nowMicros / MicrosPerDay);
        var month = MonthKey(_nowMicros);
        var dayAmount = card.DayKey == day ? card.DayAmount : 0;
        var dayCount = card.DayKey == day ? card.DayCount : 0;
        var atmAmount = card.DayKey == day ? card.AtmDayAmount : 0;
        var monthAmount = card.MonthKey == month ? card.MonthAmount : 0;
        var channel = _event.Channel;
        var mcc = _event.Mcc;
        var country = Controls.Country(_event.MerchantCountry.Span);
        var home = program is null ? (ushort)0 : Controls.Country(program.Settings.Country);
        var international = country != 0 && home != 0 && country != home;

        if (channel == Channel.Ecommerce && (card.Channels & ChannelFlags.Ecommerce) == 0
            || channel == Channel.Atm && (card.Channels & ChannelFlags.Atm) == 0
            || channel == Channel.Contactless && (card.Channels & ChannelFlags.Contactless) == 0
            || channel == Channel.MagneticStripe && (card.Channels & ChannelFlags.MagneticStripe) == 0
            || international && (card.Channels & ChannelFlags.International) == 0)
        {
            return DeclineReason.ChannelDisabled;
        }

        if ((card.MccAllow.Count > 0 && !card.MccAllow.Contains(mcc)) || card.MccBlock.Contains(mcc))
        {
            return DeclineReason.MccBlocked;
        }

        if (country != 0 && card.CountryBlock.Contains(country))
        {
            return DeclineReason.CountryBlocked;
        }

        if (bill > card.PerTransactionLimit)
        {
            return DeclineReason.TransactionLimit;
        }

        if (bill > card.DailyLimit - dayAmount)
        {
            return DeclineReason.DailyAmountLimit;
        }

        if (bill > card.MonthlyLimit - monthAmount)
        {
            return DeclineReason.MonthlyAmountLimit;
        }

        if (!incremental && dayCount >= card.DailyCountLimit)
        {
            return DeclineReason.DailyCountLimit;
        }

        if ((channel == Channel.Atm || txnType == 1) && bill > card.AtmDailyLimit - atmAmount)
        {
            return DeclineReason.AtmDailyLimit;
        }

        if (program is not null)
        {
            var settings = program.Settings;
            if (settings.HighRiskSingleMax > 0 && bill > settings.HighRiskSingleMax && mcc is 7995 or 6051 or 4829 or 7801 or 7802)
            {
                return DeclineReason.SuspectedFraud;
            }

            var window = (int)(_nowMicros / MicrosPerTenMinutes);
            if (settings.CardTestingDeclines > 0 && card.DeclineWindow == window && card.DeclineCount >= settings.CardTestingDeclines)
            {
                return DeclineReason.VelocityExceeded;
            }
        }

        return DeclineReason.Approved;
    }

    private static int HoldDays(ProgramInfo? program, ushort mcc, bool preAuthorization)
    {
        var settings = program?.Settings ?? new ProgramSettings();
        var extended = preAuthorization || mcc is 7011 or 4411 or 7512 or (>= 3351 and <= 3999);
        return Math.Clamp(extended ? settings.ExtendedHoldDays : settings.HoldDays, 1, 31);
    }

    private static long AllowedClearing(in HoldRecord hold, ProgramInfo? program)
    {
        var settings = program?.Settings ?? new ProgramSettings();
        if (hold.Mcc == 5542)
        {
            return Math.Max(hold.Authorized, settings.FuelClearingMax);
        }

        var percent = hold.Mcc is 5812 or 5813 or 5814 ? settings.TipTolerancePercent : settings.DefaultTolerancePercent;
        return hold.Authorized + (hold.Authorized * percent / 100);
    }

    private bool TryBillingAmount(IsoMessage req, long amount, ushort accountCurrency, out long bill)
    {
        bill = amount;
        if (_event.RequestedCurrency == accountCurrency)
        {
            return true;
        }

        if (_event.BillingCurrency == accountCurrency && req.TryGetInt64(IsoField.AmountBilling, out bill))
        {
            return true;
        }

        bill = 0;
        return false;
    }

    /// <summary>Copies what the request says into the event (merchant, terminal, network references, amounts).</summary>
    private void FillFromRequest(WorkItem item)
    {
        var req = item.Request;
        var e = _event;
        e.Mti = (ushort)req.Mti;
        e.ProcessingCode.Set(req.Get(IsoField.ProcessingCode));
        e.EntryMode.Set(req.Get(IsoField.PosEntryMode));
        e.PosCondition.Set(req.Get(IsoField.PosConditionCode));
        req.TryGetInt64(IsoField.AmountTransaction, out e.RequestedAmount);
        e.RequestedCurrency = (ushort)(req.TryGetInt64(IsoField.CurrencyTransaction, out var c) ? c : 0);
        req.TryGetInt64(IsoField.AmountBilling, out e.BillingAmount);
        e.BillingCurrency = (ushort)(req.TryGetInt64(IsoField.CurrencyBilling, out var bc) ? bc : 0);
        e.Mcc = (ushort)(req.TryGetInt64(IsoField.MerchantType, out var mcc) ? mcc : 0);
        if (req.TryGet(IsoField.MerchantLocation, out var de43) && MerchantLocation.TryParse(de43, out var location))
        {
            e.MerchantName.Set(location.Name);
            e.MerchantCity.Set(location.City);
            e.MerchantCountry.Set(location.Country);
        }

        e.TerminalId.Set(req.Get(IsoField.TerminalId));
        e.MerchantId.Set(req.Get(IsoField.MerchantId));
        e.AcquirerId.Set(req.Get(IsoField.AcquirerId));
        e.AcquirerCountry = (ushort)(req.TryGetInt64(IsoField.AcquirerCountry, out var ac) ? ac : 0);
        e.Stan = (int)(req.TryGetInt64(IsoField.Stan, out var stan) ? stan : 0);
        e.TransmissionDateTime.Set(req.Get(IsoField.TransmissionDateTime));
        e.Rrn.Set(req.Get(IsoField.Rrn));
        e.Channel = ChannelOf(req.Get(IsoField.PosEntryMode), req.Get(IsoField.PosConditionCode), e.Mcc);
    }

    private void FillParties(in CardRecord card, in AccountRecord account, ProgramInfo? program)
    {
        _event.CardId = card.CardId;
        _event.AccountId = account.AccountId;
        _event.AccountCurrency = account.Currency;
        if (program is not null)
        {
            _event.ProgramId.Set(System.Text.Encoding.Latin1.GetBytes(program.ProgramId));
        }
    }

    private static Channel ChannelOf(ReadOnlySpan<byte> entryMode, ReadOnlySpan<byte> condition, ushort mcc)
    {
        if (mcc == 6011)
        {
            return Channel.Atm;
        }

        if (condition.SequenceEqual("59"u8))
        {
            return Channel.Ecommerce;
        }

        if (entryMode.Length < 2)
        {
            return Channel.Unknown;
        }

        return (entryMode[0], entryMode[1]) switch
        {
            ((byte)'0', (byte)'5') or ((byte)'9', (byte)'5') => Channel.Chip,
            ((byte)'0', (byte)'7') or ((byte)'9', (byte)'1') => Channel.Contactless,
            ((byte)'0', (byte)'2') or ((byte)'9', (byte)'0') or ((byte)'8', (byte)'0') => Channel.MagneticStripe,
            ((byte)'8', (byte)'1') or ((byte)'1', (byte)'0') => Channel.Ecommerce,
            ((byte)'0', (byte)'1') => Channel.Moto,
            _ => Channel.Unknown,
        };
    }

    private static bool TryGetPan(IsoMessage req, out ReadOnlySpan<byte> pan)
    {
        if (req.TryGet(IsoField.Pan, out pan) && pan.Length >= 12)
        {
            return true;
        }

        if (req.TryGet(IsoField.Track2, out var track))
        {
            var sep = track.IndexOfAny((byte)'=', (byte)'D');
            pan = sep < 0 ? track : track[..sep];
            return pan.Length >= 12;
        }

        pan = default;
        return false;
    }

    /// <summary>A subfield of our DE48 convention: two-character tag, three-digit length, value.</summary>
    private static ReadOnlySpan<byte> Tag(ReadOnlySpan<byte> de48, ReadOnlySpan<byte> tag)
    {
        var reader = new DecimalTlvReader(de48, 2, 3);
        while (reader.Read())
        {
            if (reader.Tag.SequenceEqual(tag))
            {
                return reader.Value;
            }
        }

        return default;
    }

    private void Decline(WorkItem item, DeclineReason reason)
    {
        _event.Approved = false;
        var type = (item.Request.Mti / 10) switch
        {
            40 or 42 => EventType.Reversal,
            12 => EventType.Advice,
            22 => EventType.Clearing,
            _ => EventType.Authorization,
        };
        // Declines before the card step (budget, duplicate, processing code) are attributed to the card and
        // account too, so that every record of a known card names them and carries their true balances.
        AccountRecord account = default;
        if (!_event.CardToken.IsEmpty && _store.TryGetCard(_event.CardToken, out var card) && _store.TryGetAccount(card.AccountNo, out account)
            && _event.AccountId.IsEmpty)
        {
            FillParties(card, account, Registry.Get(card.ProgramNo));
        }

        Append(item, type, reason, account);
    }

    /// <summary>Finishes the event (codes, balances after, timing), appends and applies it, and fills the response.</summary>
    private void Append(WorkItem item, EventType type, DeclineReason reason, in AccountRecord account)
    {
        var e = _event;
        e.Reason = reason;
        e.ResponseCode.Set(ResponseCodes.For(reason));
        if (e.Approved && reason is DeclineReason.Approved or DeclineReason.PartialApproval or DeclineReason.VerificationOk)
        {
            Span<byte> code = stackalloc byte[6];
            Security.ApprovalCode(_log.NextSeq, code);
            e.ApprovalCode.Set(code);
        }

        e.PostedAfter = account.Posted + e.PostedDelta;
        e.HeldAfter = account.Held + e.HoldDelta;
        e.DecisionMicros = (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(item.ReceivedTicks).Ticks / 10);
        AppendCard(type);
        Respond(item, reason);
    }

    private static void InitResponse(WorkItem item)
    {
        var req = item.Request;
        var resp = item.Response;
        resp.Clear();
        resp.Mti = ((req.Mti / 10) * 10) + 10;
        foreach (var field in EchoFields)
        {
            if (req.TryGet(field, out var value))
            {
                resp.Set(field, value);
            }
        }
    }

    private static readonly int[] EchoFields =
    [
        IsoField.Pan, IsoField.ProcessingCode, IsoField.AmountTransaction, IsoField.AmountSettlement, IsoField.AmountBilling,
        IsoField.TransmissionDateTime, IsoField.Stan, IsoField.LocalTime, IsoField.LocalDate, IsoField.SettlementDate,
        IsoField.AcquirerCountry, IsoField.AcquirerId, IsoField.ForwarderId, IsoField.Rrn, IsoField.TerminalId,
        IsoField.MerchantId, IsoField.CurrencyTransaction, IsoField.CurrencySettlement, IsoField.CurrencyBilling,
        IsoField.OriginalDataElements, IsoField.ReplacementAmounts,
    ];

    private void Respond(WorkItem item, DeclineReason reason)
    {
        var resp = item.Response;
        item.Reason = reason;
        item.Approved = _event.Approved;
        resp.Set(IsoField.ResponseCode, ResponseCodes.For(reason));
        if (!_event.ApprovalCode.IsEmpty)
        {
            resp.Set(IsoField.ApprovalCode, _event.ApprovalCode.Span);
        }
    }

    private static void RespondFromStored(WorkItem item, in IndexRecord dup)
    {
        var resp = item.Response;
        Span<byte> rc = [(byte)(dup.ResponseCode >> 8), (byte)dup.ResponseCode];
        resp.Set(IsoField.ResponseCode, rc);
        if (!dup.ApprovalCode.IsEmpty)
        {
            resp.Set(IsoField.ApprovalCode, dup.ApprovalCode.Span);
        }

        if (dup.Partial)
        {
            // The original answer had DE4 = approved and DE54 = requested (57) and available after (02).
            resp.SetNumber(IsoField.AmountTransaction, dup.ApprovedAmount, 12);
            item.Request.TryGetInt64(IsoField.AmountTransaction, out var requested);
            AddPartial(resp, requested, dup.Currency, dup.AvailableAfter);
        }

        item.Reason = (DeclineReason)dup.Reason;
        item.Approved = rc.SequenceEqual("00"u8) || rc.SequenceEqual("10"u8) || rc.SequenceEqual("85"u8);
        var processing = item.Request.Get(IsoField.ProcessingCode);
        if (processing.Length >= 2 && processing[0] == '3')
        {
            AddBalances(resp, processing, dup.Currency, dup.PostedAfter, dup.AvailableAfter);
        }
    }

    /// <summary>A 91 or 96 answer built outside the normal path (overload, internal error).</summary>
    internal static void BuildErrorResponse(WorkItem item, DeclineReason reason)
    {
        var req = item.Request;
        var resp = item.Response;
        if (resp.Mti < 0)
        {
            // A message that failed to parse may carry the malformed field among those echoed: echo only what
            // packs, or the answer itself could not be sent.
            resp.Mti = ((req.Mti / 10) * 10) + 10;
            var malformed = reason == DeclineReason.FormatError;
            foreach (var field in EchoFields)
            {
                if (req.TryGet(field, out var value) && (!malformed || Packable(resp.Mti, field, value)))
                {
                    resp.Set(field, value);
                }
            }
        }

        resp.Set(IsoField.ResponseCode, ResponseCodes.For(reason));
        item.Reason = reason;
        item.Approved = false;
    }

    /// <summary>True when a field's value is valid for its ISO 8583:1987 definition (content class and length).</summary>
    private static bool Packable(int mti, int field, ReadOnlySpan<byte> value)
    {
        var probe = new IsoMessage(256) { Mti = mti };
        probe.Set(field, value);
        Span<byte> buffer = stackalloc byte[512];
        return EchoCheck.TryPack(probe, buffer, out _, out _);
    }

    private static readonly IsoCodec EchoCheck = IsoCodec.For(Iso8583.Specs.Profiles.Resolve("ascii"));

    /// <summary>DE54: ledger (01) and available (02) balances, 20 characters each.</summary>
    private static void AddBalances(IsoMessage resp, ReadOnlySpan<byte> processing, ushort currency, long ledger, long available)
    {
        Span<byte> de54 = stackalloc byte[40];
        var accountType = processing.Length >= 4 ? processing.Slice(2, 2) : "00"u8;
        WriteAmount(de54[..20], accountType, "01"u8, currency, ledger);
        WriteAmount(de54[20..], accountType, "02"u8, currency, available);
        resp.Set(IsoField.AdditionalAmounts, de54);
    }

    /// <summary>DE54 on a partial approval: the original amount (57) and the available balance left (02).</summary>
    private static void AddPartial(IsoMessage resp, long requested, ushort currency, long availableAfter)
    {
        Span<byte> de54 = stackalloc byte[40];
        WriteAmount(de54[..20], "00"u8, "57"u8, currency, requested);
        WriteAmount(de54[20..], "00"u8, "02"u8, currency, availableAfter);
        resp.Set(IsoField.AdditionalAmounts, de54);
    }

    private static void WriteAmount(Span<byte> dest, ReadOnlySpan<byte> accountType, ReadOnlySpan<byte> amountType, ushort currency, long amount)
    {
        accountType.CopyTo(dest);
        amountType.CopyTo(dest[2..]);
        Digits.TryWrite(currency, dest.Slice(4, 3));
        dest[7] = amount < 0 ? (byte)'D' : (byte)'C';
        Digits.TryWrite(Math.Abs(amount), dest.Slice(8, 12));
    }

    /// <summary>Releases holds that reached their expiry; returns how many.</summary>
    private int SweepExpiredHolds()
    {
        var nowMs = _nowMicros / 1000;
        var count = 0;
        while (_expiries.TryPeek(out var holdId, out var expiresAt) && expiresAt <= nowMs)
        {
            _expiries.Dequeue();
            if (!_store.TryGetHold(holdId, out var hold) || hold.State != HoldState.Active || hold.Remaining <= 0)
            {
                continue;
            }

            if (hold.ExpiresAt > nowMs)
            {
                _expiries.Enqueue(holdId, hold.ExpiresAt);
                continue;
            }

            if (!_store.TryGetAccount(hold.AccountNo, out var account))
            {
                continue;
            }

            if (hold.Kind == HoldKind.PaymentReservation)
            {
                AppendManagement(new ReservationReleased(account.AccountId.ToString(), hold.HoldId, hold.Remaining, false, "expired", account.Held - hold.Remaining, account.Posted));
                count++;
                continue;
            }

            _event.Reset();
            _event.CardToken = hold.Card;
            _event.AccountId = account.AccountId;
            _event.AccountCurrency = account.Currency;
            if (_store.TryGetCard(hold.Card, out var card))
            {
                _event.CardId = card.CardId;
                if (Registry.Get(card.ProgramNo) is { } program)
                {
                    _event.ProgramId.Set(System.Text.Encoding.Latin1.GetBytes(program.ProgramId));
                }
            }

            _event.Mcc = hold.Mcc;
            _event.Rrn = hold.Rrn;
            _event.ApprovalCode = hold.ApprovalCode;
            _event.HoldId = hold.HoldId;
            _event.HoldDelta = -hold.Remaining;
            _event.HoldRemaining = 0;
            _event.ApprovedAmount = hold.Remaining;
            _event.Approved = true;
            _event.ResponseCode.Set("00"u8);
            _event.PostedAfter = account.Posted;
            _event.HeldAfter = account.Held - hold.Remaining;
            AppendCard(EventType.HoldExpired);
            count++;
        }

        return count;
    }
}
