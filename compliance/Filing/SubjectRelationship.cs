namespace Baas.Compliance.Filing;

/// <summary>The subject's relationship to the filing institution.</summary>
public enum SubjectRelationship
{
    /// <summary>Customer (a cardholder or account holder).</summary>
    Customer,

    /// <summary>Employee.</summary>
    Employee,

    /// <summary>Officer.</summary>
    Officer,

    /// <summary>Director.</summary>
    Director,

    /// <summary>Agent.</summary>
    Agent,

    /// <summary>Owner or controlling shareholder.</summary>
    OwnerShareholder,

    /// <summary>No relationship to the institution.</summary>
    NoRelationship,
}
