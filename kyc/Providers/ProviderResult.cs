namespace Baas.Kyc.Providers;

/// <summary>What a verification step concluded, in vendor-neutral terms.</summary>
public enum ProviderOutcome
{
    /// <summary>The step passed.</summary>
    Pass,

    /// <summary>A person must look at it.</summary>
    Review,

    /// <summary>The provider asks for a new submission (blurry photo, glare, expired document).</summary>
    Retry,

    /// <summary>The step failed.</summary>
    Fail,
}

/// <summary>
/// A provider's result for one step (<c>document</c> or <c>liveness</c>), mapped from the vendor's own shape by an
/// adapter. <paramref name="FraudSuspected"/> marks a failure that points at fraud (tampered document, spoofed
/// selfie) rather than a poor submission; the state machine suspends instead of rejecting.
/// </summary>
public sealed record ProviderResult(
    string Provider,
    string Step,
    ProviderOutcome Outcome,
    IReadOnlyList<string> Reasons,
    bool FraudSuspected = false,
    string? CheckId = null,
    string? CustomerId = null,
    double? Score = null,
    DateOnly? DocumentExpiry = null,
    PostalAddress? DocumentAddress = null);
