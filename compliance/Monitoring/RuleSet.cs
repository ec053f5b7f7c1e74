using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baas.Compliance.Monitoring;

/// <summary>The behaviours monitoring knows how to look for; a rule names one and sets its parameters.</summary>
public static class RuleKinds
{
    /// <summary>Cash deposits or withdrawals just under the CTR threshold that add up above it within a window.</summary>
    public const string Structuring = "structuring";

    /// <summary>Money in and most of it out again within hours.</summary>
    public const string RapidMovement = "rapid_movement";

    /// <summary>Activity with a merchant or counterparty in a listed country.</summary>
    public const string HighRiskJurisdiction = "high_risk_jurisdiction";

    /// <summary>A window's value far above the account's own daily baseline.</summary>
    public const string VolumeSpike = "volume_spike";

    /// <summary>Several large round amounts within a window.</summary>
    public const string RoundAmounts = "round_amounts";

    /// <summary>Money moving on an account that has been quiet for months.</summary>
    public const string DormantReactivation = "dormant_reactivation";

    /// <summary>Many small declined authorizations within minutes.</summary>
    public const string CardTesting = "card_testing";

    /// <summary>Outbound payments to many distinct counterparties within a window.</summary>
    public const string FanOut = "fan_out";

    /// <summary>Every kind, for validation and documentation.</summary>
    public static IReadOnlyList<string> All { get; } = [Structuring, RapidMovement, HighRiskJurisdiction, VolumeSpike, RoundAmounts, DormantReactivation, CardTesting, FanOut];
}

/// <summary>
/// One rule: its id (stable across versions, what alerts and backtests count by), its kind, its score and the
/// parameters its kind reads (the others must be absent). Amounts are minor units.
/// </summary>
public sealed record RuleDefinition
{
    /// <summary>Stable identifier, lower-case (for example <c>structuring</c>).</summary>
    public string Id { get; init; } = "";

    /// <summary>One of <see cref="RuleKinds.All"/>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>Risk score of an alert, 1 to 100.</summary>
    public int Score { get; init; }

    /// <summary>False to keep the rule in the file but not run it.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The rolling window, in hours.</summary>
    public double? WindowHours { get; init; }

    /// <summary>Smallest amount (or window total) that counts.</summary>
    public long? MinAmount { get; init; }

    /// <summary>Largest amount that counts (card testing: what a "small" authorization is).</summary>
    public long? MaxAmount { get; init; }

    /// <summary>Events needed in the window.</summary>
    public int? MinCount { get; init; }

    /// <summary>Structuring: a cash amount counts from this fraction of the CTR threshold up to just under it.</summary>
    public double? MinFraction { get; init; }

    /// <summary>Rapid movement: the share of the window's inflow that must leave again.</summary>
    public double? OutRatio { get; init; }

    /// <summary>Volume spike: how many times the baseline's daily average the window must reach.</summary>
    public double? Multiplier { get; init; }

    /// <summary>Volume spike: days of history the baseline averages over.</summary>
    public int? BaselineDays { get; init; }

    /// <summary>Volume spike: the account must be at least this old for a baseline to mean anything.</summary>
    public int? MinHistoryDays { get; init; }

    /// <summary>Dormant reactivation: days without activity that make an account dormant.</summary>
    public int? DormantDays { get; init; }

    /// <summary>Round amounts: the unit an amount must be a multiple of (10000 = $100.00).</summary>
    public long? Unit { get; init; }

    /// <summary>High-risk jurisdiction: countries for this rule; the set's list when absent.</summary>
    public IReadOnlyList<string>? Countries { get; init; }

    /// <summary>The window as a span (zero when the kind has none).</summary>
    [JsonIgnore]
    public TimeSpan Window => TimeSpan.FromHours(WindowHours ?? 0);
}

/// <summary>
/// A versioned set of monitoring rules: data, not code. Loaded from JSON (a file given to the compliance
/// component or to <c>baas compliance backtest</c>, or the built-in default), checked whole before use, and
/// recorded by version with every alert it raises.
/// </summary>
public sealed record RuleSet
{
    /// <summary>The built-in rule set's resource name.</summary>
    private const string DefaultResource = "Baas.Compliance.Monitoring.rules.default.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>The version every alert records (for example <c>2026.11.1</c>).</summary>
    public string Version { get; init; } = "";

    /// <summary>What changed in this version, for people.</summary>
    public string? Description { get; init; }

    /// <summary>Alerts scoring at or above this open or join a case; below it they are only recorded.</summary>
    public int TriageThreshold { get; init; } = 50;

    /// <summary>The currency transaction report threshold in minor units (cash over it in a business day is reported; structuring stays under it).</summary>
    public long CashThreshold { get; init; } = 1_000_000;

    /// <summary>High-risk countries (ISO 3166 alpha-2) for rules that do not name their own.</summary>
    public IReadOnlyList<string> HighRiskCountries { get; init; } = [];

    /// <summary>The rules, evaluated in this order.</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];

    /// <summary>The longest window any enabled rule looks back over (what each account's recent history keeps).</summary>
    [JsonIgnore]
    public TimeSpan LongestWindow => Rules.Where(r => r.Enabled).Select(r => r.Window).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>The built-in rule set.</summary>
    public static RuleSet Default { get; } = LoadDefault();

