namespace Baas.Compliance.Filing;

/// <summary>A person involved in the transactions of a CTR: an individual (<see cref="LastName"/>) or an entity (<see cref="EntityName"/>).</summary>
public sealed record CtrPerson
{
    /// <summary>How the person takes part.</summary>
    public required CtrPersonRole Role { get; init; }

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

    /// <summary>Numbers of the accounts the cash went into or came out of (the program's account ids, never a card number).</summary>
    public IReadOnlyList<string> AccountNumbers { get; init; } = [];

    /// <summary>Occupation or type of business (at most 50 characters).</summary>
    public string? Occupation { get; init; }

    /// <summary>This person's cash in, in USD cents; the filing's total when null.</summary>
    public long? CashInMinor { get; init; }

    /// <summary>This person's cash out, in USD cents; the filing's total when null.</summary>
    public long? CashOutMinor { get; init; }
}
