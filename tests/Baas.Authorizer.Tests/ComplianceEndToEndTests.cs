using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baas.Authorizer.Tests.Harness;

namespace Baas.Authorizer.Tests;

/// <summary>
/// Compliance in its own process, consuming the real Redis stream the authorizer relays to, on a real
/// PostgreSQL: scripted structuring, card testing and a high-risk jurisdiction raise alerts and cases; a case
/// closed with a restriction makes the authorizer decline the account's card with 57 over ISO 8583; a customer
/// registered for screening who matches a list entry joins a case; a killed compliance process resumes from its
/// position without raising anything twice.
/// </summary>
public sealed class ComplianceEndToEndTests
{
    [RequiresRedisServerFact]
    public async Task Scripted_patterns_raise_alerts_and_cases_and_a_restriction_declines_the_card()
        => await ScratchDatabase.RunAsync("compliance_e2e", ScenarioAsync);

    private static async Task ScenarioAsync(string pg)
    {
        using var authDir = new TempDir();
        using var complianceDir = new TempDir();
        await using var redis = await RedisServerProcess.StartAsync();
        await using var authorizer = await BaasServerProcess.StartAsync(authDir.Path, 60, "--redis", redis.EndPoint);
        await authorizer.CreateProgramAsync("comp-e2e", "470000");
        await authorizer.CreateAccountAsync("struct-a", "comp-e2e");
        await authorizer.CreateAccountAsync("tester-b", "comp-e2e");
        await authorizer.CreateAccountAsync("risky-c", "comp-e2e", balance: 200_000);
        var testerPan = Cards.NewPan("470000");
        var riskyPan = Cards.NewPan("470000");
        await authorizer.IssueCardAsync("tester-b", testerPan);
        await authorizer.IssueCardAsync("risky-c", riskyPan);

        string[] compliance = ["--redis", redis.EndPoint, "--pg", pg, "--sanctions", ScratchDatabase.SanctionsTiny, "--authorizer-url", authorizer.Http.BaseAddress!.ToString()];
        var process = await BaasServerProcess.StartComponentsAsync("compliance", complianceDir.Path, 60, compliance);
        try
        {
            // Structuring: two cash deposits just under $10,000 that add up over it.
            await CreditAsync(authorizer, "struct-a", 950_000, "dep-1", "cash");
            await CreditAsync(authorizer, "struct-a", 900_000, "dep-2", "cash");

            // Card testing: six $1 authorizations on an empty account, all declined (51).
            await using (var client = await authorizer.ConnectAsync())
            {
                for (var i = 0; i < 6; i++)
                {
                    Assert.Equal("51", (await client.SendAsync(Requests.Authorization(testerPan, 100))).Code());
                }

                // A high-risk jurisdiction: an approved purchase at a merchant in Iran.
                Assert.Equal("00", (await client.SendAsync(Requests.Authorization(riskyPan, 50_000, country: "IR"))).Code());
            }

            var alerts = await WaitForAlertsAsync(process, ["structuring", "card_testing", "high_risk_jurisdiction"]);
            Assert.Equal(2, alerts.Single(a => a.GetProperty("ruleId").GetString() == "structuring").GetProperty("evidence").GetArrayLength());
            Assert.Equal("tester-b", alerts.Single(a => a.GetProperty("ruleId").GetString() == "card_testing").GetProperty("accountId").GetString());

            var cases = (await process.GetJsonAsync("/v1/cases?state=open")).GetProperty("cases").EnumerateArray().ToList();
            Assert.Equal(["risky-c", "struct-a", "tester-b"], cases.Select(c => c.GetProperty("accountId").GetString()).Order(StringComparer.Ordinal));
            var risky = cases.Single(c => c.GetProperty("accountId").GetString() == "risky-c");
            var caseId = risky.GetProperty("id").GetInt64();
            var detected = risky.GetProperty("detectedAt").GetDateTimeOffset();
            Assert.Equal(detected.AddDays(30), risky.GetProperty("sarDueAt").GetDateTimeOffset());

            // Illegal transition, then the lifecycle to a restriction that reaches the authorizer.
            var illegal = await process.Http.PostAsJsonAsync($"/v1/cases/{caseId}/transition", new { to = "closed", disposition = "no_action" });
            Assert.Equal(HttpStatusCode.Conflict, illegal.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await process.Http.PostAsJsonAsync($"/v1/cases/{caseId}/assign", new { assignee = "analyst-1" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await process.Http.PostAsJsonAsync($"/v1/cases/{caseId}/transition", new { to = "investigating", actor = "analyst-1" })).StatusCode);
            var closed = await process.Http.PostAsJsonAsync($"/v1/cases/{caseId}/transition", new { to = "closed", disposition = "account_restricted", reason = "purchases in a sanctioned country", actor = "analyst-1" });
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
            Assert.Equal("restricted", (await authorizer.GetJsonAsync("/v1/accounts/risky-c")).GetProperty("customerStatus").GetString());
            await using (var client = await authorizer.ConnectAsync())
            {
                Assert.Equal("57", (await client.SendAsync(Requests.Authorization(riskyPan, 1_000))).Code());
            }

            var detail = await process.GetJsonAsync($"/v1/cases/{caseId}");
            Assert.Equal("closed", detail.GetProperty("case").GetProperty("state").GetString());
            Assert.Equal(
                ["opened", "assigned", "transition", "action", "transition"],
                detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()));
            Assert.Equal("high_risk_jurisdiction", detail.GetProperty("alerts")[0].GetProperty("ruleId").GetString());

            // A customer registered for screening who is on the list: a sanctions alert on the account's case.
            using var subject = await process.Http.PutAsJsonAsync("/v1/screening/subjects/cust-9", new { kind = "customer", accountId = "struct-a", name = "Elvis Angus Logan Morey", type = "individual" });
            Assert.Equal(HttpStatusCode.OK, subject.StatusCode);
            var screened = JsonDocument.Parse(await subject.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("10278", screened.GetProperty("newHits").EnumerateArray().Select(h => h.GetString()));
            var structCase = (await process.GetJsonAsync("/v1/cases?accountId=struct-a")).GetProperty("cases")[0];
            var structDetail = await process.GetJsonAsync($"/v1/cases/{structCase.GetProperty("id").GetInt64()}");
            Assert.Equal(["structuring", "sanctions_match"], structDetail.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("ruleId").GetString()));

            // Killed mid-life and restarted: resumes from its position; a third deposit inside the window raises nothing new.
            await process.KillAsync();
            await process.DisposeAsync();
            await CreditAsync(authorizer, "struct-a", 920_000, "dep-3", "cash");
            process = await BaasServerProcess.StartComponentsAsync("compliance", complianceDir.Path, 60, compliance);
            var committed = (await authorizer.SeqsAsync()).Committed;
            await WaitAsync(async () => (await process.GetJsonAsync("/readyz")).GetProperty("compliancePosition").GetInt64() >= committed, "compliance did not catch up after its restart");
            var after = (await process.GetJsonAsync("/v1/compliance/alerts")).GetProperty("alerts").EnumerateArray().ToList();
            Assert.Equal(alerts.Count + 1, after.Count); // the sanctions alert; nothing repeated
            var metrics = await process.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Contains("baas_consumer_lag_events{consumer=\"compliance\"} 0", metrics, StringComparison.Ordinal);
            Assert.Contains("baas_compliance_open_cases 2", metrics, StringComparison.Ordinal);

            var rejected = await process.Http.PostAsJsonAsync("/v1/cases/999999/transition", new { to = "investigating" });
            Assert.Equal(HttpStatusCode.NotFound, rejected.StatusCode);
            using var bad = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.BadRequest, (await process.Http.PostAsync(new Uri($"/v1/cases/{caseId}/notes", UriKind.Relative), bad)).StatusCode);
        }
        finally
        {
            await process.DisposeAsync();
        }
    }

    private static async Task CreditAsync(BaasServerProcess authorizer, string account, long amount, string reference, string method)
    {
        using var response = await authorizer.Http.PostAsJsonAsync($"/v1/accounts/{account}/credits", new { amount, reference, method, country = "US", counterparty = "branch 7" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<JsonElement>> WaitForAlertsAsync(BaasServerProcess process, string[] rules)
    {
        List<JsonElement> alerts = [];
        await WaitAsync(
            async () =>
            {
                alerts = (await process.GetJsonAsync("/v1/compliance/alerts")).GetProperty("alerts").EnumerateArray().ToList();
                return rules.All(r => alerts.Any(a => a.GetProperty("ruleId").GetString() == r));
            },
            () => "alerts so far: " + string.Join(", ", alerts.Select(a => a.GetProperty("ruleId").GetString())) + "\n" + process.Output);
        return alerts;
    }

    private static Task WaitAsync(Func<Task<bool>> done, string message) => ScratchDatabase.WaitAsync(done, () => message);

    private static Task WaitAsync(Func<Task<bool>> done, Func<string> message) => ScratchDatabase.WaitAsync(done, message);
}
