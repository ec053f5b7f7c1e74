namespace Baas.Kyc.Store;

/// <summary>One transition of a customer's history: from (null for the first), to, why, who, with what evidence, when.</summary>
public sealed record TransitionView(string? From, string To, string Cause, string Actor, System.Text.Json.JsonElement? Evidence, DateTimeOffset At);

/// <summary>An account a customer holds, with the customer status the authorizer must show and what it last confirmed.</summary>
public sealed record CustomerAccountView(string AccountId, string Status, string? SyncedStatus, DateTimeOffset? SyncedAt, string? LastError);

/// <summary>A customer as the API shows it: personal data minimised (the identifier masked, no full address).</summary>
public sealed record CustomerView(
    string Id,
    string State,
    string? ProgramId,
    string Name,
    string IdentifierType,
    string Identifier,
    string Country,
    int? RiskScore,
    System.Text.Json.JsonElement? RiskFactors,
    bool SanctionsHold,
    string? ReviewStep,
    DateOnly? DocumentExpiry,
    IReadOnlyList<CustomerAccountView> Accounts,
    IReadOnlyList<TransitionView> History,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A customer as the workflow sees it inside a transaction (the row locked).</summary>
public sealed class CustomerRow
{
    public required string Id { get; init; }

    public required string State { get; set; }

    public string? ProgramId { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public required DateOnly DateOfBirth { get; init; }

    public required PostalAddress Address { get; init; }

    public required string Nationality { get; init; }

    public required string IdentifierType { get; init; }

    public required byte[] IdentifierHash { get; init; }

    public string? SourceOfFunds { get; init; }

    public long? ExpectedMonthlyVolume { get; init; }

    public string? Occupation { get; init; }

    public bool SanctionsHold { get; set; }

    public string? ReviewStep { get; set; }

    public int DocumentAttempts { get; set; }

    public int LivenessAttempts { get; set; }

    public DateOnly? DocumentExpiry { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The name to screen and show.</summary>
    public string FullName => FirstName + " " + LastName;

    /// <summary>The application as risk scoring reads it (the identifier's value is not needed and not decrypted).</summary>
    public CustomerApplication ToApplication() =>
        new(FirstName, LastName, DateOfBirth, Address, new PersonIdentifier(IdentifierType, ""), Nationality, ProgramId, SourceOfFunds, ExpectedMonthlyVolume, Occupation);
}
