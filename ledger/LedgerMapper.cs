using System.Text;
using Baas.Events;

namespace Baas.Ledger;

/// <summary>
/// Maps one decoded authorization-log event to what it does to the ledger, mirroring how the authorizer applies
/// it (<c>authorizer/Engine/Engine.Apply.cs</c>): a card event moves the customer's posted balance by
/// <see cref="CardEvent.PostedDelta"/> and its pending amount by <see cref="CardEvent.HoldDelta"/>, against
/// network settlement; management credits, debits and reservations move it against the sponsor-bank omnibus.
/// Since both sides apply the same deltas from the same events, the ledger's customer balances equal the
/// authorizer's by construction. Pure: nothing but the event is read. The table is in docs/ledger.md.
/// </summary>
public static class LedgerMapper
{
    /// <summary>The reference the authorizer gives the release of a reservation that reached its expiry.</summary>
    public const string ExpiredReservationReference = "expired";

    /// <summary>
    /// True for the event types that can change the ledger; records of other types (cards issued, controls,
    /// programs, balance inquiries) are skipped without decoding.
    /// </summary>
    public static bool Affects(EventType type) => type switch
    {
        EventType.Authorization or EventType.IncrementalAuthorization or EventType.Reversal or EventType.Advice
            or EventType.Clearing or EventType.Refund or EventType.HoldExpired => true,
        EventType.AccountOpened or EventType.AccountCredited or EventType.AccountDebited
            or EventType.FundsReserved or EventType.ReservationReleased => true,
        _ => false,
    };

    /// <summary>
    /// The operation of one event; false when the event changes nothing in the ledger (declines, verifications,
    /// unmatched messages, balance inquiries, management events without money).
    /// </summary>
    /// <exception cref="InvalidDataException">A card event moves money but names no account or currency.</exception>
    public static bool TryMap(LogEvent logEvent, out LedgerOperation operation)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        operation = default;
        if (logEvent.IsCardEvent)
        {
            return TryMapCard(logEvent.Seq, logEvent.Timestamp, logEvent.Type, logEvent.Card, out operation);
        }

