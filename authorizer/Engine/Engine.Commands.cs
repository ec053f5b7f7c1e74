using System.Security.Cryptography;
using Baas.Authorizer.State;
using Baas.Events;

namespace Baas.Authorizer.Engine;

/// <summary>
/// Management commands. Each runs on the engine thread, checks its input against the state, appends its
/// event (the log comes first) and applies it; the caller's task completes once that event is durable.
/// </summary>
public sealed partial class Engine
{
    internal ProgramInfo CreateProgram(string id, string name, IReadOnlyList<string>? bins, ProgramSettings? settings)
    {
        Ids.Check("id", id);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw CommandException.BadRequest("name", "name is required (at most 100 characters)");
        }

        var list = bins ?? [];
        if (list.Count == 0 || list.Any(b => b is null || b.Length is < 6 or > 11 || !b.All(char.IsAsciiDigit)))
        {
            throw CommandException.BadRequest("bins", "bins must be a non-empty list of 6 to 11 digit prefixes");
        }

        var s = settings ?? new ProgramSettings();
        if (s.HoldDays is < 1 or > 31 || s.ExtendedHoldDays is < 1 or > 31 || s.Country is not { Length: 2 } || !s.Country.All(char.IsAsciiLetter)
            || s.TipTolerancePercent is < 0 or > 100 || s.DefaultTolerancePercent is < 0 or > 100 || s.FuelClearingMax < 0 || s.HighRiskSingleMax < 0 || s.CardTestingDeclines < 0)
        {
            throw CommandException.BadRequest("settings", "settings: holdDays and extendedHoldDays are 1-31, country is alpha-2, tolerances 0-100, amounts and counts not negative");
        }

        if (Registry.TryGet(id, out _))
        {
            throw CommandException.Conflict("id", $"program '{id}' exists");
        }

        foreach (var other in Registry.All)
        {
            if (other.Bins.Intersect(list).Any())
            {
                throw CommandException.Conflict("bins", $"a BIN is already used by program '{other.ProgramId}'");
            }
        }

