using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baas.Kyc.Risk;

/// <summary>
/// The KYC policy as data: risk factor points, decision thresholds, country lists and the triggers of ongoing
/// monitoring (<c>Risk/risk.default.json</c> is the built-in one). A file is checked whole when loaded.
/// </summary>
public sealed class KycPolicy
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public required string Version { get; init; }

    public required ThresholdSettings Thresholds { get; init; }

    public required CountrySettings Countries { get; init; }

    public required PointSettings Points { get; init; }

    public Dictionary<string, string> ProgramProducts { get; init; } = [];

    public required Dictionary<string, int> Products { get; init; }

    public required Dictionary<string, int> SourceOfFunds { get; init; }

    public required List<ActivityBand> ExpectedActivity { get; init; }

    public required MonitoringSettings Monitoring { get; init; }

    /// <summary>The built-in policy.</summary>
    public static KycPolicy Default { get; } = Parse(ReadDefault());

    /// <summary>Loads and checks a policy file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid policy; the message says what is wrong.</exception>
    public static KycPolicy Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses and checks a policy.</summary>
    /// <exception cref="InvalidDataException">Not a valid policy.</exception>
    public static KycPolicy Parse(string json)
    {
        KycPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize<KycPolicy>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("the KYC policy is not valid: " + e.Message, e);
        }

        if (policy is null)
        {
            throw new InvalidDataException("the KYC policy is empty");
        }

        policy.Check();
        return policy;
    }

    /// <summary>How risky a country is: prohibited, high, elevated or null (standard).</summary>
    public string? CountryRisk(string? country) =>
        country is null ? null
        : Countries.Prohibited.Contains(country) ? "prohibited"
        : Countries.High.Contains(country) ? "high"
        : Countries.Elevated.Contains(country) ? "elevated"
        : null;

    /// <summary>The product a program offers.</summary>
    public string ProductOf(string? programId) => programId is not null && ProgramProducts.TryGetValue(programId, out var product) ? product : "standard";

    private void Check()
    {
        if (string.IsNullOrWhiteSpace(Version))
        {
            throw new InvalidDataException("the KYC policy needs a version");
        }

        if (Thresholds.Edd <= 0 || Thresholds.Reject <= Thresholds.Edd)
        {
            throw new InvalidDataException("thresholds: 0 < edd < reject");
        }

        foreach (var code in Countries.Prohibited.Concat(Countries.High).Concat(Countries.Elevated))
        {
            if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
            {
                throw new InvalidDataException($"countries: '{code}' is not an ISO 3166 alpha-2 code");
            }
        }

        foreach (var (program, product) in ProgramProducts)
        {
            if (!Products.ContainsKey(product))
            {
                throw new InvalidDataException($"programProducts: program {program} offers '{product}', which products does not list");
            }
        }

        if (!Products.ContainsKey("standard"))
        {
            throw new InvalidDataException("products must list \"standard\"");
        }

        if (ExpectedActivity.Count == 0 || ExpectedActivity[0].From != 0 || ExpectedActivity.Zip(ExpectedActivity.Skip(1)).Any(p => p.Second.From <= p.First.From))
        {
            throw new InvalidDataException("expectedActivity: bands start at 0 and rise");
        }

        if (Monitoring.LargeDeposit <= 0 || Monitoring.ActivityMultiple < 1 || Monitoring.EddReviewDays <= 0)
        {
            throw new InvalidDataException("monitoring: largeDeposit > 0, activityMultiple >= 1, eddReviewDays > 0");
        }
    }

    private static string ReadDefault()
    {
        using var stream = typeof(KycPolicy).Assembly.GetManifestResourceStream("Baas.Kyc.Risk.risk.default.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Scores at or above <see cref="Edd"/> need enhanced due diligence; at or above <see cref="Reject"/> are refused.</summary>
    public sealed record ThresholdSettings(int Edd, int Reject);

    /// <summary>Country lists (ISO 3166 alpha-2).</summary>
    public sealed record CountrySettings(HashSet<string> Prohibited, HashSet<string> High, HashSet<string> Elevated);

    /// <summary>Points per factor.</summary>
    public sealed record PointSettings(
        int ResidenceProhibited,
        int ResidenceHigh,
        int ResidenceElevated,
        int NationalityProhibited,
        int NationalityHigh,
        int NationalityElevated,
        int NearMissEach,
        int NearMissMax,
        int DuplicateIdentity,
        int SourceOfFundsMissing);

    /// <summary>Declared monthly activity from <see cref="From"/> (minor units) up scores <see cref="Points"/>.</summary>
    public sealed record ActivityBand(long From, int Points);

    /// <summary>Triggers of ongoing monitoring.</summary>
    public sealed record MonitoringSettings(long LargeDeposit, int ActivityMultiple, long ActivityFloor, int AlertScore, int EddReviewDays);
}