        var at = logEvent.Timestamp;
        var seq = logEvent.Seq;
        switch (logEvent.Management)
        {
            case AccountOpened a:
                operation = new LedgerOperation
                {
                    Seq = seq,
                    Timestamp = at,
                    Source = EventType.AccountOpened,
                    Kind = "account_opened",
                    AccountId = a.AccountId,
                    ProgramId = a.ProgramId,
                    Currency = a.Currency.ToUpperInvariant(),
                    OpensAccount = true,
                    Description = "",
                };
                return true;
            case AccountCredited c:
                operation = Money(seq, at, EventType.AccountCredited, LedgerAdjustments.IsAdjustment(c.Reference) ? "adjustment" : "account_credited", c.AccountId, c.Currency, c.Amount, c.Reference);
                return true;
            case AccountDebited d:
                operation = Money(seq, at, EventType.AccountDebited, LedgerAdjustments.IsAdjustment(d.Reference) ? "adjustment" : "account_debited", d.AccountId, d.Currency, -d.Amount, d.Reference);
                return true;
            case FundsReserved r:
                operation = new LedgerOperation
                {
                    Seq = seq,
                    Timestamp = at,
                    Source = EventType.FundsReserved,
                    Kind = "funds_reserved",
                    AccountId = r.AccountId,
                    Currency = r.Currency.ToUpperInvariant(),
                    Counterparty = Counterparty.SponsorOmnibus,
                    PendingDelta = r.Amount,
                    HoldId = r.ReservationId,
                    HoldKind = PendingTransferKind.Reservation,
                    ResolvesAs = PendingTransferState.Voided,
                    Description = r.Reference,
                };
                return true;
            case ReservationReleased rr:
                {
                    var expired = !rr.Posted && rr.Reference == ExpiredReservationReference;
                    operation = new LedgerOperation
                    {
                        Seq = seq,
                        Timestamp = at,
                        Source = EventType.ReservationReleased,
                        Kind = rr.Posted ? "reservation_posted" : expired ? "reservation_expired" : "reservation_released",
                        AccountId = rr.AccountId,
                        Currency = null,
                        Counterparty = Counterparty.SponsorOmnibus,
                        PostedDelta = rr.Posted ? -rr.Amount : 0,
                        PendingDelta = -rr.Amount,
                        HoldId = rr.ReservationId,
                        HoldKind = PendingTransferKind.Reservation,
                        HoldPosted = rr.Posted ? rr.Amount : 0,
                        ResolvesAs = rr.Posted ? PendingTransferState.Posted : expired ? PendingTransferState.Expired : PendingTransferState.Voided,
                        RequiresHold = true,
                        Description = rr.Reference,
                    };
                    return true;
                }

            default:
                return false;
        }
    }

    private static LedgerOperation Money(long seq, DateTimeOffset at, EventType source, string kind, string accountId, string currency, long delta, string reference) => new()
    {
        Seq = seq,
        Timestamp = at,
        Source = source,
        Kind = kind,
        AccountId = accountId,
        Currency = currency.ToUpperInvariant(),
        Counterparty = Counterparty.SponsorOmnibus,
        PostedDelta = delta,
        Description = reference,
    };

    private static bool TryMapCard(long seq, DateTimeOffset at, EventType type, CardEvent e, out LedgerOperation operation)
    {
        operation = default;
        if (e.PostedDelta == 0 && e.HoldDelta == 0)
        {
            return false;
        }

        if (e.AccountId.IsEmpty || e.AccountCurrency == 0)
        {
            throw new InvalidDataException($"log record {seq} ({EventTypes.Name(type)}) moves money but names no account or currency");
        }

        var kind = type switch
        {
            EventType.Authorization => e.SingleMessage ? "financial" : "authorization",
            EventType.IncrementalAuthorization => "incremental_authorization",
            EventType.Reversal => e.PostedDelta > 0 ? "reversal_credit" : e.HoldRemaining > 0 ? "partial_reversal" : "reversal",
            EventType.Advice => "advice",
            EventType.Clearing => e.ForcePost ? "force_post" : e.LateClearing ? "late_clearing" : e.FinalClearing ? "clearing" : "partial_clearing",
            EventType.Refund => "refund",
            EventType.HoldExpired => "hold_expired",
            _ => EventTypes.Name(type),
        };
        var resolves = type switch
        {
            EventType.Clearing => PendingTransferState.Posted,
            EventType.HoldExpired => PendingTransferState.Expired,
            _ => PendingTransferState.Voided,
        };
        operation = new LedgerOperation
        {
            Seq = seq,
            Timestamp = at,
            Source = type,
            Kind = kind,
            AccountId = e.AccountId.ToString(),
            ProgramId = e.ProgramId.IsEmpty ? null : e.ProgramId.ToString(),
            Currency = Currencies.Alpha(e.AccountCurrency),
            Counterparty = Counterparty.NetworkSettlement,
            PostedDelta = e.PostedDelta,
            PendingDelta = e.HoldDelta,
            HoldId = e.HoldId,
            HoldKind = PendingTransferKind.Card,
            HoldIncrement = type == EventType.IncrementalAuthorization,
            HoldPosted = type == EventType.Clearing && e.HoldId != 0 ? -e.PostedDelta : 0,
            ResolvesAs = resolves,
            Description = Describe(e),
        };
        return true;
    }

    /// <summary>Merchant, city and references, as on a statement line. The card token and PAN are never written here.</summary>
    private static string Describe(CardEvent e)
    {
        var text = new StringBuilder(64);
        Append(text, e.MerchantName);
        Append(text, e.MerchantCity);
        if (e.Mcc != 0)
        {
            text.Append(text.Length > 0 ? " " : "").Append("mcc ").Append(e.Mcc.ToString("D4"));
        }

        if (!e.Rrn.IsEmpty)
        {
            text.Append(text.Length > 0 ? " " : "").Append("rrn ").Append(e.Rrn.ToString());
        }

        if (!e.Reference.IsEmpty)
        {
            text.Append(text.Length > 0 ? " " : "").Append("ref ").Append(e.Reference.ToString());
        }

        if (e.OverTolerance)
        {
            text.Append(text.Length > 0 ? " " : "").Append("over tolerance");
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, in Text40 value)
    {
        if (!value.IsEmpty)
        {
            text.Append(text.Length > 0 ? ", " : "").Append(value.ToString());
        }
    }
}
