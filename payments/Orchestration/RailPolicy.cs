using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baas.Payments.Orchestration;

/// <summary>One rail's configuration: its per-payment limit (minor units of USD; null for none), what an item costs us (cents), and for wires the cut-off (Eastern time).</summary>
public sealed record RailSettings(long? PerPaymentLimit, int Cost, string? Cutoff = null);

/// <summary>
/// Rail limits, costs, cut-off and reach as configuration (<c>payments/Orchestration/rails.default.json</c> is
/// the built-in one): same-day ACH up to $1M per entry, RTP up to $10M, FedNow at a participant default lower than
/// its $10M network maximum, wires without a limit until their cut-off.
/// </summary>
public sealed class RailPolicy
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Every rail name (declared before <see cref="Default"/>, which checks against it).</summary>
    public static IReadOnlyList<string> RailNames { get; } = ["ach", "ach_same_day", "rtp", "fednow", "wire"];

    public required string Version { get; init; }

    /// <summary>Settings per rail: ach, ach_same_day, rtp, fednow, wire.</summary>
    public required Dictionary<string, RailSettings> Rails { get; init; }

    /// <summary>Routing numbers an instant rail cannot reach (the receiving bank is not a participant), per rail.</summary>
    public Dictionary<string, HashSet<string>> Unreachable { get; init; } = [];

    /// <summary>The built-in policy.</summary>
    public static RailPolicy Default { get; } = Parse(ReadDefault());

    /// <summary>Loads and checks a policy file.</summary>
    public static RailPolicy Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses and checks a policy; <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static RailPolicy Parse(string json)
    {
        RailPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize<RailPolicy>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("the rail policy is not valid: " + e.Message, e);
        }

        if (policy is null || RailNames.Any(r => !policy.Rails.ContainsKey(r)) || policy.Rails.Keys.Any(r => !RailNames.Contains(r)))
        {
            throw new InvalidDataException("the rail policy lists exactly the rails " + string.Join(", ", RailNames));
        }

        if (policy.Rails.Values.Any(r => r.PerPaymentLimit is <= 0 || r.Cost < 0))
        {
            throw new InvalidDataException("rail limits are positive and costs not negative");
        }

        if (policy.Rails["wire"].Cutoff is not { } cutoff || !TimeOnly.TryParse(cutoff, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new InvalidDataException("wire needs a cutoff (HH:mm, Eastern time)");
        }

        return policy;
    }

    /// <summary>The wire cut-off, Eastern time.</summary>
    public TimeOnly WireCutoff => TimeOnly.Parse(Rails["wire"].Cutoff!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when the rail reaches the routing number.</summary>
    public bool Reaches(string rail, string? routingNumber) =>
        routingNumber is not null && !(Unreachable.TryGetValue(rail, out var blocked) && blocked.Contains(routingNumber));

    private static string ReadDefault()
    {
        using var stream = typeof(RailPolicy).Assembly.GetManifestResourceStream("Baas.Payments.rails.default.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
