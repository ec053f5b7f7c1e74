using System.Globalization;
using Baas.Compliance.Screening;
using Baas.Compliance.Screening.Http;

namespace Baas.Kyc;

/// <summary>
/// Screening by the compliance screening service in this process: hits at or above the service's threshold are
/// potential matches, those from <see cref="NearMissFloor"/> up to it are near misses (a risk factor); approved
/// customers are registered as subjects so a list change screens them again.
/// </summary>
/// <param name="screening">The screening service.</param>
/// <param name="subjects">The subject registry, when compliance runs with a database (resolved when needed: it starts after KYC is built).</param>
public sealed class ScreeningSanctionsCheck(ScreeningService screening, Func<SubjectScreening?> subjects) : ISanctionsCheck
{
    /// <summary>Scores from here up to the service's threshold count as near misses.</summary>
    public const double NearMissFloor = 0.75;

    /// <inheritdoc />
    public Task<SanctionsOutcome> ScreenAsync(string fullName, DateOnly dateOfBirth, string country, CancellationToken cancellation)
    {
        var request = new ScreeningRequest(fullName, "individual", dateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), country);
        if (!request.TryCreateQuery(out var query, out var problem))
        {
            throw new InvalidOperationException("screening refused the customer: " + problem!.Message);
        }

        var result = screening.Screen(query!, Math.Min(NearMissFloor, screening.Threshold));
        var matches = new List<SanctionsFinding>();
        var nearMisses = new List<SanctionsFinding>();
        foreach (var hit in result.Hits)
        {
            (hit.Score >= screening.Threshold ? matches : nearMisses).Add(new SanctionsFinding(hit.List, hit.EntryId, hit.Name, Math.Round(hit.Score, 3)));
        }

        return Task.FromResult(new SanctionsOutcome(result.ListVersion, matches, nearMisses));
    }

    /// <inheritdoc />
    public async Task RegisterAsync(string customerId, string? accountId, string fullName, DateOnly dateOfBirth, string country, bool active, CancellationToken cancellation)
    {
        if (subjects() is { } registry)
        {
            var dob = dateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await registry.UpsertAsync(new ScreeningSubject(customerId, "customer", accountId, fullName, "individual", dob, country, [], active), cancellation);
        }
    }
}
