namespace Baas.Compliance.Filing;

/// <summary>
/// A subject of a SAR: an individual (<see cref="LastName"/>, <see cref="FirstName"/>), an entity
/// (<see cref="EntityName"/>), or a subject about whom all critical information is unavailable
/// (<see cref="IsUnknown"/>, see <see cref="Unknown"/>), which then carries no other information.
/// </summary>
public sealed record SarSubject
{
    /// <summary>A subject about whom all critical information (name, TIN, address, date of birth, ...) is unavailable.</summary>
    public static SarSubject Unknown { get; } = new() { IsUnknown = true };

    /// <summary>Whether all critical information about the subject is unavailable.</summary>
    public bool IsUnknown { get; init; }

    /// <summary>Last name of an individual (at most 150 characters).</summary>
    public string? LastName { get; init; }

    /// <summary>First name of an individual (at most 35 characters); written as unknown when absent.</summary>
    public string? FirstName { get; init; }

    /// <summary>Middle name of an individual (at most 35 characters).</summary>
    public string? MiddleName { get; init; }

    /// <summary>Legal name of an entity (at most 150 characters); set this or <see cref="LastName"/>, not both.</summary>
    public string? EntityName { get; init; }

    /// <summary>Date of birth of an individual; written as unknown when absent.</summary>
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>Address; written as unknown when absent.</summary>
    public FilingAddress? Address { get; init; }

    /// <summary>At most one TIN and one identification document; each is written as unknown when absent.</summary>
    public IReadOnlyList<PartyIdentification> Identifications { get; init; } = [];

    /// <summary>
    /// Numbers of the subject's accounts at the filing institution that the activity involved (the program's account
    /// ids, never a card number); none means no known account is involved.
    /// </summary>
    public IReadOnlyList<string> AccountNumbers { get; init; } = [];

    /// <summary>The subject's role in the activity, when known.</summary>
    public SubjectRole? Role { get; init; }

    /// <summary>The subject's relationship to the filing institution, when known.</summary>
    public SubjectRelationship? Relationship { get; init; }

    /// <summary>Occupation or type of business (at most 50 characters).</summary>
    public string? Occupation { get; init; }
}
