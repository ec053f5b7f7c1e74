namespace Baas.Compliance.Filing;

/// <summary>
/// The institution that files (the reporting financial institution), which for us is also where the activity
/// occurred: it is written as the filing institution, its contact office and the transaction location.
/// </summary>
public sealed record FilingInstitution
{
    /// <summary>Legal name (at most 150 characters).</summary>
    public required string LegalName { get; init; }

    /// <summary>EIN, 9 digits (a hyphen is removed).</summary>
    public required string Ein { get; init; }

    /// <summary>Address of the institution.</summary>
    public required FilingAddress Address { get; init; }

    /// <summary>Primary federal regulator.</summary>
    public required FederalRegulator PrimaryRegulator { get; init; }

    /// <summary>Type of institution.</summary>
    public FinancialInstitutionType InstitutionType { get; init; } = FinancialInstitutionType.DepositoryInstitution;

    /// <summary>RSSD number, when the institution has one.</summary>
    public string? RssdNumber { get; init; }

    /// <summary>Name of the office FinCEN contacts about the filing (at most 150 characters).</summary>
    public required string ContactOfficeName { get; init; }

    /// <summary>Phone number of the contact office (digits are kept, at most 16).</summary>
    public required string ContactOfficePhone { get; init; }
}
