namespace Baas.Compliance.Filing;

/// <summary>
/// What kind of suspicious activity a SAR reports. Each maps to one suspicious activity type and subtype of the
/// SAR schema (<c>SuspiciousActivityTypeID</c> / <c>SuspiciousActivitySubtypeID</c>), noted on each value.
/// </summary>
public enum SuspiciousActivityCategory
{
    /// <summary>Structuring: transaction(s) below the CTR threshold (type 1, subtype 114).</summary>
    StructuringBelowCtrThreshold,

    /// <summary>Money laundering: transaction out of pattern for the customer (type 8, subtype 812).</summary>
    TransactionOutOfPattern,

    /// <summary>Money laundering: suspicious movement of funds by EFT or wire (type 8, subtype 805).</summary>
    SuspiciousFundsTransfers,

    /// <summary>Money laundering: funnel account (type 8, subtype 824).</summary>
    FunnelAccount,

    /// <summary>Fraud: credit/debit card, which covers card testing (type 3, subtype 305).</summary>
    CardFraud,

    /// <summary>Other suspicious activity: account takeover (type 9, subtype 920).</summary>
    AccountTakeover,

    /// <summary>Other suspicious activity: identity theft (type 9, subtype 905).</summary>
    IdentityTheft,

    /// <summary>Other suspicious activity: transaction(s) involving a foreign high-risk jurisdiction (type 9, subtype 928).</summary>
    HighRiskJurisdiction,

    /// <summary>
    /// Sanctions-related; the schema has no sanctions code, so this is "Other suspicious activities - Other"
    /// (type 9, subtype 9999) described as sanctions-related. Cannot be combined with <see cref="Other"/>, which uses
    /// the same subtype.
    /// </summary>
    SanctionsRelated,

    /// <summary>Other (type 9, subtype 9999), described by <see cref="SarFiling.OtherActivityDescription"/>.</summary>
    Other,
}
