using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baas.Authorizer.Tests.Harness;

namespace Baas.Authorizer.Tests;

/// <summary>
/// KYC and compliance in their own process, reading the authorizer's log from the real Redis stream, on a real
/// PostgreSQL: a card cannot be activated before its customer is approved; approval lets it authorize; a large
/// deposit asks for EDD; a purchase in a sanctioned country suspends the customer and the card declines with 62
/// over ISO 8583 until a reviewer reinstates them; a sanctions near-match waits in PENDING_EDD and an implausible
/// address is rejected without a provider call.
/// </summary>
public sealed class KycEndToEndTests
{
    [RequiresRedisServerFact]
    public async Task Onboarding_gates_the_card_and_monitoring_suspends_it_over_iso()
        => await ScratchDatabase.RunAsync("kyc_e2e", ScenarioAsync);

    private static object Applicant(string first, string last, string line1 = "1420 Maple Avenue", string ssn = "536-22-1234") => new
    {
        firstName = first,
        lastName = last,
        dateOfBirth = "1988-04-12",
        address = new { line1, city = "Springfield", state = "IL", postalCode = "62704", country = "US" },
        identifier = new { type = "ssn", value = ssn },
        nationality = "US",
        programId = "kyc-e2e",
        sourceOfFunds = "salary",
        expectedMonthlyVolume = 400_000,
    };

