using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Baas.Host.Cli;

/// <summary>
/// <c>baas kyc scenario</c>, the demo's KYC part: onboards a handful of customers through the simulator provider
/// (approved, a document resubmission, a sanctions near-match held for EDD, elevated risk, an implausible address
/// rejected), opens their accounts and issues their cards (only approved customers' cards activate), then shows
/// ongoing monitoring: a large deposit asks for EDD, a purchase in a sanctioned country suspends the customer and
/// the card declines with 62 until a reviewer reinstates them. Exits 1 when any outcome differs from the expected.
/// </summary>
internal static class KycScenario
{
    private const string Program = "onboard";

    private static readonly string[] Bins = ["490002"];

    private static readonly string[] Glare = ["glare"];

    public static Command Create()
    {
        var http = new Option<string>("--http") { Description = "The authorizer's management API.", Required = true };
        var kyc = new Option<string?>("--kyc") { Description = "The KYC component's API (default: --http, both in one process)." };
        var key = new Option<string>("--key") { Description = "The administrator's bearer key.", Required = true };
        var iso = new Option<string>("--iso") { Description = "The authorizer's ISO 8583 listener, host:port (ascii profile, binary2 framing).", Required = true };
        var command = new Command("scenario", "Onboard customers through the simulator provider and show KYC's outcomes and ongoing monitoring (the demo's KYC part).") { http, kyc, key, iso };
        command.SetAction(async (r, cancellation) =>
        {
            var authorizer = ComplianceScenario.Client(r.GetValue(http)!, r.GetValue(key)!);
            var api = ComplianceScenario.Client(r.GetValue(kyc) ?? r.GetValue(http)!, r.GetValue(key)!);
            try
            {
                return await RunAsync(authorizer, api, r.GetValue(iso)!, cancellation);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
            {
                await Console.Error.WriteLineAsync("kyc scenario: " + e.Message);
                return 2;
            }
        });
        var group = new Command("kyc", "KYC tools.");
        group.Subcommands.Add(command);
        return group;
    }

    private sealed record Applicant(string Label, string First, string Last, string Line1, string Ssn, string Nationality, string Funds, string Expected, string[] DocumentOutcomes);

    private static async Task<int> RunAsync(HttpClient authorizer, HttpClient kyc, string iso, CancellationToken cancellation)
    {
        await ComplianceScenario.PostAsync(authorizer, "/v1/programs", new { id = Program, name = "KYC demo", bins = Bins }, allowConflict: true);
        var run = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        Applicant[] applicants =
        [
            new("approved", "Maria", "Gonzalez", "1420 Maple Avenue", "536-22-1234", "US", "salary", "APPROVED_STANDARD", ["pass"]),
            new("resubmitted", "Jamal", "Carter", "88 Harbor View Road", "536-22-1235", "US", "salary", "APPROVED_STANDARD", ["retry", "pass"]),
            new("sanctions near-match", "Elvis Angus Logan", "Morey", "9 Elm Court", "536-22-1236", "US", "savings", "PENDING_EDD", ["pass"]),
            new("elevated risk", "Ivan", "Petrov", "301 Lake Shore Drive", "536-22-1237", "RU", "crypto", "PENDING_EDD", ["pass"]),
            new("implausible address", "Pat", "Lee", "PO Box 4471", "536-22-1238", "US", "salary", "REJECTED", []),
        ];

        Console.WriteLine($"KYC: onboarding {applicants.Length} customers through the simulator provider (program '{Program}')");
        var failures = new List<string>();
        var rows = new List<(Applicant A, string Id, string State, string Cause, string Card, string? Pan)>();
        var n = 0;
        foreach (var a in applicants)
        {
            n++;
            var created = await Call(kyc, "/v1/customers", new
            {
                firstName = a.First,
                lastName = a.Last,
                dateOfBirth = "1986-03-14",
                address = new { line1 = a.Line1, city = "Springfield", state = "IL", postalCode = "62704", country = "US" },
                identifier = new { type = "ssn", value = a.Ssn },
                nationality = a.Nationality,
                programId = Program,
                sourceOfFunds = a.Funds,
                expectedMonthlyVolume = 400_000,
            }, $"onboard-{run}-{n}");
            var id = created.GetProperty("id").GetString()!;
            var state = created.GetProperty("state").GetString()!;
            if (state != "REJECTED")
            {
                foreach (var outcome in a.DocumentOutcomes)
                {
                    state = (await Call(kyc, $"/v1/customers/{id}/documents", new { provider = "simulator", outcome, reasons = outcome == "retry" ? Glare : null })).GetProperty("state").GetString()!;
                }

                state = (await Call(kyc, $"/v1/customers/{id}/liveness", new { provider = "simulator", outcome = "pass" })).GetProperty("state").GetString()!;
            }

            var customer = await Get(kyc, $"/v1/customers/{id}");
            var cause = customer.GetProperty("history").EnumerateArray().Last().GetProperty("cause").GetString()!;
            string card = "-";
            string? pan = null;
            if (state != "REJECTED")
            {
                // The account comes from KYC (its customer status follows the state); the card is issued pending activation.
                var account = (await Call(kyc, $"/v1/customers/{id}/accounts", new { currency = "USD" })).GetProperty("accounts")[0].GetProperty("accountId").GetString()!;
                await ComplianceScenario.Credit(authorizer, account, 50_000, $"payroll-{run}-{n}", "ach", "US", "employer payroll");
                pan = ComplianceScenario.Pan("490002", int.Parse(run, System.Globalization.CultureInfo.InvariantCulture) * 10 + n);
                var issued = await ComplianceScenario.PostAsync(authorizer, "/v1/cards", new { accountId = account, pan, expiry = "3012", type = "virtual", state = "pending_activation" });
                using var activation = await authorizer.PostAsJsonAsync(new Uri($"/v1/cards/{issued.GetProperty("id").GetString()}/state", UriKind.Relative), new { state = "active", reason = "cardholder activation" }, cancellation);
                card = activation.IsSuccessStatusCode ? "active" : activation.StatusCode == HttpStatusCode.Conflict ? "activation refused" : $"error {(int)activation.StatusCode}";
            }

            rows.Add((a, id, state, cause, card, pan));
            if (state != a.Expected)
            {
                failures.Add($"{a.Label}: {state}, expected {a.Expected}");
            }

            if ((card == "active") != (state == "APPROVED_STANDARD") && state != "REJECTED")
            {
                failures.Add($"{a.Label}: card {card} in {state}");
            }
        }

        Console.WriteLine($"  {"customer",-22} {"applicant",-26} {"state",-19} {"last cause",-26} card");
        foreach (var (a, id, state, cause, card, _) in rows)
        {
            Console.WriteLine($"  {id,-22} {a.First + " " + a.Last,-26} {state,-19} {cause,-26} {card}  ({a.Label})");
        }

        // Ongoing monitoring, from the authorization log.
        var watched = rows[0];
        var traveller = rows[1];
        var watchedAccount = (await Get(kyc, $"/v1/customers/{watched.Id}")).GetProperty("accounts")[0].GetProperty("accountId").GetString()!;
        Console.WriteLine("Ongoing monitoring:");
        await ComplianceScenario.Credit(authorizer, watchedAccount, 1_500_000, $"wire-{run}", "wire", "US", "Northwind Holdings");
        var edd = await WaitForAsync(kyc, watched.Id, "APPROVED_EDD_REQUIRED", cancellation);
        Console.WriteLine($"  a $15,000.00 wire in to {watched.Id}: {edd.State} ({edd.Cause})");
        if (edd.State != "APPROVED_EDD_REQUIRED")
        {
            failures.Add("the large deposit did not ask for EDD");
        }

        string before, after, reinstated;
        await using (var network = await ComplianceScenario.IsoLink.ConnectAsync(iso, cancellation))
        {
            before = await network.AuthorizeAsync(traveller.Pan!, 4_500, "IR", "TEHRAN BAZAAR", cancellation);
            var suspended = await WaitForAsync(kyc, traveller.Id, "SUSPENDED_PENDING_REVIEW", cancellation);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            after = await network.AuthorizeAsync(traveller.Pan!, 1_000, "US", "CORNER SHOP", cancellation);
            Console.WriteLine($"  a purchase in Iran on {traveller.Id}'s card (answered {before}): {suspended.State} ({suspended.Cause}); the next authorization answers {after}");
            await Call(kyc, $"/v1/customers/{traveller.Id}/review", new { decision = "approve", reason = "cardholder travelled; merchant misconfigured", reviewer = "demo-analyst", edd = true });
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            reinstated = await network.AuthorizeAsync(traveller.Pan!, 1_000, "US", "CORNER SHOP", cancellation);
            Console.WriteLine($"  a reviewer reinstates them with EDD: the card answers {reinstated}");
        }

        if (after != "62" || reinstated != "00")
        {
            failures.Add($"suspension answered {after} and reinstatement {reinstated} (expected 62 and 00)");
        }

        foreach (var failure in failures)
        {
            Console.WriteLine("  UNEXPECTED: " + failure);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task<(string State, string Cause)> WaitForAsync(HttpClient kyc, string id, string state, CancellationToken cancellation)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var customer = await Get(kyc, $"/v1/customers/{id}");
            var now = customer.GetProperty("state").GetString()!;
            if (now == state || DateTime.UtcNow > until)
            {
                return (now, customer.GetProperty("history").EnumerateArray().Last().GetProperty("cause").GetString()!);
            }

            await Task.Delay(200, cancellation);
        }
    }

    private static async Task<JsonElement> Call(HttpClient http, string path, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {ComplianceScenario.Error(text)}");
    }

    private static async Task<JsonElement> Get(HttpClient http, string path)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative)));
        return doc.RootElement.Clone();
    }
}
