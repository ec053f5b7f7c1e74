using System.Text.Json.Serialization;

namespace Baas.SwitchSim.Cards;

/// <summary>Controls the generator sets and the oracle mirrors (a subset of the authorizer's).</summary>
public sealed record SimControls
{
    [JsonPropertyName("perTransactionLimit")]
    public long? PerTransactionLimit { get; init; }

    [JsonPropertyName("dailyLimit")]
    public long? DailyLimit { get; init; }

    [JsonPropertyName("dailyCount")]
    public int? DailyCount { get; init; }

    [JsonPropertyName("atmDailyLimit")]
    public long? AtmDailyLimit { get; init; }

    [JsonPropertyName("ecommerce")]
    public bool Ecommerce { get; init; } = true;

    [JsonPropertyName("atm")]
    public bool Atm { get; init; } = true;
}

/// <summary>An account as the sim knows it: its id and opening balance (minor units).</summary>
public sealed record SimAccount(string Id, long Balance);

/// <summary>A card as the sim knows it (the PAN is the sim's, a test number in a test BIN).</summary>
public sealed record SimCard(string Id, string AccountId, string Pan, string Expiry, string Cvv2, string Pin, SimControls Controls);
