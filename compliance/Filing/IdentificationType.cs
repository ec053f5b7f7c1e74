namespace Baas.Compliance.Filing;

/// <summary>
/// Kind of identification of a party, valued as the schemas' <c>PartyIdentificationTypeCode</c>. The first three
/// are taxpayer identification numbers, the rest forms of identification (documents).
/// </summary>
public enum IdentificationType
{
    /// <summary>SSN or ITIN (a TIN).</summary>
    SsnOrItin = 1,

    /// <summary>EIN (a TIN).</summary>
    Ein = 2,

    /// <summary>A foreign TIN.</summary>
    ForeignTin = 9,

    /// <summary>Driver's licence or state ID.</summary>
    DriversLicenseOrStateId = 5,

    /// <summary>Passport.</summary>
    Passport = 6,

    /// <summary>Alien registration.</summary>
    AlienRegistration = 7,

    /// <summary>Another document, described in <see cref="PartyIdentification.OtherTypeDescription"/>.</summary>
    Other = 999,
}
