using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Baas.Host.Cli;

/// <summary>
/// <c>baas payments scenario</c>, the demo's payments part (payments running with <c>--bank-sim</c>): a payroll
/// direct deposit funds three accounts (pending until the bank confirms, then available), then outbound ACH, RTP,
/// FedNow and wire payments, an ACH pull, a payment returned R01, one the balance cannot cover, and one held for a
/// sanctions review; prints each payment's final state. Exits 1 when any ends other than expected.
/// </summary>
internal static class PaymentsScenario
{
    private static readonly string[] Bins = ["490003"];

    public static Command Create()
    {
        var http = new Option<string>("--http") { Description = "The authorizer's management API.", Required = true };
        var payments = new Option<string?>("--payments") { Description = "The payments component's API (default: --http, both in one process)." };
        var key = new Option<string>("--key") { Description = "The administrator's bearer key.", Required = true };
        var command = new Command("scenario", "Fund accounts by direct deposit and send payments on every rail through the sponsor-bank simulator (the demo's payments part).") { http, payments, key };
        command.SetAction(async (r, cancellation) =>
        {
            var authorizer = ComplianceScenario.Client(r.GetValue(http)!, r.GetValue(key)!);
            var api = ComplianceScenario.Client(r.GetValue(payments) ?? r.GetValue(http)!, r.GetValue(key)!);
            try
            {
                return await RunAsync(authorizer, api, cancellation);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or TimeoutException)
            {
                await Console.Error.WriteLineAsync("payments scenario: " + e.Message);
                return 2;
            }
        });
        return command;
    }

    private sealed record Planned(string Label, object Body, string Expected);

    private static async Task<int> RunAsync(HttpClient authorizer, HttpClient payments, CancellationToken cancellation)
    {
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        await ComplianceScenario.PostAsync(authorizer, "/v1/programs", new { id = "pay", name = "Payments demo", bins = Bins }, allowConflict: true);
        string[] accounts = [$"pay-a-{run}", $"pay-b-{run}", $"pay-c-{run}"];
        foreach (var account in accounts)
        {
            await ComplianceScenario.PostAsync(authorizer, "/v1/accounts", new { id = account, programId = "pay", currency = "USD" });
        }

        Console.WriteLine("Payments: a payroll direct deposit (ACH PPD credits) to three accounts through the sponsor-bank simulator");
        var deposit = await ComplianceScenario.PostAsync(payments, "/v1/bank-sim/deposits", new
        {
            employer = "ACME PAYROLL",
            credits = accounts.Select((a, i) => new { accountId = a, amount = 350_000 + (i * 50_000), name = "EMPLOYEE " + (i + 1) }),
        });
        Console.WriteLine($"  file {deposit.GetProperty("file").GetString()} arrives in the inbox");
        var pending = await WaitAsync(payments, $"/v1/payments?accountId={accounts[0]}", p => p.Count > 0, cancellation);
        var available = (await Get(authorizer, $"/v1/accounts/{accounts[0]}")).GetProperty("available").GetInt64();
        Console.WriteLine($"  {accounts[0]}: deposit {pending[0].GetProperty("state").GetString()}, available {Usd(available)} (not yet confirmed)");
        foreach (var account in accounts)
        {
            await WaitAsync(payments, $"/v1/payments?accountId={account}&state=settled", p => p.Count > 0, cancellation);
        }

        available = (await Get(authorizer, $"/v1/accounts/{accounts[0]}")).GetProperty("available").GetInt64();
        Console.WriteLine($"  the bank confirms: settled, {accounts[0]} available {Usd(available)}");

        static object Us(string name, string account, string type = "checking") => new { name, routingNumber = "021000021", accountNumber = account, accountType = type };
        Planned[] planned =
        [
            new("ACH rent (next-day)", new { accountId = accounts[0], direction = "credit", amount = 120_000, currency = "USD", counterparty = Us("Oak Street Properties", "445566778"), rail = "ach", purpose = "rent" }, "settled"),
            new("ACH pull from savings", new { accountId = accounts[1], direction = "debit", amount = 25_000, currency = "USD", counterparty = Us("Pat Lee", "998877665", "savings"), rail = "auto", purpose = "top-up" }, "settled"),
            new("ACH to a closed account", new { accountId = accounts[1], direction = "credit", amount = 15_000, currency = "USD", counterparty = Us("Old Landlord LLC", "R02334455"), rail = "ach_same_day", purpose = "deposit refund" }, "returned"),
            new("RTP instant", new { accountId = accounts[0], direction = "credit", amount = 7_500, currency = "USD", counterparty = Us("Maria Gonzalez", "112233445"), rail = "rtp", purpose = "dinner" }, "settled"),
            new("auto, instant", new { accountId = accounts[2], direction = "credit", amount = 20_000, currency = "USD", counterparty = Us("City Utilities", "667788990"), rail = "auto", purpose = "utility bill", requestedSettlement = "instant" }, "settled"),
            new("wire to an IBAN", new { accountId = accounts[2], direction = "credit", amount = 150_000, currency = "USD", counterparty = new { name = "Hans Muster", iban = "DE89370400440532013000", bic = "COBADEFFXXX" }, rail = "auto", purpose = "invoice 2026-117" }, "settled"),
            new("sanctioned counterparty", new { accountId = accounts[2], direction = "credit", amount = 5_000, currency = "USD", counterparty = Us("Elvis Angus Logan Morey", "556677889"), rail = "rtp", purpose = "gift" }, "held_for_review"),
            new("more than the balance", new { accountId = accounts[1], direction = "credit", amount = 9_000_000, currency = "USD", counterparty = Us("Car Dealer", "223344556"), rail = "wire", purpose = "car" }, "failed"),
        ];

        var made = new List<(Planned Plan, string? Id, string State, string Rail)>();
        var n = 0;
        foreach (var p in planned)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/payments", UriKind.Relative)) { Content = JsonContent.Create(p.Body) };
            request.Headers.Add("Idempotency-Key", $"demo-{run}-{++n}");
            using var response = await payments.SendAsync(request, cancellation);
            var text = await response.Content.ReadAsStringAsync(cancellation);
            if (!response.IsSuccessStatusCode)
            {
                made.Add((p, null, (int)response.StatusCode == 422 ? "failed" : $"error {(int)response.StatusCode}", "-"));
                Console.WriteLine($"  {p.Label}: refused ({(int)response.StatusCode}): {ComplianceScenario.Error(text)}");
                continue;
            }

            using var doc = JsonDocument.Parse(text);
            made.Add((p, doc.RootElement.GetProperty("id").GetString(), doc.RootElement.GetProperty("state").GetString()!, doc.RootElement.GetProperty("rail").GetString()!));
        }

