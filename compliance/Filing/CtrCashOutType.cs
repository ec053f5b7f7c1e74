namespace Baas.Compliance.Filing;

/// <summary>What the cash out was, valued as the CTR schema's <c>CurrencyTransactionActivityDetailTypeCode</c>.</summary>
public enum CtrCashOutType
{
    /// <summary>Withdrawal(s).</summary>
    Withdrawal = 56,

    /// <summary>Currency from prepaid access (cash taken from a prepaid card).</summary>
    CurrencyFromPrepaidAccess = 48,
}
