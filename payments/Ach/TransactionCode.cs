namespace Baas.Payments.Ach;

/// <summary>Entry transaction codes: account type, direction, and whether live, prenote, zero-dollar or a return/NOC.</summary>
public enum TransactionCode
{
    CheckingReturnOrNocCredit = 21,
    CheckingCredit = 22,
    CheckingCreditPrenote = 23,
    CheckingZeroDollarCredit = 24,
    CheckingReturnOrNocDebit = 26,
    CheckingDebit = 27,
    CheckingDebitPrenote = 28,
    CheckingZeroDollarDebit = 29,
    SavingsReturnOrNocCredit = 31,
    SavingsCredit = 32,
    SavingsCreditPrenote = 33,
    SavingsZeroDollarCredit = 34,
    SavingsReturnOrNocDebit = 36,
    SavingsDebit = 37,
    SavingsDebitPrenote = 38,
    SavingsZeroDollarDebit = 39,
    GeneralLedgerReturnOrNocCredit = 41,
    GeneralLedgerCredit = 42,
    GeneralLedgerCreditPrenote = 43,
    GeneralLedgerZeroDollarCredit = 44,
    GeneralLedgerReturnOrNocDebit = 46,
    GeneralLedgerDebit = 47,
    GeneralLedgerDebitPrenote = 48,
    GeneralLedgerZeroDollarDebit = 49,
    LoanReturnOrNocCredit = 51,
    LoanCredit = 52,
    LoanCreditPrenote = 53,
    LoanZeroDollarCredit = 54,
    LoanReversalDebit = 55,
    LoanReturnOrNocDebit = 56,

    /// <summary>ADV: credit for ACH debits originated.</summary>
    AdviceCreditForDebitsOriginated = 81,

    /// <summary>ADV: debit for ACH credits originated.</summary>
    AdviceDebitForCreditsOriginated = 82,

    /// <summary>ADV: credit for ACH credits received.</summary>
    AdviceCreditForCreditsReceived = 83,

    /// <summary>ADV: debit for ACH debits received.</summary>
    AdviceDebitForDebitsReceived = 84,

    /// <summary>ADV: credit for ACH credits in rejected batches.</summary>
    AdviceCreditForRejectedCredits = 85,

    /// <summary>ADV: debit for ACH debits in rejected batches.</summary>
    AdviceDebitForRejectedDebits = 86,

    /// <summary>ADV: summary credit for respondent ACH activity.</summary>
    AdviceSummaryCredit = 87,

    /// <summary>ADV: summary debit for respondent ACH activity.</summary>
    AdviceSummaryDebit = 88,
}

/// <summary>Classification of <see cref="TransactionCode"/> values.</summary>
public static class TransactionCodes
{
    /// <summary>True when the code is one NACHA defines.</summary>
    public static bool IsDefined(int code) => Enum.IsDefined(typeof(TransactionCode), code);

    /// <summary>True for ADV (81 to 88) codes.</summary>
    public static bool IsAdvice(this TransactionCode code) => (int)code is >= 81 and <= 88;

    /// <summary>True when the entry moves money to the receiver (counts in the credit total).</summary>
    public static bool IsCredit(this TransactionCode code)
    {
        var c = (int)code;
        if (c is >= 81 and <= 88)
        {
            return c % 2 == 1;
        }

        return c % 10 is >= 1 and <= 4;
    }

    /// <summary>True when the entry takes money from the receiver (counts in the debit total).</summary>
    public static bool IsDebit(this TransactionCode code) => !code.IsCredit();

    /// <summary>Prenotification: a zero-amount test entry.</summary>
    public static bool IsPrenote(this TransactionCode code) => (int)code < 81 && (int)code % 10 is 3 or 8;

    /// <summary>Zero-dollar entry that carries remittance data only.</summary>
    public static bool IsZeroDollar(this TransactionCode code) => (int)code < 81 && (int)code % 10 is 4 or 9;

    /// <summary>Automated return or notification-of-change code (21, 26, 31, 36, 41, 46, 51, 56).</summary>
    public static bool IsReturnOrNoc(this TransactionCode code) => (int)code < 81 && (int)code % 10 is 1 or 6;

    /// <summary>True for the savings codes (3x).</summary>
    public static bool IsSavings(this TransactionCode code) => (int)code / 10 == 3;

    /// <summary>True for the checking (demand) codes (2x).</summary>
    public static bool IsChecking(this TransactionCode code) => (int)code / 10 == 2;

    /// <summary>The code a return or NOC of an entry with this code carries (22 → 21, 27 → 26, 55 → 56...).</summary>
    public static TransactionCode ReturnCodeFor(this TransactionCode code)
    {
        if (code.IsAdvice())
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "ADV entries are not returned.");
        }

        if (code.IsReturnOrNoc())
        {
            return code;
        }

        if (code == TransactionCode.LoanReversalDebit)
        {
            return TransactionCode.LoanReturnOrNocDebit;
        }

        var c = (int)code;
        return (TransactionCode)(c / 10 * 10 + (code.IsCredit() ? 1 : 6));
    }
}