        var cutoff = await ComplianceScenario.PostAsync(payments, "/v1/payments/cutoff?rail=ach", new { });
        Console.WriteLine($"  ACH cut-off now: {cutoff.GetProperty("file").GetString() ?? "nothing waiting"} ({cutoff.GetProperty("entries").GetInt32()} entries, {Usd(cutoff.GetProperty("total").GetInt64())})");

        var until = DateTime.UtcNow.AddSeconds(60);
        var final = new List<(Planned Plan, string? Id, string State, string Rail, string Cause)>();
        while (true)
        {
            final.Clear();
            foreach (var (plan, id, state, rail) in made)
            {
                if (id is null)
                {
                    final.Add((plan, id, state, rail, "refused"));
                    continue;
                }

                var p = await Get(payments, $"/v1/payments/{id}");
                final.Add((plan, id, p.GetProperty("state").GetString()!, p.GetProperty("rail").GetString()!, p.GetProperty("history").EnumerateArray().Last().GetProperty("cause").GetString()!));
            }

            if (final.All(f => f.State == f.Plan.Expected) || DateTime.UtcNow > until)
            {
                break;
            }

            await Task.Delay(250, cancellation);
        }

        Console.WriteLine($"  {"payment",-22} {"what",-26} {"rail",-13} {"state",-16} last cause");
        foreach (var f in final)
        {
            Console.WriteLine($"  {f.Id ?? "-",-22} {f.Plan.Label,-26} {f.Rail,-13} {f.State,-16} {f.Cause}");
        }

        var outbox = (await Get(payments, "/v1/payments/events?after=0")).GetProperty("events").GetArrayLength();
        Console.WriteLine($"  {outbox} payment events published for compliance and KYC (GET /v1/payments/events)");
        var wrong = final.Where(f => f.State != f.Plan.Expected).ToList();
        foreach (var f in wrong)
        {
            Console.WriteLine($"  UNEXPECTED: {f.Plan.Label} is {f.State}, expected {f.Plan.Expected}");
        }

        return wrong.Count == 0 ? 0 : 1;
    }

    private static async Task<List<JsonElement>> WaitAsync(HttpClient http, string path, Func<List<JsonElement>, bool> done, CancellationToken cancellation)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var list = (await Get(http, path)).GetProperty("payments").EnumerateArray().ToList();
            if (done(list) || DateTime.UtcNow > until)
            {
                return list;
            }

            await Task.Delay(100, cancellation);
        }
    }

    private static async Task<JsonElement> Get(HttpClient http, string path)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative)));
        return doc.RootElement.Clone();
    }

    private static string Usd(long cents) => "$" + (cents / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);
}
