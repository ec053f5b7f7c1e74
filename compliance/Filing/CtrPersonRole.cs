namespace Baas.Compliance.Filing;

/// <summary>How a person takes part in the transactions of a CTR, valued as the schema's <c>ActivityPartyTypeCode</c>.</summary>
public enum CtrPersonRole
{
    /// <summary>Person conducting the transaction on their own behalf.</summary>
    ConductedOnOwnBehalf = 50,

    /// <summary>Person conducting the transaction for another.</summary>
    ConductedForAnother = 17,

    /// <summary>Person on whose behalf the transaction was conducted.</summary>
    OnWhoseBehalf = 23,
}
