namespace Baas.Kyc.Risk;

/// <summary>One factor's contribution to a risk score.</summary>
public sealed record RiskFactor(string Factor, string Detail, int Points);

/// <summary>A risk assessment: the score, its factors, and the decision (<c>APPROVED</c>, <c>PENDING_EDD</c> or <c>REJECTED</c>) with its cause.</summary>
public sealed record RiskAssessment(int Score, IReadOnlyList<RiskFactor> Factors, string Decision, string Cause, string PolicyVersion);

/// <summary>
/// Onboarding risk scoring with documented factors: country risk (residence and nationality), sanctions
/// near-misses, the program's product, the declared monthly activity, the source of funds, and an identifier
/// already used by another customer. The sum against the policy's thresholds gives the decision.
/// </summary>
public static class RiskScorer
{
    /// <summary>Scores an applicant.</summary>
    public static RiskAssessment Assess(KycPolicy policy, CustomerApplication application, IReadOnlyList<SanctionsFinding> nearMisses, bool duplicateIdentity)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(nearMisses);
        var p = policy.Points;
        var factors = new List<RiskFactor>();
        switch (policy.CountryRisk(application.Address.Country))
        {
            case "prohibited": factors.Add(new("residence_country", application.Address.Country + " (prohibited)", p.ResidenceProhibited)); break;
            case "high": factors.Add(new("residence_country", application.Address.Country + " (high risk)", p.ResidenceHigh)); break;
            case "elevated": factors.Add(new("residence_country", application.Address.Country + " (elevated risk)", p.ResidenceElevated)); break;
        }

        switch (policy.CountryRisk(application.Nationality))
        {
            case "prohibited": factors.Add(new("nationality", application.Nationality + " (prohibited)", p.NationalityProhibited)); break;
            case "high": factors.Add(new("nationality", application.Nationality + " (high risk)", p.NationalityHigh)); break;
            case "elevated": factors.Add(new("nationality", application.Nationality + " (elevated risk)", p.NationalityElevated)); break;
        }

        if (nearMisses.Count > 0)
        {
            var best = nearMisses.MaxBy(n => n.Score)!;
            factors.Add(new("screening_near_miss", $"{nearMisses.Count} below the match threshold, best {best.Score:0.00} ({best.List} {best.EntryId})", Math.Min(p.NearMissMax, p.NearMissEach * nearMisses.Count)));
        }

        var product = policy.ProductOf(application.ProgramId);
        if (policy.Products.TryGetValue(product, out var productPoints) && productPoints > 0)
        {
            factors.Add(new("product", product, productPoints));
        }

        if (application.ExpectedMonthlyVolume is { } volume)
        {
            var band = policy.ExpectedActivity.Last(b => volume >= b.From);
            if (band.Points > 0)
            {
                factors.Add(new("expected_activity", $"{volume / 100} USD a month", band.Points));
            }
        }

        if (application.SourceOfFunds is null)
        {
            factors.Add(new("source_of_funds", "not declared", p.SourceOfFundsMissing));
        }
        else if (policy.SourceOfFunds.TryGetValue(application.SourceOfFunds, out var fundsPoints) && fundsPoints > 0)
        {
            factors.Add(new("source_of_funds", application.SourceOfFunds, fundsPoints));
        }

        if (duplicateIdentity)
        {
            factors.Add(new("duplicate_identity", "the identifier belongs to another customer", p.DuplicateIdentity));
        }

        var score = Math.Min(100, factors.Sum(f => f.Points));
        var (decision, cause) = score >= policy.Thresholds.Reject ? (KycStates.Rejected, "risk_prohibitive")
            : score >= policy.Thresholds.Edd ? (KycStates.PendingEdd, "risk_elevated")
            : (KycStates.Approved, "risk_acceptable");
        return new RiskAssessment(score, factors, decision, cause, policy.Version);
    }
}
