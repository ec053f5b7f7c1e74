using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baas.Authorizer.Tests.Harness;

namespace Baas.Authorizer.Tests;

/// <summary>
/// Payments beside the real authorizer, on a real PostgreSQL, with the sponsor-bank simulator: card authorizations
/// and ACH payments racing for one balance never overspend it; <c>baas payments cutoff --rail ach</c> writes the
/// NACHA file; the simulator settles it and the reservation is posted; a retransmitted request moves nothing twice.
/// </summary>
public sealed class PaymentsEndToEndTests
{
    [Fact]
    public async Task Cards_and_ach_share_one_balance_and_a_cutoff_settles_through_the_bank() =>
        await ScratchDatabase.RunAsync("payments_e2e", ScenarioAsync);

    private static object Payment(string accountId, long amount) => new
    {
        accountId,
        direction = "credit",
        amount,
        currency = "USD",
        counterparty = new { name = "Oak Street Properties", routingNumber = "021000021", accountNumber = "445566778", accountType = "checking" },
        rail = "ach",
        purpose = "rent",
    };

    private static async Task<HttpResponseMessage> PayAsync(BaasServerProcess server, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/payments", UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await server.Http.SendAsync(request);
    }

    private static async Task ScenarioAsync(string pg)
    {
        using var dir = new TempDir();
        var outbox = Path.Combine(dir.Path, "outbox");
        await using var server = await BaasServerProcess.StartComponentsAsync(
            "authorizer,compliance,payments", dir.Path, 60, "--pg", pg, "--sanctions", ScratchDatabase.SanctionsTiny, "--bank-sim", "--outbox", outbox, "--inbox", Path.Combine(dir.Path, "inbox"));
        await server.CreateProgramAsync("pay-e2e", "481000");

        // A card authorization and an ACH payment for 70% of the balance each, sent together: one wins, the balance never goes below zero.
        var cardWins = 0;
        var paymentWins = 0;
        for (var round = 0; round < 12; round++)
        {
            var account = $"race-{round}";
            await server.CreateAccountAsync(account, "pay-e2e", balance: 100_000);
            var pan = Cards.NewPan("481000");
            await server.IssueCardAsync(account, pan);
            await using var client = await server.ConnectAsync();
            var card = client.SendAsync(Requests.Authorization(pan, 70_000));
            var payment = PayAsync(server, $"race-{round}", Payment(account, 70_000));
            await Task.WhenAll(card, payment);
            var approved = (await card).Code() == "00";
            using var paid = await payment;
            var accepted = paid.StatusCode == HttpStatusCode.Created;
            Assert.True(approved ^ accepted, $"round {round}: card {(await card).Code()}, payment {(int)paid.StatusCode} {await paid.Content.ReadAsStringAsync()}");
            Assert.Equal(accepted ? HttpStatusCode.Created : HttpStatusCode.UnprocessableEntity, paid.StatusCode);
            var (posted, held, available) = await server.BalancesAsync(account);
            Assert.Equal((100_000L, 70_000L, 30_000L), (posted, held, available));
            cardWins += approved ? 1 : 0;
            paymentWins += accepted ? 1 : 0;
        }

        Assert.Equal(12, cardWins + paymentWins);

        // A payment, retransmitted: one reservation; the cut-off command writes the file; the bank settles it; the reservation is posted.
        await server.CreateAccountAsync("payer", "pay-e2e", balance: 500_000);
        using (var first = await PayAsync(server, "rent-1", Payment("payer", 123_400)))
        using (var again = await PayAsync(server, "rent-1", Payment("payer", 123_400)))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(
                JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString(),
                JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
        }

        using (var conflict = await PayAsync(server, "rent-1", Payment("payer", 123_401)))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        }

        Assert.Equal((500_000L, 123_400L, 376_600L), await server.BalancesAsync("payer"));
        var (exit, stdout, stderr) = await BaasServerProcess.RunAsync(
            TimeSpan.FromSeconds(60), "payments", "cutoff", "--rail", "ach", "--http", server.Http.BaseAddress!.ToString(), "--key", TestAuthorizer.AdminKey);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("entries", stdout, StringComparison.Ordinal);

        var payerPayment = (await server.GetJsonAsync("/v1/payments?accountId=payer")).GetProperty("payments")[0].GetProperty("id").GetString()!;
        await ScratchDatabase.WaitAsync(
            async () => (await server.GetJsonAsync($"/v1/payments/{payerPayment}")).GetProperty("state").GetString() == "settled",
            () => "the ACH payment did not settle\n" + server.Output);
        await ScratchDatabase.WaitAsync(async () => (await server.BalancesAsync("payer")).Held == 0, () => "the reservation was not posted");
        Assert.Equal((376_600L, 0L, 376_600L), await server.BalancesAsync("payer"));
        var fileName = (await server.GetJsonAsync($"/v1/payments/{payerPayment}")).GetProperty("fileName").GetString()!;
        Assert.True(File.Exists(Path.Combine(outbox, "sent", fileName)), "the bank did not pick the file up from the outbox");
        Assert.All(await File.ReadAllLinesAsync(Path.Combine(outbox, "sent", fileName)), line => Assert.Equal(94, line.Length));

        // Bad requests get a 4xx naming the field.
        using (var bad = await PayAsync(server, "bad-1", new { accountId = "payer", direction = "credit", amount = -5, currency = "USD" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("amount", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var noKey = await server.Http.PostAsJsonAsync("/v1/payments", Payment("payer", 100));
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
    }
}
