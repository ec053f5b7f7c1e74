using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baas.Events;

/// <summary>A management command as it was applied; its body is JSON in the log.</summary>
[JsonPolymorphic]
public abstract record ManagementEvent
{
    /// <summary>The event type this body belongs to.</summary>
    [JsonIgnore]
    public abstract EventType Type { get; }

    /// <summary>Encodes the body as UTF-8 JSON.</summary>
    public byte[] Encode() => JsonSerializer.SerializeToUtf8Bytes(this, GetType(), EventJson.Options);

    /// <summary>Decodes a body of the given type; null when the type is not a management event or the JSON is bad.</summary>
    public static ManagementEvent? Decode(EventType type, ReadOnlySpan<byte> body)
    {
        var target = type switch
        {
            EventType.ProgramCreated => typeof(ProgramCreated),
            EventType.ProgramKeyCreated => typeof(ProgramKeyCreated),
            EventType.AccountOpened => typeof(AccountOpened),
            EventType.CardIssued => typeof(CardIssued),
            EventType.CardStateChanged => typeof(CardStateChanged),
            EventType.ControlsChanged => typeof(ControlsChanged),
            EventType.AccountCredited => typeof(AccountCredited),
            EventType.AccountDebited => typeof(AccountDebited),
            EventType.FundsReserved => typeof(FundsReserved),
            EventType.ReservationReleased => typeof(ReservationReleased),
            EventType.AccountStateChanged => typeof(AccountStateChanged),
            _ => null,
        };
        if (target is null)
        {
            return null;
        }

        try
        {
            return (ManagementEvent?)JsonSerializer.Deserialize(body, target, EventJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Settings of a program: hold lifetimes, clearing tolerances, home country.</summary>
public sealed record ProgramSettings
{
    /// <summary>Days a hold lives by default.</summary>
    public int HoldDays { get; init; } = 7;

    /// <summary>Days a hold lives for lodging, car rental, cruise and pre-authorizations (at most 31).</summary>
    public int ExtendedHoldDays { get; init; } = 31;

    /// <summary>The program's home country (ISO 3166 alpha-2): other merchant countries are international.</summary>
    public string Country { get; init; } = "US";

    /// <summary>How much more than authorized a clearing may post for restaurants and bars (tips), in percent.</summary>
    public int TipTolerancePercent { get; init; } = 20;

    /// <summary>How much more than authorized a clearing may post at other merchants, in percent.</summary>
    public int DefaultTolerancePercent { get; init; }

    /// <summary>Fuel dispensers authorize a placeholder; a clearing may post up to this amount whatever was authorized.</summary>
    public long FuelClearingMax { get; init; } = 50000;

    /// <summary>Single transactions above this in a high-risk category (gambling, crypto, money transfer) are refused as suspected fraud; 0 turns the rule off.</summary>
    public long HighRiskSingleMax { get; init; } = 100000;

    /// <summary>Declines on one card within ten minutes that mark it as being tested; 0 turns the rule off.</summary>
    public int CardTestingDeclines { get; init; } = 8;
}

public sealed record ProgramCreated(string ProgramId, string Name, IReadOnlyList<string> Bins, ProgramSettings Settings) : ManagementEvent
{
    [JsonIgnore]
    public override EventType Type => EventType.ProgramCreated;
}

public sealed record ProgramKeyCreated(string ProgramId, string KeyId, string KeyHash) : ManagementEvent
{
    [JsonIgnore]
    public override EventType Type => EventType.ProgramKeyCreated;
}

public sealed record AccountOpened(string AccountId, string ProgramId, string Currency, long OverdraftLimit) : ManagementEvent
{
    [JsonIgnore]
    public override EventType Type => EventType.AccountOpened;
}

public sealed record CardIssued(
    string CardId,
    string AccountId,
    string ProgramId,
    string CardToken,
    string Last4,
    string Expiry,
    string CardType,
    string State,
    CardControls Controls,
    string? Cvv2Hash,
    string? PinHash) : ManagementEvent
{
    [JsonIgnore]
    public override EventType Type => EventType.CardIssued;
}

public sealed record CardStateChanged(string CardId, string CardToken, string From, string To, string? Reason) : ManagementEvent
{
    [JsonIgnore]
    public override EventType Type => EventType.CardStateChanged;
}

public sealed record ControlsChanged(string CardId, string CardToken, CardControls Controls) : ManagementEvent
{
    [JsonIgnore]
    public override EventType Type => EventType.ControlsChanged;
}

/// <summary>
/// Where money moved to or from, when the caller says: what monitoring reads (cash for structuring and CTRs, the
/// country for high-risk jurisdictions, the counterparty for rapid movement and fan-out). Absent on plain credits.
/// </summary>
/// <param name="Method">How it moved: cash, ach, wire, rtp, fednow, check, transfer, card or other.</param>
/// <param name="Country">ISO 3166 alpha-2 country of the counterparty or the place of the deposit.</param>
/// <param name="Counterparty">Who paid or was paid (a name or an id; never a card number).</param>
public sealed record MoneyDetails(string? Method, string? Country, string? Counterparty)
{
    /// <summary>The methods a credit or debit may name.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["cash", "ach", "wire", "rtp", "fednow", "check", "transfer", "card", "other"];
}

public sealed record AccountCredited(string AccountId, long Amount, string Currency, string Reference, long PostedAfter, MoneyDetails? Details = null) : ManagementEvent
{
    [JsonIgnore]
    public override EventType Type => EventType.AccountCredited;
}

public sealed record AccountDebited(string AccountId, long Amount, string Currency, string Reference, long PostedAfter, MoneyDetails? Details = null) : ManagementEvent
{
    [JsonIgnore]
    public override EventType Type => EventType.AccountDebited;
}

public sealed record FundsReserved(string AccountId, long ReservationId, long Amount, string Currency, string Reference, long ExpiresAt, long HeldAfter) : ManagementEvent
{
    [JsonIgnore]
    public override EventType Type => EventType.FundsReserved;
}

/// <summary>A reservation released; with <see cref="Posted"/> the amount was also debited (the payment settled).</summary>
public sealed record ReservationReleased(string AccountId, long ReservationId, long Amount, bool Posted, string Reference, long HeldAfter, long PostedAfter) : ManagementEvent
{
    [JsonIgnore]
    public override EventType Type => EventType.ReservationReleased;
}

/// <summary>An account's state (active, frozen, closed) or its customer's status (ok, restricted, suspended) changed.</summary>
public sealed record AccountStateChanged(string AccountId, string State, string CustomerStatus, string? Reason) : ManagementEvent
{
    [JsonIgnore]
    public override EventType Type => EventType.AccountStateChanged;
}

/// <summary>JSON options shared by every management body and the API.</summary>
public static class EventJson
{
    /// <summary>camelCase, enums as strings, nulls omitted.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
