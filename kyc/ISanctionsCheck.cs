namespace Baas.Kyc;

/// <summary>One sanctions list entry a customer's name came near.</summary>
public sealed record SanctionsFinding(string List, string EntryId, string Name, double Score);

/// <summary>A screening: entries at or above the service's threshold (potential matches) and the near misses below it.</summary>
public sealed record SanctionsOutcome(string ListVersion, IReadOnlyList<SanctionsFinding> Matches, IReadOnlyList<SanctionsFinding> NearMisses);

/// <summary>
/// The compliance screening service as KYC uses it: screen an applicant now, and register an approved customer so
/// every list change screens them again (a new hit then reaches KYC as a <c>sanctions_match</c> alert).
/// </summary>
public interface ISanctionsCheck
{
    /// <summary>Screens a person. Throws when the service cannot answer; the customer then waits in SANCTIONS_SCREENING and is retried.</summary>
    Task<SanctionsOutcome> ScreenAsync(string fullName, DateOnly dateOfBirth, string country, CancellationToken cancellation);

    /// <summary>Registers (or updates) the customer as a screening subject tied to an account, or deactivates them.</summary>
    Task RegisterAsync(string customerId, string? accountId, string fullName, DateOnly dateOfBirth, string country, bool active, CancellationToken cancellation);
}
