using Baas.Events;

namespace Baas.Compliance.Monitoring;

/// <summary>What a monitored event did to an account.</summary>
public enum MonitoredKind : byte
{
    /// <summary>Money came in (a credit, a refund).</summary>
    In = 1,

    /// <summary>Money went out (an approved authorization, a debit, a forced clearing).</summary>
    Out = 2,

    /// <summary>A declined authorization: nothing moved (card testing reads these).</summary>
    Declined = 3,

    /// <summary>The account was opened: where dormancy starts counting.</summary>
    Opened = 4,
}

/// <summary>
/// One authorization-log record as transaction monitoring sees it: which account, in or out, how much (minor
/// units of the account currency), whether it was cash, where, and with whom. Built from the log by
/// <see cref="TryFrom"/>; records that move no money and open nothing are not monitored.
/// </summary>
/// <param name="Seq">The log sequence (the evidence an alert points to).</param>
/// <param name="TimestampMicros">When it happened, microseconds since the Unix epoch: every window is measured on this clock, so a backtest replays exactly.</param>
/// <param name="AccountId">The account.</param>
/// <param name="ProgramId">Its program, when the record says.</param>
/// <param name="Kind">In, out, declined or opened.</param>
/// <param name="Amount">Minor units, never negative.</param>
/// <param name="Currency">ISO 4217 alphabetic code, when known.</param>
/// <param name="Cash">ATM withdrawals, cash advances and credits or debits made in cash.</param>
/// <param name="Country">ISO 3166 alpha-2 of the merchant or counterparty, when known.</param>
/// <param name="Counterparty">The merchant or counterparty, when known.</param>
/// <param name="Type">The log event type.</param>
public sealed record MonitoredEvent(
    long Seq,
    long TimestampMicros,
    string AccountId,
    string? ProgramId,
    MonitoredKind Kind,
    long Amount,
    string? Currency,
    bool Cash,
    string? Country,
    string? Counterparty,
    EventType Type)
{
    /// <summary>The moment as a date.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampMicros * 10);

    /// <summary>The monitored view of a decoded log record; false for records monitoring ignores.</summary>
    public static bool TryFrom(LogEvent record, out MonitoredEvent? monitored)
    {
        ArgumentNullException.ThrowIfNull(record);
        monitored = null;
        if (record.IsCardEvent)
        {
            var c = record.Card;
            var account = c.AccountId.ToString();
            if (account.Length == 0)
            {
                return false;
            }

            var program = NullIfEmpty(c.ProgramId.ToString());
            var currency = c.AccountCurrency == 0 ? null : Currencies.Alpha(c.AccountCurrency);
            var country = NullIfEmpty(c.MerchantCountry.ToString());
            var merchant = NullIfEmpty(c.MerchantId.ToString()) ?? NullIfEmpty(c.MerchantName.ToString());
            var cash = c.Mcc is 6010 or 6011 || c.ProcessingCode.ToString().StartsWith("01", StringComparison.Ordinal);
            switch (record.Type)
            {
                case EventType.Authorization when c.Approved && c.ApprovedAmount > 0:
                    monitored = new(record.Seq, record.TimestampMicros, account, program, MonitoredKind.Out, c.ApprovedAmount, currency, cash, country, merchant, record.Type);
                    return true;
                case EventType.Authorization when !c.Approved:
                    var asked = c.BillingAmount > 0 ? c.BillingAmount : c.RequestedAmount;
                    monitored = new(record.Seq, record.TimestampMicros, account, program, MonitoredKind.Declined, Math.Max(0, asked), currency, cash, country, merchant, record.Type);
                    return true;
                case EventType.Clearing when c.ForcePost && c.PostedDelta < 0:
                    // A clearing with no authorization before it: the only time a clearing is new money out.
                    monitored = new(record.Seq, record.TimestampMicros, account, program, MonitoredKind.Out, -c.PostedDelta, currency, cash, country, merchant, record.Type);
                    return true;
                case EventType.Refund when c.PostedDelta > 0:
                    monitored = new(record.Seq, record.TimestampMicros, account, program, MonitoredKind.In, c.PostedDelta, currency, false, country, merchant, record.Type);
                    return true;
                default:
                    return false;
            }
        }

        switch (record.Management)
        {
            case AccountOpened opened:
                monitored = new(record.Seq, record.TimestampMicros, opened.AccountId, opened.ProgramId, MonitoredKind.Opened, 0, opened.Currency, false, null, null, record.Type);
                return true;
            case AccountCredited credit when !IsCorrection(credit.Reference):
                monitored = new(record.Seq, record.TimestampMicros, credit.AccountId, null, MonitoredKind.In, credit.Amount, credit.Currency, credit.Details?.Method == "cash", credit.Details?.Country, credit.Details?.Counterparty, record.Type);
                return true;
            case AccountDebited debit when !IsCorrection(debit.Reference):
                monitored = new(record.Seq, record.TimestampMicros, debit.AccountId, null, MonitoredKind.Out, debit.Amount, debit.Currency, debit.Details?.Method == "cash", debit.Details?.Country, debit.Details?.Counterparty, record.Type);
                return true;
            default:
                return false;
        }
    }

    // Ledger adjustments (adj:...) correct the books; they are not the customer's activity.
    private static bool IsCorrection(string reference) => reference.StartsWith("adj:", StringComparison.Ordinal);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