    private static async Task ScenarioAsync(string pg)
    {
        using var authDir = new TempDir();
        using var kycDir = new TempDir();
        await using var redis = await RedisServerProcess.StartAsync();
        await using var authorizer = await BaasServerProcess.StartAsync(authDir.Path, 60, "--redis", redis.EndPoint);
        await authorizer.CreateProgramAsync("kyc-e2e", "480000");
        await using var kyc = await BaasServerProcess.StartComponentsAsync(
            "compliance,kyc", kycDir.Path, 60, "--redis", redis.EndPoint, "--pg", pg, "--sanctions", ScratchDatabase.SanctionsTiny, "--authorizer-url", authorizer.Http.BaseAddress!.ToString());

        // Unauthenticated and malformed requests are refused with a message.
        using (var anonymous = new HttpClient { BaseAddress = kyc.Http.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/v1/customers", Applicant("A", "B"))).StatusCode);
        }

        var missing = await kyc.Http.PostAsJsonAsync("/v1/customers", new { firstName = "Only" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("lastName", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A customer, an account opened through KYC (restricted until approval), and a card that cannot be activated yet.
        var customer = await PostAsync(kyc, "/v1/customers", Applicant("Maria", "Gonzalez"), HttpStatusCode.Created);
        var id = customer.GetProperty("id").GetString()!;
        Assert.Equal("INITIATED", customer.GetProperty("state").GetString());
        var early = await kyc.Http.PostAsJsonAsync($"/v1/customers/{id}/liveness", new { provider = "simulator", outcome = "pass" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var withAccount = await PostAsync(kyc, $"/v1/customers/{id}/accounts", new { currency = "USD" }, HttpStatusCode.Created);
        var accountId = withAccount.GetProperty("accounts")[0].GetProperty("accountId").GetString()!;
        Assert.Equal("restricted", (await authorizer.GetJsonAsync($"/v1/accounts/{accountId}")).GetProperty("customerStatus").GetString());
        await authorizer.Http.PostAsJsonAsync($"/v1/accounts/{accountId}/credits", new { amount = 200_000, reference = "payroll-1" });
        var pan = Cards.NewPan("480000");
        Assert.Equal(HttpStatusCode.Conflict, (await authorizer.Http.PostAsJsonAsync("/v1/cards", new { accountId, pan, expiry = "2812", state = "active" })).StatusCode);
        var card = await PostAsync(authorizer, "/v1/cards", new { accountId, pan, expiry = "2812", state = "pending_activation" }, HttpStatusCode.Created);
        var cardId = card.GetProperty("id").GetString()!;
        var activate = await authorizer.Http.PostAsJsonAsync($"/v1/cards/{cardId}/state", new { state = "active", reason = "cardholder activation" });
        Assert.Equal(HttpStatusCode.Conflict, activate.StatusCode);
        Assert.Contains("not approved", await activate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Documents and liveness through the simulator provider: approved; the authorizer hears it; the card activates and authorizes.
        await PostAsync(kyc, $"/v1/customers/{id}/documents", new { provider = "simulator", outcome = "pass" }, HttpStatusCode.OK);
        var approved = await PostAsync(kyc, $"/v1/customers/{id}/liveness", new { provider = "simulator", outcome = "pass" }, HttpStatusCode.OK);
        Assert.Equal("APPROVED_STANDARD", approved.GetProperty("state").GetString());
        Assert.Equal("ok", (await authorizer.GetJsonAsync($"/v1/accounts/{accountId}")).GetProperty("customerStatus").GetString());
        await PostAsync(authorizer, $"/v1/cards/{cardId}/state", new { state = "active", reason = "cardholder activation" }, HttpStatusCode.OK);
        await using (var client = await authorizer.ConnectAsync())
        {
            Assert.Equal("00", (await client.SendAsync(Requests.Authorization(pan, 2_500))).Code());
        }

        // A large deposit, read from the stream: enhanced due diligence, the card still works.
        await authorizer.Http.PostAsJsonAsync($"/v1/accounts/{accountId}/credits", new { amount = 1_500_000, reference = "wire-in-1", method = "wire", country = "US", counterparty = "acme" });
        await WaitForStateAsync(kyc, id, "APPROVED_EDD_REQUIRED");

        // A purchase in a sanctioned country: suspended pending review, and within seconds the card declines with 62.
        var clock = Stopwatch.StartNew();
        await using (var client = await authorizer.ConnectAsync())
        {
            Assert.Equal("00", (await client.SendAsync(Requests.Authorization(pan, 1_000, country: "IR"))).Code());
        }

        var suspended = await WaitForStateAsync(kyc, id, "SUSPENDED_PENDING_REVIEW");
        Assert.Equal("sanctioned_jurisdiction", suspended.GetProperty("history").EnumerateArray().Last().GetProperty("cause").GetString());
        await WaitAsync(async () => (await authorizer.GetJsonAsync($"/v1/accounts/{accountId}")).GetProperty("customerStatus").GetString() == "suspended", "the suspension did not reach the authorizer");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"suspension took {clock.Elapsed}");
        await using (var client = await authorizer.ConnectAsync())
        {
            Assert.Equal("62", (await client.SendAsync(Requests.Authorization(pan, 1_000))).Code());
        }

        // A reviewer reinstates (keeping EDD): the card authorizes again.
        var reinstated = await PostAsync(kyc, $"/v1/customers/{id}/review", new { decision = "approve", reason = "customer travelled; purchase refunded", reviewer = "ana", edd = true }, HttpStatusCode.OK);
        Assert.Equal("APPROVED_EDD_REQUIRED", reinstated.GetProperty("state").GetString());
        await using (var client = await authorizer.ConnectAsync())
        {
            Assert.Equal("00", (await client.SendAsync(Requests.Authorization(pan, 1_000))).Code());
        }

        // A sanctions near-match waits in PENDING_EDD; an implausible address is rejected at once.
        var listed = await PostAsync(kyc, "/v1/customers", Applicant("Elvis Angus Logan", "Morey", ssn: "536-22-7777"), HttpStatusCode.Created);
        var listedId = listed.GetProperty("id").GetString()!;
        await PostAsync(kyc, $"/v1/customers/{listedId}/documents", new { provider = "simulator", outcome = "pass" }, HttpStatusCode.OK);
        var held = await PostAsync(kyc, $"/v1/customers/{listedId}/liveness", new { provider = "simulator", outcome = "pass" }, HttpStatusCode.OK);
        Assert.Equal("PENDING_EDD", held.GetProperty("state").GetString());
        Assert.True(held.GetProperty("sanctionsHold").GetBoolean());
        var unclear = await kyc.Http.PostAsJsonAsync($"/v1/customers/{listedId}/review", new { decision = "approve", reason = "looks fine" });
        Assert.Equal(HttpStatusCode.Conflict, unclear.StatusCode);

        var poBox = await PostAsync(kyc, "/v1/customers", Applicant("Pat", "Lee", line1: "PO Box 4471", ssn: "536-22-8888"), HttpStatusCode.Created);
        Assert.Equal("REJECTED", poBox.GetProperty("state").GetString());
        Assert.Equal("address_implausible", poBox.GetProperty("history")[1].GetProperty("cause").GetString());

        var fetched = await kyc.GetJsonAsync($"/v1/customers/{id}");
        var history = fetched.GetProperty("history").EnumerateArray().ToList();
        Assert.All(history, h => Assert.True(h.TryGetProperty("at", out _) && h.TryGetProperty("cause", out _) && h.TryGetProperty("to", out _)));
        Assert.DoesNotContain("536-22-1234", fetched.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("536221234", kyc.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await kyc.Http.GetAsync(new Uri("/v1/customers/cus_nobody", UriKind.Relative))).StatusCode);
        var metrics = await kyc.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("baas_consumer_lag_events{consumer=\"kyc\"}", metrics, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> PostAsync(BaasServerProcess process, string path, object body, HttpStatusCode expected)
    {
        using var response = await process.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {text}\n{process.Output}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> WaitForStateAsync(BaasServerProcess kyc, string id, string state)
    {
        JsonElement customer = default;
        await WaitAsync(
            async () => (customer = await kyc.GetJsonAsync($"/v1/customers/{id}")).GetProperty("state").GetString() == state,
            $"customer {id} did not reach {state}");
        return customer;
    }

    private static Task WaitAsync(Func<Task<bool>> done, string message) => ScratchDatabase.WaitAsync(done, () => message);
}
