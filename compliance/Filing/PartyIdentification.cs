namespace Baas.Compliance.Filing;

/// <summary>
/// A TIN or an identification document of a subject or person. A party carries at most one TIN and at most one
/// document (the CTR schema allows two identifications per party; the writers hold the SAR to the same rule).
/// </summary>
/// <param name="Type">What the number is.</param>
/// <param name="Number">The number (at most 25 characters; hyphens and spaces are removed from TINs).</param>
public sealed record PartyIdentification(IdentificationType Type, string Number)
{
    /// <summary>ISO 3166-1 alpha-2 code of the issuing country (documents).</summary>
    public string? IssuingCountry { get; init; }

    /// <summary>Issuing state code (driver's licence or state ID).</summary>
    public string? IssuingState { get; init; }

    /// <summary>What the document is, required when <see cref="Type"/> is <see cref="IdentificationType.Other"/>.</summary>
    public string? OtherTypeDescription { get; init; }

    /// <summary>Whether this is a taxpayer identification number rather than a document.</summary>
    public bool IsTin => Type is IdentificationType.SsnOrItin or IdentificationType.Ein or IdentificationType.ForeignTin;
}
