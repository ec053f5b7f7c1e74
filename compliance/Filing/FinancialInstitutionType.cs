namespace Baas.Compliance.Filing;

/// <summary>Type of financial institution, valued as the schemas' <c>OrganizationTypeID</c>.</summary>
public enum FinancialInstitutionType
{
    /// <summary>Depository institution (the sponsor bank of a card program).</summary>
    DepositoryInstitution = 2,

    /// <summary>Money services business.</summary>
    MoneyServicesBusiness = 4,
}
