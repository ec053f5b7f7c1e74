using Baas.SwitchSim.Cards;

namespace Baas.SwitchSim.Run;

/// <summary>A hold the sim saw approved and may later reverse, increment or clear.</summary>
internal sealed class HoldModel
{
    public required int CardIndex { get; init; }
    public required int Mti { get; init; }
    public required string Stan { get; init; }
    public required string TransmissionDateTime { get; init; }
    public required string Terminal { get; init; }
    public required string Rrn { get; init; }
    public long Remaining { get; set; }
    public long Authorized { get; set; }
    public bool SingleMessage { get; init; }
    public required ushort Mcc { get; init; }
}

/// <summary>The sim's model of one account: balances and the holds it created. One request in flight at a time.</summary>
internal sealed class AccountModel
{
    private int _busy;

    public AccountModel(string id, long posted)
    {
        Id = id;
        Posted = posted;
    }

    public string Id { get; }

    public long Posted { get; set; }

    public long Held { get; set; }

    public long Available => Posted - Held;

    public List<HoldModel> Holds { get; } = [];

    /// <summary>Once a response surprised the model (or a request timed out), the account is not predicted any more.</summary>
    public bool Tainted { get; set; }

    public List<int> CardIndexes { get; } = [];

    /// <summary>A hold to clear next time the account is picked (a later 0220).</summary>
    public HoldModel? PendingClearing { get; set; }

    public bool TryAcquire() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    public void Release() => Volatile.Write(ref _busy, 0);
}

/// <summary>The sim's model of one card: velocity windows as the authorizer keeps them (UTC day, ten-minute decline window).</summary>
internal sealed class CardModel
{
    public CardModel(SimCard card, AccountModel account, int index)
    {
        Card = card;
        Account = account;
        Index = index;
        PanBytes = System.Text.Encoding.ASCII.GetBytes(card.Pan);
    }

    public SimCard Card { get; }

    public AccountModel Account { get; }

    public int Index { get; }

    public byte[] PanBytes { get; }

    public int DayKey { get; set; }

    public long DayAmount { get; set; }

    public int DayCount { get; set; }

    public long AtmDayAmount { get; set; }

    public int DeclineWindow { get; set; }

    public int DeclineCount { get; set; }
}

/// <summary>What the sim expects back for a request, and what it will change when it comes.</summary>
internal struct Prediction
{
    /// <summary>Expected DE39, or null when the outcome cannot be known (tainted account, window edge).</summary>
    public string? Code;

    /// <summary>Amount requested in the account's currency.</summary>
    public long Amount;

    /// <summary>True when a partial approval is acceptable (the terminal said so).</summary>
    public bool PartialAllowed;
}

/// <summary>
/// The correctness oracle: the authorizer's decision order for the sim's cards (all active, unexpired, USD,
/// home-country merchants), applied to the sim's model. Called with the account held by the caller.
/// </summary>
internal static class Oracle
{
    private const int CardTestingDeclines = 8;
    private const long MicrosPerDay = 86_400_000_000L;
    private const long MicrosPerTenMinutes = 600_000_000L;

    /// <summary>Predicts DE39 for a spend (purchase, e-commerce, ATM, incremental) of <paramref name="amount"/>.</summary>
    public static string Spend(CardModel card, Kind kind, long amount, bool partialAllowed, bool incremental, long nowMicros)
    {
        var controls = card.Card.Controls;
        var day = (int)(nowMicros / MicrosPerDay);
        var dayAmount = card.DayKey == day ? card.DayAmount : 0;
        var dayCount = card.DayKey == day ? card.DayCount : 0;
        var atmAmount = card.DayKey == day ? card.AtmDayAmount : 0;
        if ((kind == Kind.Ecommerce && !controls.Ecommerce) || (kind == Kind.Atm && !controls.Atm))
        {
            return "57";
        }

        if (amount > (controls.PerTransactionLimit ?? long.MaxValue) || amount > (controls.DailyLimit ?? long.MaxValue) - dayAmount)
        {
            return "61";
        }

        if (!incremental && dayCount >= (controls.DailyCount ?? int.MaxValue))
        {
            return "65";
        }

        if (kind == Kind.Atm && amount > (controls.AtmDailyLimit ?? long.MaxValue) - atmAmount)
        {
            return "61";
        }

        var window = (int)(nowMicros / MicrosPerTenMinutes);
        if (card.DeclineWindow == window && card.DeclineCount >= CardTestingDeclines)
        {
            return "59";
        }

        var available = card.Account.Available;
        if (amount <= available)
        {
            return "00";
        }

        return partialAllowed && !incremental && kind == Kind.Purchase && available > 0 ? "10" : "51";
    }

    /// <summary>True when <paramref name="nowMicros"/> is within a second of a UTC day or ten-minute boundary, where the authorizer's clock may already be on the other side.</summary>
    public static bool NearWindowEdge(long nowMicros)
    {
        var intoTen = nowMicros % MicrosPerTenMinutes;
        return intoTen < 1_000_000 || intoTen > MicrosPerTenMinutes - 1_000_000;
    }

    /// <summary>Applies an approved spend (approved amount) to the card's velocity, as the authorizer does.</summary>
    public static void Approved(CardModel card, Kind kind, long approved, bool incremental, long nowMicros)
    {
        Roll(card, nowMicros);
        card.DayAmount += approved;
        if (!incremental)
        {
            card.DayCount++;
        }

        if (kind == Kind.Atm)
        {
            card.AtmDayAmount += approved;
        }
    }

    /// <summary>A declined authorization counts toward the card-testing window.</summary>
    public static void Declined(CardModel card, long nowMicros)
    {
        var window = (int)(nowMicros / MicrosPerTenMinutes);
        if (card.DeclineWindow == window)
        {
            card.DeclineCount++;
        }
        else
        {
            card.DeclineWindow = window;
            card.DeclineCount = 1;
        }
    }

    /// <summary>A reversal gives the released amount back to today's velocity.</summary>
    public static void Released(CardModel card, bool atm, long released, long nowMicros)
    {
        var day = (int)(nowMicros / MicrosPerDay);
        if (card.DayKey == day)
        {
            card.DayAmount = Math.Max(0, card.DayAmount - released);
            if (atm)
            {
                card.AtmDayAmount = Math.Max(0, card.AtmDayAmount - released);
            }
        }
    }

    private static void Roll(CardModel card, long nowMicros)
    {
        var day = (int)(nowMicros / MicrosPerDay);
        if (card.DayKey != day)
        {
            card.DayKey = day;
            card.DayAmount = 0;
            card.DayCount = 0;
            card.AtmDayAmount = 0;
        }
    }
}
