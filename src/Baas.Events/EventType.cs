namespace Baas.Events;

/// <summary>Every kind of record in the authorization log. Values are stored in the log: never renumber.</summary>
public enum EventType : byte
{
    /// <summary>Not an event.</summary>
    None = 0,

    // Card transactions (binary CardEvent body).
    /// <summary>An authorization (0100) or financial request (0200), approved or declined.</summary>
    Authorization = 1,
    /// <summary>An incremental authorization that adds to an existing hold.</summary>
    IncrementalAuthorization = 2,
    /// <summary>A reversal (0400/0420), full or partial, matched to a hold or unmatched.</summary>
    Reversal = 3,
    /// <summary>An authorization advice (0120): a stand-in decision applied as given.</summary>
    Advice = 4,
    /// <summary>A clearing (0220 completion or a clearing file record) that posts a hold in full or part, or force-posts.</summary>
    Clearing = 5,
    /// <summary>A refund or credit to the cardholder.</summary>
    Refund = 6,
    /// <summary>A hold that reached its expiry and was released.</summary>
    HoldExpired = 7,
    /// <summary>A balance inquiry.</summary>
    BalanceInquiry = 8,

    // Management commands (JSON body).
    /// <summary>A program was created.</summary>
    ProgramCreated = 32,
    /// <summary>A program-scoped API key was created.</summary>
    ProgramKeyCreated = 33,
    /// <summary>An account was opened.</summary>
    AccountOpened = 34,
    /// <summary>A card was issued.</summary>
    CardIssued = 35,
    /// <summary>A card changed state.</summary>
    CardStateChanged = 36,
    /// <summary>A card's controls changed.</summary>
    ControlsChanged = 37,
    /// <summary>Money was credited to an account.</summary>
    AccountCredited = 38,
    /// <summary>Money was debited from an account.</summary>
    AccountDebited = 39,
    /// <summary>Funds were reserved (a hold) for a payment.</summary>
    FundsReserved = 40,
    /// <summary>A reservation was released (or consumed by a posting).</summary>
    ReservationReleased = 41,
    /// <summary>An account changed state (active, frozen, closed) or customer status (restricted for KYC or compliance).</summary>
    AccountStateChanged = 42,
}

/// <summary>Names and classification of event types.</summary>
public static class EventTypes
{
    /// <summary>The snake_case name used in JSON and in documentation.</summary>
    public static string Name(EventType type) => type switch
    {
        EventType.Authorization => "authorization",
        EventType.IncrementalAuthorization => "incremental_authorization",
        EventType.Reversal => "reversal",
        EventType.Advice => "advice",
        EventType.Clearing => "clearing",
        EventType.Refund => "refund",
        EventType.HoldExpired => "hold_expired",
        EventType.BalanceInquiry => "balance_inquiry",
        EventType.ProgramCreated => "program_created",
        EventType.ProgramKeyCreated => "program_key_created",
        EventType.AccountOpened => "account_opened",
        EventType.CardIssued => "card_issued",
        EventType.CardStateChanged => "card_state_changed",
        EventType.ControlsChanged => "controls_changed",
        EventType.AccountCredited => "account_credited",
        EventType.AccountDebited => "account_debited",
        EventType.FundsReserved => "funds_reserved",
        EventType.ReservationReleased => "reservation_released",
        EventType.AccountStateChanged => "account_state_changed",
        _ => "unknown",
    };

    /// <summary>Parses a snake_case name.</summary>
    public static EventType Parse(string name)
    {
        foreach (var t in Enum.GetValues<EventType>())
        {
            if (Name(t) == name)
            {
                return t;
            }
        }

        return EventType.None;
    }

    /// <summary>True for card transaction events, which carry a binary <see cref="CardEvent"/> body.</summary>
    public static bool IsCardEvent(EventType type) => type is >= EventType.Authorization and <= EventType.BalanceInquiry;
}