    /// <summary>Parses and checks a rule set; <see cref="InvalidDataException"/> names what is wrong.</summary>
    public static RuleSet Parse(string json)
    {
        RuleSet? set;
        try
        {
            set = JsonSerializer.Deserialize<RuleSet>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("the rule set is not valid JSON for this format: " + e.Message, e);
        }

        if (set is null)
        {
            throw new InvalidDataException("the rule set is empty");
        }

        set.Validate();
        return set;
    }

    /// <summary>Reads and checks a rule set file.</summary>
    public static RuleSet Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The rule set as JSON (what is stored with its version).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static RuleSet LoadDefault()
    {
        using var stream = typeof(RuleSet).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"embedded resource {DefaultResource} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private void Validate()
    {
        if (string.IsNullOrWhiteSpace(Version) || Version.Length > 64)
        {
            throw new InvalidDataException("version is required (at most 64 characters)");
        }

        if (TriageThreshold is < 1 or > 100)
        {
            throw new InvalidDataException("triageThreshold must be 1 to 100");
        }

        if (CashThreshold <= 0)
        {
            throw new InvalidDataException("cashThreshold must be a positive amount in minor units");
        }

        foreach (var country in HighRiskCountries.Concat(Rules.SelectMany(r => r.Countries ?? [])))
        {
            if (country is not { Length: 2 } || !country.All(char.IsAsciiLetterUpper))
            {
                throw new InvalidDataException($"country '{country}' is not an ISO 3166 alpha-2 code");
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            var at = $"rule '{rule.Id}'";
            if (rule.Id.Length is 0 or > 40 || !rule.Id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                throw new InvalidDataException($"{at}: id must be 1 to 40 lower-case letters, digits or underscores");
            }

            if (!ids.Add(rule.Id))
            {
                throw new InvalidDataException($"{at}: the id is used twice");
            }

            if (!RuleKinds.All.Contains(rule.Kind))
            {
                throw new InvalidDataException($"{at}: kind '{rule.Kind}' is not one of {string.Join(", ", RuleKinds.All)}");
            }

            if (rule.Score is < 1 or > 100)
            {
                throw new InvalidDataException($"{at}: score must be 1 to 100");
            }

            var needs = rule.Kind switch
            {
                RuleKinds.Structuring => (string[])["windowHours", "minFraction", "minCount"],
                RuleKinds.RapidMovement => ["windowHours", "minAmount", "outRatio"],
                RuleKinds.HighRiskJurisdiction => ["minAmount"],
                RuleKinds.VolumeSpike => ["windowHours", "minAmount", "multiplier", "baselineDays", "minHistoryDays"],
                RuleKinds.RoundAmounts => ["windowHours", "minAmount", "unit", "minCount"],
                RuleKinds.DormantReactivation => ["minAmount", "dormantDays"],
                RuleKinds.CardTesting => ["windowHours", "maxAmount", "minCount"],
                RuleKinds.FanOut => ["windowHours", "minAmount", "minCount"],
                _ => [],
            };
            var present = new Dictionary<string, object?>
            {
                ["windowHours"] = rule.WindowHours,
                ["minAmount"] = rule.MinAmount,
                ["maxAmount"] = rule.MaxAmount,
                ["minCount"] = rule.MinCount,
                ["minFraction"] = rule.MinFraction,
                ["outRatio"] = rule.OutRatio,
                ["multiplier"] = rule.Multiplier,
                ["baselineDays"] = rule.BaselineDays,
                ["minHistoryDays"] = rule.MinHistoryDays,
                ["dormantDays"] = rule.DormantDays,
                ["unit"] = rule.Unit,
                ["countries"] = rule.Countries,
            };
            foreach (var (name, value) in present)
            {
                var wanted = needs.Contains(name) || (name == "countries" && rule.Kind == RuleKinds.HighRiskJurisdiction);
                if (needs.Contains(name) && value is null)
                {
                    throw new InvalidDataException($"{at}: {rule.Kind} needs {name}");
                }

                if (!wanted && value is not null)
                {
                    throw new InvalidDataException($"{at}: {rule.Kind} does not read {name}");
                }
            }

            if (rule.WindowHours is { } w && w is <= 0 or > 24 * 31)
            {
                throw new InvalidDataException($"{at}: windowHours must be more than 0 and at most 744 (31 days)");
            }

            if (rule.MinAmount < 0 || rule.MaxAmount <= 0 || rule.MinCount < 1 || rule.Unit <= 0)
            {
                throw new InvalidDataException($"{at}: amounts, counts and units must be positive");
            }

            if (rule.MinFraction is { } f && f is <= 0 or >= 1)
            {
                throw new InvalidDataException($"{at}: minFraction must be between 0 and 1");
            }

            if (rule.OutRatio is { } o && o is <= 0 or > 1)
            {
                throw new InvalidDataException($"{at}: outRatio must be more than 0 and at most 1");
            }

            if (rule.Multiplier is { } m && m <= 1)
            {
                throw new InvalidDataException($"{at}: multiplier must be more than 1");
            }

            if (rule.BaselineDays is < 1 or > 90 || rule.MinHistoryDays is < 1 or > 90 || rule.DormantDays is < 1 or > 3650)
            {
                throw new InvalidDataException($"{at}: baselineDays and minHistoryDays must be 1 to 90, dormantDays 1 to 3650");
            }

            if (rule.Kind == RuleKinds.HighRiskJurisdiction && (rule.Countries ?? HighRiskCountries).Count == 0)
            {
                throw new InvalidDataException($"{at}: no countries (give the rule countries, or the set highRiskCountries)");
            }
        }
    }
}
