using Baas.Events;

namespace Baas.Authorizer.Engine;

/// <summary>DE39 for each internal reason (ARCHITECTURE.md section 3).</summary>
internal static class ResponseCodes
{
    public static ReadOnlySpan<byte> For(DeclineReason reason) => reason switch
    {
        DeclineReason.Approved or DeclineReason.StandIn or DeclineReason.Unmatched => "00"u8,
        DeclineReason.PartialApproval => "10"u8,
        DeclineReason.VerificationOk => "85"u8,
        DeclineReason.FormatError => "30"u8,
        DeclineReason.DuplicateTransmission => "94"u8,
        DeclineReason.InvalidTransaction => "12"u8,
        DeclineReason.InvalidAmount => "13"u8,
        DeclineReason.CardNotFound => "14"u8,
        DeclineReason.CardLost => "41"u8,
        DeclineReason.CardStolen => "43"u8,
        DeclineReason.CardClosed => "46"u8,
        DeclineReason.CardNotActivated => "78"u8,
        DeclineReason.CardFrozen or DeclineReason.CustomerRestricted => "62"u8,
        DeclineReason.CardExpired => "54"u8,
        DeclineReason.Cvv2Mismatch => "N7"u8,
        DeclineReason.IncorrectPin => "55"u8,
        DeclineReason.PinTriesExceeded => "75"u8,
        DeclineReason.AccountRestricted or DeclineReason.MccBlocked or DeclineReason.CountryBlocked or DeclineReason.ChannelDisabled => "57"u8,
        DeclineReason.TerminalNotPermitted => "58"u8,
        DeclineReason.SuspectedFraud or DeclineReason.VelocityExceeded => "59"u8,
        DeclineReason.TransactionLimit or DeclineReason.DailyAmountLimit or DeclineReason.MonthlyAmountLimit or DeclineReason.AtmDailyLimit => "61"u8,
        DeclineReason.DailyCountLimit => "65"u8,
        DeclineReason.InsufficientFunds => "51"u8,
        DeclineReason.BudgetExceeded or DeclineReason.Overload => "91"u8,
        _ => "96"u8,
    };

    /// <summary>Cached label strings (metrics must not allocate per request).</summary>
    public static string Label(DeclineReason reason) => Labels[(int)reason] ??= DeclineReasons.Name(reason);

    /// <summary>Cached DE39 strings for labels.</summary>
    public static string CodeLabel(DeclineReason reason) => CodeLabels[(int)reason] ??= System.Text.Encoding.ASCII.GetString(For(reason));

    private static readonly string?[] Labels = new string?[256];
    private static readonly string?[] CodeLabels = new string?[256];
}