        AppendManagement(new ProgramCreated(id, name, list, s));
        Registry.TryGet(id, out var created);
        return created;
    }

    internal CreatedKey CreateProgramKey(string programId)
    {
        if (!Registry.TryGet(programId, out _))
        {
            throw CommandException.NotFound("program");
        }

        var key = "bk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var keyId = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        AppendManagement(new ProgramKeyCreated(programId, keyId, KeyHash(key)));
        return new CreatedKey(keyId, key, programId);
    }

    /// <summary>The stored form of an API key.</summary>
    public static string KeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    internal AccountView OpenAccount(string? id, string programId, string? currency, long? overdraftLimit) =>
        GetAccount(OpenAccountOnly(id, programId, currency, overdraftLimit), null);

    /// <summary>Opens an account and returns its id without building a view (bulk import has no use for one).</summary>
    internal string OpenAccountOnly(string? id, string programId, string? currency, long? overdraftLimit)
    {
        id ??= Ids.New("acc_");
        Ids.Check("id", id);
        if (!Registry.TryGet(programId ?? "", out _))
        {
            throw CommandException.BadRequest("programId", "programId names no program");
        }

        if (!Currencies.TryNumeric(currency, out _))
        {
            throw CommandException.BadRequest("currency", "currency must be an ISO 4217 code");
        }

        if (overdraftLimit < 0)
        {
            throw CommandException.BadRequest("overdraftLimit", "overdraftLimit must not be negative");
        }

        if (TryGetAccount(id, out _))
        {
            throw CommandException.Conflict("id", $"account '{id}' exists");
        }

        AppendManagement(new AccountOpened(id, programId!, currency!.ToUpperInvariant(), overdraftLimit ?? 0));
        return id;
    }

    internal AccountView GetAccount(string id, int? programNo)
    {
        if (!TryGetAccount(id, out var a) || (programNo is { } p && a.ProgramNo != p))
        {
            throw CommandException.NotFound("account");
        }

        return ToView(a);
    }

    /// <summary>The most account numbers one page of <see cref="ListAccounts"/> looks at.</summary>
    internal const int MaxAccountsExamined = 10_000;

    /// <summary>
    /// Accounts in the order they were opened, after the account number <paramref name="after"/> (0: from the
    /// first), at most <paramref name="limit"/>; a program key sees only its program's. Account numbers are dense
    /// (1, 2, ...), so a page is a run of point reads, never a scan of the store. A page looks at no more than
    /// <see cref="MaxAccountsExamined"/> numbers (a small program among many gets short pages, not a stall of the
    /// engine thread); only the absence of a next cursor means the end.
    /// </summary>
    internal AccountPage ListAccounts(long after, int limit, int? programNo)
    {
        var accounts = new List<AccountView>(limit);
        var next = Math.Max(after, 0);
        var end = Registry.NextAccountNo;
        var stop = next + MaxAccountsExamined;
        while (accounts.Count < limit && next + 1 < end && next < stop)
        {
            next++;
            if (_store.TryGetAccount(next, out var a) && (programNo is not { } p || a.ProgramNo == p))
            {
                accounts.Add(ToView(a));
            }
        }

        return new AccountPage(accounts, next + 1 < end ? next.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    private AccountView ToView(in AccountRecord a) => new(
        a.AccountId.ToString(),
        Registry.Get(a.ProgramNo)?.ProgramId ?? "",
        Currencies.Alpha(a.Currency),
        a.Posted,
        a.Held,
        a.Available,
        a.OverdraftLimit,
        StateNames.Name(a.State),
        StateNames.Name(a.CustomerStatus));

    internal MoneyResult MoveMoney(string accountId, int? programNo, long amount, string? reference, bool credit, bool force = false, MoneyDetails? details = null)
    {
        if (!TryGetAccount(accountId, out var a) || (programNo is { } p && a.ProgramNo != p))
        {
            throw CommandException.NotFound("account");
        }

        if (amount <= 0)
        {
            throw CommandException.BadRequest("amount", "amount must be a positive integer in minor units");
        }

        if (string.IsNullOrWhiteSpace(reference) || reference.Length > 40)
        {
            throw CommandException.BadRequest("reference", "reference is required (at most 40 characters)");
        }

        var signed = credit ? amount : -amount;
        if (_store.TryGetIndex(Keys.Money(accountId, reference), out var done))
        {
            if (done.ApprovedAmount != signed)
            {
                throw CommandException.Conflict("reference", "reference already used for a different amount");
            }

            return new MoneyResult(accountId, amount, reference, done.Seq, a.Posted, a.Available);
        }

        if (a.State == AccountState.Closed)
        {
            throw CommandException.Conflict("accountId", "account is closed");
        }

        if (!credit && !force && a.Available < amount)
        {
            throw CommandException.Conflict("amount", "insufficient available funds");
        }

        var currency = Currencies.Alpha(a.Currency);
        var seq = credit
            ? AppendManagement(new AccountCredited(accountId, amount, currency, reference, a.Posted + amount, details))
            : AppendManagement(new AccountDebited(accountId, amount, currency, reference, a.Posted - amount, details));
        TryGetAccount(accountId, out a);
        return new MoneyResult(accountId, amount, reference, seq, a.Posted, a.Available);
    }

    internal IssuedCard IssueCard(string accountId, int? programNo, string? pan, string? expiry, string? type, string? state, CardControls? controls, string? cvv2, string? pin, string? id) =>
        IssueCard(accountId, programNo, PrepareCard(_tokenizer, pan, expiry, type, state, controls, cvv2, pin, id));

    /// <summary>The PAN key's tokenizer: thread-safe, so bulk import tokenizes and hashes off the engine thread.</summary>
    internal PanTokenizer Tokenizer => _tokenizer;

    /// <summary>
    /// The checks and hashing of a new card that need no state (PAN format, expiry, type, state, controls, CVV2 and
    /// PIN formats; token and secret hashes). Safe on any thread. A problem is kept, not thrown, so that
    /// <see cref="IssueCard(string, int?, PreparedCard)"/> reports problems in the same order as before: account, PAN,
    /// BIN, then the rest.
    /// </summary>
    internal static PreparedCard PrepareCard(PanTokenizer tokenizer, string? pan, string? expiry, string? type, string? state, CardControls? controls, string? cvv2, string? pin, string? id)
    {
        if (pan is null || pan.Length is < 13 or > 19 || !pan.All(char.IsAsciiDigit) || !Iso8583.Luhn.IsValid(pan))
        {
            return PreparedCard.Invalid(CommandException.BadRequest("pan", "pan must be 13 to 19 digits with a valid check digit"));
        }

        if (expiry is null || expiry.Length != 4 || !expiry.All(char.IsAsciiDigit) || int.Parse(expiry.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture) is < 1 or > 12)
        {
            return PreparedCard.Invalid(CommandException.BadRequest("expiry", "expiry must be YYMM"), pan);
        }

        type ??= "virtual";
        if (type is not ("virtual" or "physical"))
        {
            return PreparedCard.Invalid(CommandException.BadRequest("type", "type must be virtual or physical"), pan);
        }

        var cardState = CardState.Active;
        if (state is not null && !StateNames.TryParseCard(state, out cardState))
        {
            return PreparedCard.Invalid(CommandException.BadRequest("state", "unknown card state"), pan);
        }

        if (Controls.Validate(controls) is { } problem)
        {
            return PreparedCard.Invalid(CommandException.BadRequest("controls", problem), pan);
        }

        if (cvv2 is not null && (cvv2.Length is < 3 or > 4 || !cvv2.All(char.IsAsciiDigit)))
        {
            return PreparedCard.Invalid(CommandException.BadRequest("cvv2", "cvv2 must be 3 or 4 digits"), pan);
        }

        if (pin is not null && (pin.Length is < 4 or > 12 || !pin.All(char.IsAsciiDigit)))
        {
            return PreparedCard.Invalid(CommandException.BadRequest("pin", "pin must be 4 to 12 digits"), pan);
        }

        Span<byte> digits = stackalloc byte[19];
        var length = System.Text.Encoding.ASCII.GetBytes(pan, digits);
        return new PreparedCard(
            pan,
            tokenizer.Tokenize(digits[..length]),
            pan[^4..],
            expiry,
            type,
            cardState,
            controls ?? CardControls.None,
            cvv2 is null ? null : Security.HashHex(tokenizer, "cvv2:", pan, cvv2),
            pin is null ? null : Security.HashHex(tokenizer, "pin:", pan, pin),
            id,
            null);
    }

    internal IssuedCard IssueCard(string accountId, int? programNo, PreparedCard card)
    {
        if (!TryGetAccount(accountId ?? "", out var a) || (programNo is { } p && a.ProgramNo != p))
        {
            throw CommandException.BadRequest("accountId", "accountId names no account");
        }

        if (card.Problem is { } problem && card.Pan is null)
        {
            throw problem;
        }

        if (card.State == CardState.Active && card.Problem is null && a.CustomerStatus != CustomerStatus.Ok)
        {
            // KYC holds the customer status at restricted until approval: such a card is issued inactive and activated later.
            throw CommandException.Conflict("state", "the customer is not approved: issue the card pending_activation and activate it once the customer is approved");
        }

        var program = Registry.Get(a.ProgramNo);
        if (program is not null && program.Bins.Count > 0 && !program.Bins.Any(b => card.Pan!.StartsWith(b, StringComparison.Ordinal)))
        {
            throw CommandException.BadRequest("pan", "pan is outside the program's BINs");
        }

        if (card.Problem is { } later)
        {
            throw later;
        }

        if (_store.TryGetCard(card.Token, out _))
        {
            throw CommandException.Conflict("pan", "a card with this number exists");
        }

        var id = card.Id ?? Ids.New("card_");
        Ids.Check("id", id);
        if (_store.TryGetIndex(Keys.CardId(id), out _))
        {
            throw CommandException.Conflict("id", $"card '{id}' exists");
        }

        var stateName = StateNames.Name(card.State);
        AppendManagement(new CardIssued(
            id,
            accountId!,
            program?.ProgramId ?? "",
            card.Token.ToString(),
            card.Last4!,
            card.Expiry!,
            card.Type!,
            stateName,
            card.Controls!,
            card.Cvv2Hash,
            card.PinHash));
        return new IssuedCard(id, card.Last4!, stateName);
    }

    internal CardView ChangeCardState(string cardId, int? programNo, string? state, string? reason)
    {
        var card = FindCard(cardId, programNo);
        if (!StateNames.TryParseCard(state, out var to))
        {
            throw CommandException.BadRequest("state", "unknown card state");
        }

        if (!StateNames.CanChange(card.State, to))
        {
            throw CommandException.Conflict("state", $"a card cannot go from {StateNames.Name(card.State)} to {StateNames.Name(to)}");
        }

        if (to == CardState.Active && _store.TryGetAccount(card.AccountNo, out var account) && account.CustomerStatus != CustomerStatus.Ok)
        {
            throw CommandException.Conflict("state", "the customer is not approved: the card cannot be activated");
        }

        AppendManagement(new CardStateChanged(cardId, card.Token.ToString(), StateNames.Name(card.State), StateNames.Name(to), reason));
        return GetCard(cardId, programNo);
    }

    internal CardView SetControls(string cardId, int? programNo, CardControls? controls)
    {
        var card = FindCard(cardId, programNo);
        if (controls is null)
        {
            throw CommandException.BadRequest("controls", "controls are required");
        }

        if (Controls.Validate(controls) is { } problem)
        {
            throw CommandException.BadRequest("controls", problem);
        }

        AppendManagement(new ControlsChanged(cardId, card.Token.ToString(), controls));
        return GetCard(cardId, programNo);
    }

    internal CardView GetCard(string cardId, int? programNo)
    {
        var card = FindCard(cardId, programNo);
        _store.TryGetAccount(card.AccountNo, out var account);
        var day = (int)(NowOrClock() / MicrosPerDay);
        var month = MonthKey(NowOrClock());
        return new CardView(
            card.CardId.ToString(),
            account.AccountId.ToString(),
            Registry.Get(card.ProgramNo)?.ProgramId ?? "",
            card.Last4.ToString("D4"),
            card.ExpiryYymm.ToString("D4"),
            card.CardType == 2 ? "physical" : "virtual",
            StateNames.Name(card.State),
            Controls.From(card),
            new CardVelocity(card.DayKey == day ? card.DayAmount : 0, card.DayKey == day ? card.DayCount : 0, card.DayKey == day ? card.AtmDayAmount : 0, card.MonthKey == month ? card.MonthAmount : 0));
    }

    internal IReadOnlyList<HoldView> GetHolds(string accountId, int? programNo, bool activeOnly, int limit)
    {
        if (!TryGetAccount(accountId, out var a) || (programNo is { } p && a.ProgramNo != p))
        {
            throw CommandException.NotFound("account");
        }

        var result = new List<HoldView>();
        var id = a.LastHoldId;
        while (id != 0 && result.Count < limit && _store.TryGetHold(id, out var h))
        {
            if (!activeOnly || h.State == HoldState.Active)
            {
                result.Add(new HoldView(
                    h.HoldId,
                    h.Kind == HoldKind.PaymentReservation ? "reservation" : "card",
                    StateNames.Name(h.State),
                    h.Authorized,
                    h.Remaining,
                    h.Cleared,
                    Currencies.Alpha(h.Currency),
                    h.Mcc == 0 ? null : h.Mcc.ToString("D4"),
                    DateTimeOffset.FromUnixTimeMilliseconds(h.CreatedAt),
                    DateTimeOffset.FromUnixTimeMilliseconds(h.ExpiresAt),
                    h.Rrn.IsEmpty ? null : h.Rrn.ToString(),
                    h.ApprovalCode.IsEmpty ? null : h.ApprovalCode.ToString(),
                    h.Reference.IsEmpty ? null : h.Reference.ToString()));
            }

            id = h.PreviousHoldId;
        }

        return result;
    }

    internal ReservationView Reserve(string accountId, int? programNo, long amount, string? reference, int? expiresInDays)
    {
        if (!TryGetAccount(accountId, out var a) || (programNo is { } p && a.ProgramNo != p))
        {
            throw CommandException.NotFound("account");
        }

        if (amount <= 0)
        {
            throw CommandException.BadRequest("amount", "amount must be a positive integer in minor units");
        }

        if (string.IsNullOrWhiteSpace(reference) || reference.Length > 40)
        {
            throw CommandException.BadRequest("reference", "reference is required (at most 40 characters)");
        }

        if (_store.TryGetIndex(Keys.Reservation(accountId, reference), out var done))
        {
            _store.TryGetHold(done.Target, out var existing);
            if (existing.Authorized != amount)
            {
                throw CommandException.Conflict("reference", "reference already used for a different amount");
            }

            return new ReservationView(done.Target, accountId, amount, reference, done.Seq, a.Available);
        }

        if (a.State != AccountState.Active)
        {
            throw CommandException.Conflict("accountId", "account is not active");
        }

        if (a.Available < amount)
        {
            throw CommandException.Conflict("amount", "insufficient available funds");
        }

        var days = Math.Clamp(expiresInDays ?? 30, 1, 90);
        var reservationId = _log.NextSeq;
        var seq = AppendManagement(new FundsReserved(accountId, reservationId, amount, Currencies.Alpha(a.Currency), reference, (NowOrClock() / 1000) + (days * 86_400_000L), a.Held + amount));
        TryGetAccount(accountId, out a);
        return new ReservationView(reservationId, accountId, amount, reference, seq, a.Available);
    }

    internal ReservationView Release(string accountId, int? programNo, long reservationId, long? amount, bool post, string? reference)
    {
        if (!TryGetAccount(accountId, out var a) || (programNo is { } p && a.ProgramNo != p))
        {
            throw CommandException.NotFound("account");
        }

        if (!_store.TryGetHold(reservationId, out var hold) || hold.AccountNo != a.AccountNo || hold.Kind != HoldKind.PaymentReservation)
        {
            throw CommandException.NotFound("reservation");
        }

        if (hold.State != HoldState.Active)
        {
            throw CommandException.Conflict("reservationId", $"reservation is {StateNames.Name(hold.State)}");
        }

        var take = amount ?? hold.Remaining;
        if (take <= 0 || take > hold.Remaining)
        {
            throw CommandException.BadRequest("amount", "amount must be positive and at most what remains reserved");
        }

        var seq = AppendManagement(new ReservationReleased(accountId, reservationId, take, post, reference ?? (post ? "posted" : "released"), a.Held - take, post ? a.Posted - take : a.Posted));
        TryGetAccount(accountId, out a);
        return new ReservationView(reservationId, accountId, take, hold.Reference.ToString(), seq, a.Available);
    }

    internal AccountView SetAccountState(string accountId, int? programNo, string? state, string? customerStatus, string? reason)
    {
        if (!TryGetAccount(accountId, out var a) || (programNo is { } p && a.ProgramNo != p))
        {
            throw CommandException.NotFound("account");
        }

        var accountState = a.State;
        if (state is not null && !StateNames.TryParseAccount(state, out accountState))
        {
            throw CommandException.BadRequest("state", "state is active, frozen or closed");
        }

        var customer = a.CustomerStatus;
        if (customerStatus is not null && !StateNames.TryParseCustomer(customerStatus, out customer))
        {
            throw CommandException.BadRequest("customerStatus", "customerStatus is ok, restricted or suspended");
        }

        if (a.State == AccountState.Closed && accountState != AccountState.Closed)
        {
            throw CommandException.Conflict("state", "a closed account stays closed");
        }

        AppendManagement(new AccountStateChanged(accountId, StateNames.Name(accountState), StateNames.Name(customer), reason));
        return GetAccount(accountId, programNo);
    }

    /// <summary>Applies one record of a clearing file (idempotent by its reference).</summary>
    internal ClearingResult Clear(ClearingRecord r)
    {
        if (string.IsNullOrWhiteSpace(r.Reference) || r.Reference.Length > 40)
        {
            throw CommandException.BadRequest("reference", "reference is required (at most 40 characters)");
        }

        var referenceBytes = System.Text.Encoding.Latin1.GetBytes(r.Reference);
        if (_store.TryGetIndex(Keys.Clearing(referenceBytes), out var done))
        {
            return new ClearingResult(r.Reference, "duplicate", done.Target, done.ApprovedAmount, done.Seq);
        }

        if (r.Amount <= 0)
        {
            throw CommandException.BadRequest("amount", "amount must be a positive integer in minor units");
        }

        if (!CardToken.TryParse(r.CardToken, out var token) || !_store.TryGetCard(token, out var card) || !_store.TryGetAccount(card.AccountNo, out var account))
        {
            throw CommandException.BadRequest("cardToken", "cardToken names no card");
        }

        if (r.Currency is not null && (!Currencies.TryNumeric(r.Currency, out var ccy) || ccy != account.Currency))
        {
            throw CommandException.BadRequest("currency", "clearing currency must be the account's currency");
        }

        if (r.Mcc is not null && (r.Mcc.Length != 4 || !r.Mcc.All(char.IsAsciiDigit)))
        {
            throw CommandException.BadRequest("mcc", "mcc is four digits");
        }

        if (r.Type is not (null or "purchase" or "refund"))
        {
            throw CommandException.BadRequest("type", "type is purchase or refund");
        }

        _event.Reset();
        _event.CardToken = token;
        FillParties(card, account, Registry.Get(card.ProgramNo));
        _event.Reference.Set(referenceBytes);
        _event.Mcc = r.Mcc is { Length: 4 } mcc ? Controls.ParseMcc(mcc) : (ushort)0;
        _event.MerchantName.Set(System.Text.Encoding.Latin1.GetBytes(r.Merchant ?? ""));
        _event.Rrn.Set(System.Text.Encoding.Latin1.GetBytes(r.Rrn ?? ""));
        _event.RequestedAmount = r.Amount;
        _event.RequestedCurrency = account.Currency;
        _event.Approved = true;
        _event.ApprovedAmount = r.Amount;
        var type = EventType.Clearing;
        if (r.Type == "refund")
        {
            _event.PostedDelta = r.Amount;
            type = EventType.Refund;
        }
        else
        {
            _event.PostedDelta = -r.Amount;
            _event.FinalClearing = r.Final ?? true;
            var found = false;
            HoldRecord hold = default;
            if (r.HoldId is { } holdId && _store.TryGetHold(holdId, out hold) && hold.Card == token)
            {
                found = true;
            }
            else if (r.Rrn is not null && _store.TryGetIndex(Keys.RrnCard(System.Text.Encoding.Latin1.GetBytes(r.Rrn), token), out var byRrn) && byRrn.Target != 0)
            {
                found = _store.TryGetHold(byRrn.Target, out hold);
            }
            else if (r.ApprovalCode is not null && _store.TryGetIndex(Keys.ApprovalCard(System.Text.Encoding.Latin1.GetBytes(r.ApprovalCode), token), out var byCode) && byCode.Target != 0)
            {
                found = _store.TryGetHold(byCode.Target, out hold);
            }

            if (found)
            {
                _event.HoldId = hold.HoldId;
                if (hold.State == HoldState.Active)
                {
                    var release = _event.FinalClearing ? hold.Remaining : Math.Min(r.Amount, hold.Remaining);
                    _event.HoldDelta = -release;
                    _event.HoldRemaining = hold.Remaining - release;
                    // Over the tolerance: posted all the same (the merchant took it; disputes are separate) and flagged.
                    _event.OverTolerance = r.Amount > AllowedClearing(hold, Registry.Get(card.ProgramNo));
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

        _event.ResponseCode.Set("00"u8);
        _event.PostedAfter = account.Posted + _event.PostedDelta;
        _event.HeldAfter = account.Held + _event.HoldDelta;
        var seq = AppendCard(type);
        var outcome = type == EventType.Refund ? "refund" : _event.ForcePost ? "force_post" : _event.LateClearing ? "late_clearing" : _event.FinalClearing ? "cleared" : "partially_cleared";
        return new ClearingResult(r.Reference, outcome, _event.HoldId, r.Amount, seq);
    }

    private CardRecord FindCard(string cardId, int? programNo)
    {
        if (!_store.TryGetIndex(Keys.CardId(cardId), out var index) || !_store.TryGetCard(index.Card, out var card) || (programNo is { } p && card.ProgramNo != p))
        {
            throw CommandException.NotFound("card");
        }

        return card;
    }

    private long NowOrClock() => _nowMicros != 0 ? _nowMicros : NowMicros();
}

/// <summary>One record of a clearing file (JSON Lines).</summary>
public sealed record ClearingRecord(
    string Reference,
    string? CardToken,
    long Amount,
    string? Currency,
    string? Mcc,
    string? Merchant,
    string? Rrn,
    string? ApprovalCode,
    long? HoldId,
    bool? Final,
    string? Type);

/// <summary>Identifiers chosen by clients or generated here.</summary>
internal static class Ids
{
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public static void Check(string field, string? id)
    {
        if (id is null || id.Length is < 1 or > 40 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw CommandException.BadRequest(field, $"{field} must be 1 to 40 letters, digits, '_', '-' or '.'");
        }
    }
}

/// <summary>A new card's stateless checks and hashes, done before the engine thread (see <see cref="Engine.PrepareCard"/>).</summary>
internal sealed record PreparedCard(
    string? Pan,
    CardToken Token,
    string? Last4,
    string? Expiry,
    string? Type,
    CardState State,
    CardControls? Controls,
    string? Cvv2Hash,
    string? PinHash,
    string? Id,
    CommandException? Problem)
{
    /// <summary>A card that fails a check; <paramref name="pan"/> is kept when the PAN itself passed (the BIN check comes next).</summary>
    public static PreparedCard Invalid(CommandException problem, string? pan = null) =>
        new(pan, default, null, null, null, CardState.Active, null, null, null, null, problem);

    /// <summary>Never the PAN (the generated record printer would show it).</summary>
    public override string ToString() => $"PreparedCard {{ Last4 = {Last4}, Token = {Token} }}";
}
