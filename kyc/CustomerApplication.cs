namespace Baas.Kyc;

/// <summary>A residential address as the applicant gave it (or as a document shows it).</summary>
public sealed record PostalAddress(string Line1, string? Line2, string City, string State, string PostalCode, string Country);

/// <summary>A government identifier: <c>ssn</c> or <c>itin</c> (US), <c>passport</c>, <c>national_id</c>.</summary>
public sealed record PersonIdentifier(string Type, string Value);

/// <summary>
/// What an applicant submits to open a customer record (<c>POST /v1/customers</c>). <c>SourceOfFunds</c> is salary,
/// savings, business, benefits, investments, gift, crypto or other; <c>ExpectedMonthlyVolume</c> is the declared
/// monthly activity in minor units of USD. Both are risk factors, and the second is ongoing monitoring's baseline.
/// </summary>
public sealed record CustomerApplication(
    string FirstName,
    string LastName,
    DateOnly DateOfBirth,
    PostalAddress Address,
    PersonIdentifier Identifier,
    string Nationality,
    string? ProgramId,
    string? SourceOfFunds = null,
    long? ExpectedMonthlyVolume = null,
    string? Occupation = null);

/// <summary>One failed deterministic check: the cause recorded on the transition (address_implausible, date_of_birth_invalid, identifier_invalid or name_implausible), the field, and a message for the caller.</summary>
public sealed record CheckFailure(string Cause, string Field, string Message);
