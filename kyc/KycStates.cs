using System.Collections.Frozen;

namespace Baas.Kyc;

/// <summary>
/// The KYC states and the only transitions between them. Onboarding runs <c>INITIATED → DOCUMENT_SUBMITTED →
/// DOCUMENT_VERIFIED → LIVENESS_CHECK → SANCTIONS_SCREENING → RISK_SCORING</c> to a decision, with resubmission
/// loops when a provider asks for them; after approval, ongoing monitoring moves a customer between
/// <c>APPROVED_STANDARD</c>, <c>APPROVED_EDD_REQUIRED</c> and <c>SUSPENDED_PENDING_REVIEW</c>.
/// </summary>
public static class KycStates
{
    public const string Initiated = "INITIATED";
    public const string DocumentSubmitted = "DOCUMENT_SUBMITTED";
    public const string DocumentVerified = "DOCUMENT_VERIFIED";
    public const string LivenessCheck = "LIVENESS_CHECK";
    public const string SanctionsScreening = "SANCTIONS_SCREENING";
    public const string RiskScoring = "RISK_SCORING";
    public const string Approved = "APPROVED";
    public const string Rejected = "REJECTED";
    public const string PendingEdd = "PENDING_EDD";
    public const string Suspended = "SUSPENDED";
    public const string ApprovedStandard = "APPROVED_STANDARD";
    public const string ApprovedEddRequired = "APPROVED_EDD_REQUIRED";
    public const string SuspendedPendingReview = "SUSPENDED_PENDING_REVIEW";

    /// <summary>Every legal transition: from → the states it may go to. <c>REJECTED</c> is final.</summary>
    public static readonly FrozenDictionary<string, FrozenSet<string>> Transitions = new Dictionary<string, FrozenSet<string>>
    {
        [Initiated] = Set(DocumentSubmitted, Rejected),
        // Retry sends the applicant back to submit again; review waits in PENDING_EDD; fraud suspends.
        [DocumentSubmitted] = Set(DocumentVerified, Initiated, PendingEdd, Rejected, Suspended),
        [DocumentVerified] = Set(LivenessCheck),
        [LivenessCheck] = Set(SanctionsScreening, DocumentVerified, PendingEdd, Rejected, Suspended),
        [SanctionsScreening] = Set(RiskScoring, PendingEdd),
        [RiskScoring] = Set(Approved, PendingEdd, Rejected),
        // A reviewer approves (resuming after the step that was reviewed), rejects or suspends.
        [PendingEdd] = Set(Approved, DocumentVerified, SanctionsScreening, Rejected, Suspended),
        [Suspended] = Set(PendingEdd, Rejected),
        [Approved] = Set(ApprovedStandard, ApprovedEddRequired),
        [ApprovedStandard] = Set(ApprovedEddRequired, SuspendedPendingReview),
        [ApprovedEddRequired] = Set(ApprovedStandard, SuspendedPendingReview),
        // Review reinstates (standard or with EDD) or exits the customer.
        [SuspendedPendingReview] = Set(ApprovedStandard, ApprovedEddRequired, Rejected),
        [Rejected] = Set(),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every state.</summary>
    public static IEnumerable<string> All => Transitions.Keys;

    /// <summary>True when <paramref name="from"/> may go to <paramref name="to"/>.</summary>
    public static bool CanGo(string from, string to) => Transitions.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>Approved, in either ongoing tier: the customer may transact.</summary>
    public static bool IsApproved(string state) => state is Approved or ApprovedStandard or ApprovedEddRequired;

    /// <summary>
    /// The customer status the authorizer must hold for this state's accounts: <c>ok</c> once approved; <c>suspended</c>
    /// (cards decline 62) when suspended or rejected; <c>restricted</c> (57, and cards cannot be activated) while onboarding.
    /// </summary>
    public static string AuthorizerStatus(string state) => state switch
    {
        Approved or ApprovedStandard or ApprovedEddRequired => "ok",
        Suspended or SuspendedPendingReview or Rejected => "suspended",
        _ => "restricted",
    };

    private static FrozenSet<string> Set(params string[] states) => states.ToFrozenSet(StringComparer.Ordinal);
}
