namespace Baas.Events;

/// <summary>
/// The internal reason for an outcome, recorded in the log and used as a metric label. Values are stored in
/// the log: never renumber.
/// </summary>
public enum DeclineReason : byte
{
    /// <summary>Approved.</summary>
    Approved = 0,
    /// <summary>Approved for less than requested.</summary>
    PartialApproval = 1,
    /// <summary>Account verification passed (DE39 85).</summary>
    VerificationOk = 2,
    /// <summary>The message was malformed.</summary>
    FormatError = 10,
    /// <summary>A retransmission with different content.</summary>
    DuplicateTransmission = 11,
    /// <summary>The transaction type or processing code is not supported.</summary>
    InvalidTransaction = 12,
    /// <summary>The amount is not valid (negative, zero where not allowed, wrong currency).</summary>
    InvalidAmount = 13,
    /// <summary>No card with this number.</summary>
    CardNotFound = 20,
    /// <summary>The card is reported lost.</summary>
    CardLost = 21,
    /// <summary>The card is reported stolen.</summary>
    CardStolen = 22,
    /// <summary>The card or account is closed.</summary>
    CardClosed = 23,
    /// <summary>The card is not yet activated (ordered, shipped, pending activation).</summary>
    CardNotActivated = 24,
    /// <summary>The card is frozen by the cardholder or program.</summary>
    CardFrozen = 25,
    /// <summary>The card has expired, or the expiry in the message does not match.</summary>
    CardExpired = 26,
    /// <summary>The CVV2 in the message does not match.</summary>
    Cvv2Mismatch = 30,
    /// <summary>The PIN does not match.</summary>
    IncorrectPin = 31,
    /// <summary>Too many wrong PINs.</summary>
    PinTriesExceeded = 32,
    /// <summary>The customer is restricted (KYC or compliance).</summary>
    CustomerRestricted = 40,
    /// <summary>The account is frozen or restricted.</summary>
    AccountRestricted = 41,
    /// <summary>Over the per-transaction amount limit.</summary>
    TransactionLimit = 50,
    /// <summary>Over the daily amount limit.</summary>
    DailyAmountLimit = 51,
    /// <summary>Over the monthly amount limit.</summary>
    MonthlyAmountLimit = 52,
    /// <summary>Over the daily count limit.</summary>
    DailyCountLimit = 53,
    /// <summary>Over the ATM daily limit.</summary>
    AtmDailyLimit = 54,
    /// <summary>The merchant category is blocked for this card.</summary>
    MccBlocked = 55,
    /// <summary>The merchant country is blocked for this card.</summary>
    CountryBlocked = 56,
    /// <summary>The channel (e-commerce, ATM, contactless, magnetic stripe, international) is switched off for this card.</summary>
    ChannelDisabled = 57,
    /// <summary>The program does not allow this kind of terminal or merchant.</summary>
    TerminalNotPermitted = 58,
    /// <summary>A fraud rule matched.</summary>
    SuspectedFraud = 60,
    /// <summary>A velocity rule matched.</summary>
    VelocityExceeded = 61,
    /// <summary>Not enough available funds.</summary>
    InsufficientFunds = 70,
    /// <summary>The decision could not be made within the budget.</summary>
    BudgetExceeded = 80,
    /// <summary>The authorizer is overloaded and shed the request.</summary>
    Overload = 81,
    /// <summary>An internal error.</summary>
    SystemError = 90,
    /// <summary>A reversal or clearing found no matching hold.</summary>
    Unmatched = 100,
    /// <summary>An advice recorded as given by the network.</summary>
    StandIn = 101,
}

/// <summary>Names of decline reasons, as they appear in JSON and metric labels.</summary>
public static class DeclineReasons
{
    /// <summary>The snake_case name.</summary>
    public static string Name(DeclineReason reason) => reason switch
    {
        DeclineReason.Approved => "approved",
        DeclineReason.PartialApproval => "partial_approval",
        DeclineReason.VerificationOk => "verification_ok",
        DeclineReason.FormatError => "format_error",
        DeclineReason.DuplicateTransmission => "duplicate_transmission",
        DeclineReason.InvalidTransaction => "invalid_transaction",
        DeclineReason.InvalidAmount => "invalid_amount",
        DeclineReason.CardNotFound => "card_not_found",
        DeclineReason.CardLost => "card_lost",
        DeclineReason.CardStolen => "card_stolen",
        DeclineReason.CardClosed => "card_closed",
        DeclineReason.CardNotActivated => "card_not_activated",
        DeclineReason.CardFrozen => "card_frozen",
        DeclineReason.CardExpired => "card_expired",
        DeclineReason.Cvv2Mismatch => "cvv2_mismatch",
        DeclineReason.IncorrectPin => "incorrect_pin",
        DeclineReason.PinTriesExceeded => "pin_tries_exceeded",
        DeclineReason.CustomerRestricted => "customer_restricted",
        DeclineReason.AccountRestricted => "account_restricted",
        DeclineReason.TransactionLimit => "transaction_limit",
        DeclineReason.DailyAmountLimit => "daily_amount_limit",
        DeclineReason.MonthlyAmountLimit => "monthly_amount_limit",
        DeclineReason.DailyCountLimit => "daily_count_limit",
        DeclineReason.AtmDailyLimit => "atm_daily_limit",
        DeclineReason.MccBlocked => "mcc_blocked",
        DeclineReason.CountryBlocked => "country_blocked",
        DeclineReason.ChannelDisabled => "channel_disabled",
        DeclineReason.TerminalNotPermitted => "terminal_not_permitted",
        DeclineReason.SuspectedFraud => "suspected_fraud",
        DeclineReason.VelocityExceeded => "velocity_exceeded",
        DeclineReason.InsufficientFunds => "insufficient_funds",
        DeclineReason.BudgetExceeded => "budget_exceeded",
        DeclineReason.Overload => "overload",
        DeclineReason.SystemError => "system_error",
        DeclineReason.Unmatched => "unmatched",
        DeclineReason.StandIn => "stand_in",
        _ => "unknown",
    };
}
