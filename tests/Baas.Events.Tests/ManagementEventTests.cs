using System.Text.Json;

namespace Baas.Events.Tests;

/// <summary>Management bodies are camelCase JSON; every type decodes back to what was encoded.</summary>
public sealed class ManagementEventTests
{
    private static readonly CardControls Controls = new()
    {
        PerTransactionLimit = 50_000,
        DailyLimit = 100_000,
        MonthlyLimit = 1_000_000,
        DailyCount = 20,
        AtmDailyLimit = 40_000,
        MccAllow = ["5411", "5812"],
        MccBlock = ["7995"],
        CountryBlock = ["KP", "IR"],
        Ecommerce = false,
        Atm = false,
        Contactless = true,
        MagneticStripe = false,
        International = false,
    };

    private static readonly Dictionary<string, ManagementEvent> Samples = new ManagementEvent[]
    {
        new ProgramCreated("prog_1", "Program One", ["400000", "511111"], new ProgramSettings { HoldDays = 5, ExtendedHoldDays = 20, Country = "GB", TipTolerancePercent = 25, DefaultTolerancePercent = 3, FuelClearingMax = 12_500, HighRiskSingleMax = 0, CardTestingDeclines = 4 }),
        new ProgramKeyCreated("prog_1", "key_1", "c0ffee"),
        new AccountOpened("acct_1", "prog_1", "USD", 5_000),
        new CardIssued("card_1", "acct_1", "prog_1", new string('a', 64), "7899", "2812", "debit", "active", Controls, "cvvhash", "pinhash"),
        new CardIssued("card_2", "acct_1", "prog_1", new string('b', 64), "1234", "2901", "prepaid", "ordered", CardControls.None, null, null),
        new CardStateChanged("card_1", new string('a', 64), "active", "frozen", "cardholder request"),
        new CardStateChanged("card_1", new string('a', 64), "frozen", "active", null),
        new ControlsChanged("card_1", new string('a', 64), Controls),
        new AccountCredited("acct_1", 10_000, "USD", "opening", 10_000),
        new AccountDebited("acct_1", 2_500, "USD", "fee", 7_500),
        new FundsReserved("acct_1", 42, 1_000, "USD", "payment_1", 1_795_000_000_000, 1_000),
        new ReservationReleased("acct_1", 42, 1_000, true, "payment_1", 0, 6_500),
        new AccountStateChanged("acct_1", "frozen", "restricted", "kyc review"),
        new AccountStateChanged("acct_2", "active", "ok", null),
    }.Select((e, i) => (Name: $"{i:D2}_{e.GetType().Name}", Event: e)).ToDictionary(x => x.Name, x => x.Event);

    public static TheoryData<string> SampleNames => new(Samples.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Json_body_decodes_back_to_the_same_event(string name)
    {
        var original = Samples[name];
        var body = original.Encode();
        var decoded = ManagementEvent.Decode(original.Type, body);

        Assert.NotNull(decoded);
        Assert.IsType(original.GetType(), decoded);
        Assert.Equal(original.Type, decoded.Type);
        Assert.Equal(Canonical(body), Canonical(decoded.Encode()));
        Assert.Equal(Canonical(JsonSerializer.SerializeToUtf8Bytes(original, original.GetType(), EventJson.Options)), Canonical(body));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Json_body_is_camel_case_without_nulls_or_the_type(string name)
    {
        var original = Samples[name];
        using var doc = JsonDocument.Parse(original.Encode());
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            Assert.True(char.IsLower(property.Name[0]), $"{property.Name} is not camelCase");
            Assert.NotEqual(JsonValueKind.Null, property.Value.ValueKind);
            Assert.NotEqual("type", property.Name);
        }
    }

    [Fact]
    public void Every_management_type_has_a_sample_and_a_decoder()
    {
        var sampled = Samples.Values.Select(e => e.Type).ToHashSet();
        var recordTypes = typeof(ManagementEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ManagementEvent)) && !t.IsAbstract)
            .ToList();
        foreach (var type in Enum.GetValues<EventType>().Where(t => t != EventType.None && !EventTypes.IsCardEvent(t)))
        {
            Assert.Contains(type, sampled);
        }

        Assert.Equal(recordTypes.Count, sampled.Count);
    }

    [Fact]
    public void Specific_values_survive_the_round_trip()
    {
        var issued = (CardIssued)ManagementEvent.Decode(EventType.CardIssued, new CardIssued("card_1", "acct_1", "prog_1", "tok", "7899", "2812", "debit", "active", Controls, null, "pin").Encode())!;
        Assert.Equal(["5411", "5812"], issued.Controls.MccAllow!);
        Assert.Equal(["KP", "IR"], issued.Controls.CountryBlock!);
        Assert.False(issued.Controls.Atm);
        Assert.Equal(50_000, issued.Controls.PerTransactionLimit);
        Assert.Null(issued.Cvv2Hash);
        Assert.Equal("pin", issued.PinHash);

        var program = (ProgramCreated)ManagementEvent.Decode(EventType.ProgramCreated, new ProgramCreated("p", "P", ["400000"], new ProgramSettings()).Encode())!;
        Assert.Equal(["400000"], program.Bins);
        Assert.Equal(new ProgramSettings(), program.Settings);
    }

    [Fact]
    public void Card_types_unknown_types_and_bad_json_do_not_decode()
    {
        var body = new AccountOpened("a", "p", "USD", 0).Encode();
        Assert.Null(ManagementEvent.Decode(EventType.Authorization, body));
        Assert.Null(ManagementEvent.Decode(EventType.None, body));
        Assert.Null(ManagementEvent.Decode((EventType)200, body));
        Assert.Null(ManagementEvent.Decode(EventType.AccountOpened, "{not json"u8));
        Assert.Null(ManagementEvent.Decode(EventType.AccountOpened, ""u8));
    }

    private static string Canonical(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement);
    }
}
