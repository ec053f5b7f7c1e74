using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Baas.Iso8583;

namespace Baas.SwitchSim.Cards;

/// <summary>
/// Deterministic test cards as the authorizer's <c>POST /v1/import</c> NDJSON: a program line, then for each
/// account an account line, its cards and an opening credit. The sim reads the same file to know its cards.
/// PANs are Luhn-valid numbers in the given BIN; nothing here is a real card.
/// </summary>
public static class CardFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes <paramref name="count"/> cards; every tenth account holds two cards sharing its balance.</summary>
    public static void Generate(TextWriter output, int count, int seed, string programId, string bin, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rng = new Random(seed);
        output.WriteLine(JsonSerializer.Serialize(new { type = "program", id = programId, name = "Switch-sim program " + programId, bins = new[] { bin } }, Json));
        var cards = 0;
        var accountNo = 0;
        var serial = seed * 1_000_000L;
        while (cards < count)
        {
            accountNo++;
            var accountId = $"{programId}-a{accountNo:D7}";
            var balance = rng.Next(5_000, 200_000);
            output.WriteLine(JsonSerializer.Serialize(new { type = "account", id = accountId, programId, currency = "USD" }, Json));
            var perAccount = accountNo % 10 == 0 && cards + 2 <= count ? 2 : 1;
            for (var i = 0; i < perAccount; i++)
            {
                cards++;
                serial++;
                var pan = MakePan(bin, serial);
                var expiry = now.AddMonths(rng.Next(13, 60)).ToString("yyMM", CultureInfo.InvariantCulture);
                var controls = new SimControls
                {
                    PerTransactionLimit = rng.Next(100) < 20 ? 50_000 : null,
                    DailyLimit = rng.Next(100) < 10 ? 100_000 : null,
                    DailyCount = rng.Next(100) < 5 ? 20 : null,
                    AtmDailyLimit = 30_000,
                    Ecommerce = rng.Next(100) >= 5,
                };
                output.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        type = "card",
                        id = $"{programId}-c{cards:D7}",
                        accountId,
                        pan,
                        expiry,
                        cvv2 = rng.Next(1000).ToString("D3", CultureInfo.InvariantCulture),
                        pin = rng.Next(10000).ToString("D4", CultureInfo.InvariantCulture),
                        controls,
                    },
                    Json));
            }

            output.WriteLine(JsonSerializer.Serialize(new { type = "credit", accountId, amount = balance, reference = "sim-opening" }, Json));
        }
    }

    /// <summary>Reads a card file back: accounts with opening balances, and cards.</summary>
    public static (IReadOnlyList<SimAccount> Accounts, IReadOnlyList<SimCard> Cards) Read(string path)
    {
        var balances = new Dictionary<string, long>(StringComparer.Ordinal);
        var order = new List<string>();
        var cards = new List<SimCard>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            switch (root.GetProperty("type").GetString())
            {
                case "account":
                    var id = root.GetProperty("id").GetString()!;
                    balances[id] = 0;
                    order.Add(id);
                    break;
                case "credit":
                    var account = root.GetProperty("accountId").GetString()!;
                    balances[account] = balances.GetValueOrDefault(account) + root.GetProperty("amount").GetInt64();
                    break;
                case "card":
                    cards.Add(new SimCard(
                        root.GetProperty("id").GetString()!,
                        root.GetProperty("accountId").GetString()!,
                        root.GetProperty("pan").GetString()!,
                        root.GetProperty("expiry").GetString()!,
                        root.TryGetProperty("cvv2", out var cvv) ? cvv.GetString()! : "",
                        root.TryGetProperty("pin", out var pin) ? pin.GetString()! : "",
                        root.TryGetProperty("controls", out var c) ? c.Deserialize<SimControls>(Json) ?? new SimControls() : new SimControls()));
                    break;
                default:
                    break;
            }
        }

        return (order.Select(a => new SimAccount(a, balances[a])).ToList(), cards);
    }

    private static string MakePan(string bin, long serial)
    {
        var body = bin + (serial % 1_000_000_000L).ToString("D9", CultureInfo.InvariantCulture);
        return body + Luhn.CheckDigit(body);
    }
}
