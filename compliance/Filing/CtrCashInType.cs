namespace Baas.Compliance.Filing;

/// <summary>What the cash in was, valued as the CTR schema's <c>CurrencyTransactionActivityDetailTypeCode</c>.</summary>
public enum CtrCashInType
{
    /// <summary>Deposit(s).</summary>
    Deposit = 55,

    /// <summary>Payment(s).</summary>
    Payment = 46,

    /// <summary>Currency to prepaid access (a prepaid card load).</summary>
    CurrencyToPrepaidAccess = 49,
}
