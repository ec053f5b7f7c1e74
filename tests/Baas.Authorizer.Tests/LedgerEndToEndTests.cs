using System.Text.Json;
using Baas.Authorizer.Tests.Harness;
using Baas.Host.Components;
using Baas.Ledger;
using Npgsql;

namespace Baas.Authorizer.Tests;

/// <summary>
/// <c>baas run --components authorizer,ledger</c> as one real process on a real PostgreSQL: card traffic
/// (approvals, a partial approval, full and partial reversals, a completion) lands in the ledger, whose
/// balances then equal the authorizer's and whose books verify clean.
/// </summary>
public sealed class LedgerEndToEndTests
{
    private static string? BasePg => Environment.GetEnvironmentVariable("BAAS_PG") is { Length: > 0 } pg ? pg : null;

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public Task Card_traffic_reaches_the_ledger_which_matches_the_authorizer_and_verifies() => WithLedgerDatabaseAsync(TrafficAsync);

    [RequiresRedisServerFact]
    public Task A_ledger_process_killed_mid_stream_resumes_from_its_position_and_ends_equal_to_the_authorizer() => WithLedgerDatabaseAsync(KilledLedgerAsync);

    [RequiresRedisServerFact]
    public Task A_ledger_in_its_own_process_adjusts_through_the_authorizer_and_reconciles_with_it_periodically() => WithLedgerDatabaseAsync(SeparateProcessesAsync);

    /// <summary>Runs <paramref name="test"/> on a database of its own (a connection string), dropped afterwards.</summary>
    private static async Task WithLedgerDatabaseAsync(Func<string, Task> test)
    {
        if (BasePg is null)
        {
            Assert.True(!IsCi, "BAAS_PG is not set; under CI=true that is a failure (./baas test sets it)");
            return;
        }

        var database = "ledger_e2e_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(BasePg, $"CREATE DATABASE {database}");
        try
        {
            await test(new NpgsqlConnectionStringBuilder(BasePg) { Database = database, Pooling = false }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(BasePg, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task TrafficAsync(string pg)
    {
        using var dir = new TempDir();
        await using var server = await BaasServerProcess.StartComponentsAsync("authorizer,ledger", dir.Path, 60, "--pg", pg);
        await server.CreateProgramAsync("ledger-e2e", "460000");
        string[] accounts = ["e2e-a", "e2e-b"];
        var pans = new Dictionary<string, string>();
        foreach (var account in accounts)
        {
            await server.CreateAccountAsync(account, "ledger-e2e", balance: 50_000);
            pans[account] = Cards.NewPan("460000");
            await server.IssueCardAsync(account, pans[account]);
        }

        await using var client = await server.ConnectAsync();
        var kept = await client.SendAsync(Requests.Authorization(pans["e2e-a"], 12_000));
        Assert.Equal("00", kept.Code());
        var purchase = Requests.Authorization(pans["e2e-a"], 5_000);
        Assert.Equal("00", (await client.SendAsync(purchase)).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(purchase))).Code());
        var partly = Requests.Authorization(pans["e2e-b"], 8_000);
        Assert.Equal("00", (await client.SendAsync(partly)).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(partly, actual: 6_000))).Code());
        var cleared = Requests.Authorization(pans["e2e-b"], 4_000);
        Assert.Equal("00", (await client.SendAsync(cleared)).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Completion(cleared, 3_500))).Code());
        Assert.Equal("51", (await client.SendAsync(Requests.Authorization(pans["e2e-b"], 900_000))).Code());

        var committed = (await server.SeqsAsync()).Committed;
        await using var dataSource = NpgsqlDataSource.Create(pg);
        var store = new LedgerStore(dataSource);
        await WaitForLedgerAsync(store, committed);

        foreach (var account in accounts)
        {
            var (posted, held, _) = await server.BalancesAsync(account);
            var balance = await server.GetJsonAsync($"/v1/ledger/accounts/{account}/balance");
            Assert.Equal(posted, balance.GetProperty("posted").GetInt64());
            Assert.Equal(held, balance.GetProperty("pending").GetInt64());
            var entries = await server.GetJsonAsync($"/v1/ledger/accounts/{account}/entries?limit=2");
            Assert.Equal(JsonValueKind.Array, entries.GetProperty("entries").ValueKind);
        }

        var (postedA, heldA, _) = await server.BalancesAsync("e2e-a");
        Assert.Equal((50_000L, 12_000L), (postedA, heldA));
        var (postedB, heldB, _) = await server.BalancesAsync("e2e-b");
        Assert.Equal((50_000L - 3_500, 6_000L), (postedB, heldB));
        Assert.Empty(await new LedgerVerifier(dataSource).VerifyAsync());

        // Reconciliation against the live authorizer finds nothing; against an authorizer that is one unit off on
        // one account it finds exactly that, and records it.
        var reconciler = new LedgerReconciler(dataSource);
        var live = new HttpAuthorizerClient(server.Http);
        var clean = await reconciler.RunAsync(live, TimeSpan.FromSeconds(30));
        Assert.Equal((2, 1), (clean.Accounts, clean.Programs));
        Assert.Empty(clean.Discrepancies);

        var off = await reconciler.RunAsync(new OneUnitOff(live, "e2e-b"), TimeSpan.FromSeconds(30));
        var found = Assert.Single(off.Discrepancies);
        Assert.Equal(("account", "customer:e2e-b", "posted", (long?)(50_000L - 3_500 + 1), 50_000L - 3_500), (found.Scope, found.Subject, found.Field, found.Expected, found.Actual));
        Assert.Equal(1, await reconciler.LatestDiscrepanciesAsync());
        var latest = await server.GetJsonAsync("/v1/ledger/reconciliations/latest");
        Assert.Equal((1, "customer:e2e-b"), (latest.GetProperty("discrepancies").GetInt32(), latest.GetProperty("found")[0].GetProperty("subject").GetString()));

        // An adjustment moves the authorizer and the ledger by the same record, once per idempotency key.
        var adjusted = await PostAdjustmentAsync(server, "adj-e2e-1", new { accountId = "e2e-a", amount = -1_250, reason = "chargeback lost" });
        Assert.Equal(System.Net.HttpStatusCode.Created, adjusted.Status);
        Assert.Equal("posted", adjusted.Body.GetProperty("status").GetString());
        var repeated = await PostAdjustmentAsync(server, "adj-e2e-1", new { accountId = "e2e-a", amount = -1_250, reason = "chargeback lost" });
        Assert.Equal((System.Net.HttpStatusCode.OK, adjusted.Body.GetProperty("seq").GetInt64()), (repeated.Status, repeated.Body.GetProperty("seq").GetInt64()));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await PostAdjustmentAsync(server, "adj-e2e-1", new { accountId = "e2e-a", amount = -1_000, reason = "x" })).Status);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await PostAdjustmentAsync(server, "adj-e2e-2", new { accountId = "nobody", amount = 10, reason = "x" })).Status);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await PostAdjustmentAsync(server, "adj-e2e-3", new { accountId = "e2e-a", amount = 0, reason = "x" })).Status);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await PostAdjustmentAsync(server, null, new { accountId = "e2e-a", amount = 5, reason = "x" })).Status);
        var (adjustedPosted, _, _) = await server.BalancesAsync("e2e-a");
        Assert.Equal(50_000L - 1_250, adjustedPosted);
        var ledgerA = await server.GetJsonAsync("/v1/ledger/accounts/e2e-a/balance");
        Assert.Equal(50_000L - 1_250, ledgerA.GetProperty("posted").GetInt64());
        Assert.Empty(await new LedgerVerifier(dataSource).VerifyAsync());
        Assert.Empty((await reconciler.RunAsync(live, TimeSpan.FromSeconds(30))).Discrepancies);
    }

    private static async Task SeparateProcessesAsync(string pg)
    {
        using var authDir = new TempDir();
        using var ledgerDir = new TempDir();
        await using var redisServer = await RedisServerProcess.StartAsync();
        await using var authorizer = await BaasServerProcess.StartAsync(authDir.Path, 60, "--redis", redisServer.EndPoint);
        await authorizer.CreateProgramAsync("ledger-apart", "490000");
        await authorizer.CreateAccountAsync("apart-a", "ledger-apart", balance: 20_000);
        var pan = Cards.NewPan("490000");
        await authorizer.IssueCardAsync("apart-a", pan);
        await using (var client = await authorizer.ConnectAsync())
        {
            Assert.Equal("00", (await client.SendAsync(Requests.Authorization(pan, 3_000))).Code());
        }

        await using var ledger = await BaasServerProcess.StartComponentsAsync(
            "ledger", ledgerDir.Path, 60, "--redis", redisServer.EndPoint, "--pg", pg, "--authorizer-url", authorizer.Http.BaseAddress!.ToString(), "--reconcile-seconds", "1");

        var adjusted = await PostAdjustmentAsync(ledger, "apart-1", new { accountId = "apart-a", amount = 500, reason = "fee refund" });
        Assert.Equal(System.Net.HttpStatusCode.Created, adjusted.Status);
        Assert.Equal((20_500L, 3_000L), ((await authorizer.BalancesAsync("apart-a")).Posted, (await authorizer.BalancesAsync("apart-a")).Held));

        // The periodic job runs against the authorizer over HTTP; wait for a run that saw the adjustment.
        var committed = (await authorizer.SeqsAsync()).Committed;
        JsonElement latest = default;
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await ledger.Http.GetAsync(new Uri("/v1/ledger/reconciliations/latest", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                latest = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (latest.GetProperty("logSeq").GetInt64() >= committed)
                {
                    break;
                }
            }

            Assert.True(DateTime.UtcNow < until, "no periodic reconciliation run reached the authorizer's committed sequence in 30 s");
            await Task.Delay(200);
        }

        Assert.Equal(("periodic", 0, 1, 1), (latest.GetProperty("trigger").GetString(), latest.GetProperty("discrepancies").GetInt32(), latest.GetProperty("accounts").GetInt32(), latest.GetProperty("programs").GetInt32()));
        var metrics = await ledger.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Matches("baas_reconciliation_runs(_total)?\\{outcome=\"clean\"\\} [1-9]", metrics);
        Assert.Contains("baas_reconciliation_discrepancies 0", metrics, StringComparison.Ordinal);
    }

    private static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> PostAdjustmentAsync(BaasServerProcess server, string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/ledger/adjustments", UriKind.Relative)) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The live authorizer, except that one account's posted balance reads one unit high.</summary>
    private sealed class OneUnitOff(IAuthorizerClient inner, string accountId) : IAuthorizerClient
    {
        public Task<long> CommittedAsync(CancellationToken cancellation) => inner.CommittedAsync(cancellation);

        public async Task<AuthorizerAccount?> GetAccountAsync(string id, CancellationToken cancellation) =>
            Off(await inner.GetAccountAsync(id, cancellation));

        public async Task<AuthorizerAccountPage> ListAccountsAsync(string? cursor, int limit, CancellationToken cancellation)
        {
            var page = await inner.ListAccountsAsync(cursor, limit, cancellation);
            return page with { Accounts = [.. page.Accounts.Select(a => Off(a)!.Value)] };
        }

        public Task<long> MoveMoneyAsync(string id, long amount, string reference, CancellationToken cancellation) => inner.MoveMoneyAsync(id, amount, reference, cancellation);

        private AuthorizerAccount? Off(AuthorizerAccount? a) => a is { } x && x.Id == accountId ? x with { Posted = x.Posted + 1 } : a;
    }

    private static async Task KilledLedgerAsync(string pg)
    {
        using var authDir = new TempDir();
        using var ledgerDir = new TempDir();
        using var ledgerDir2 = new TempDir();
        await using var redisServer = await RedisServerProcess.StartAsync();
        await using var authorizer = await BaasServerProcess.StartAsync(authDir.Path, 60, "--redis", redisServer.EndPoint);
        await authorizer.CreateProgramAsync("ledger-kill", "480000");
        await authorizer.CreateAccountAsync("kill-acc", "ledger-kill", balance: 10_000_000);
        var pan = Cards.NewPan("480000");
        await authorizer.IssueCardAsync("kill-acc", pan);

        using var stop = new CancellationTokenSource();
        await using var client = await authorizer.ConnectAsync();
        var load = Task.Run(async () =>
        {
            var approved = 0;
            while (!stop.IsCancellationRequested)
            {
                var request = Requests.Authorization(pan, 25);
                if ((await client.SendAsync(request)).Code() == "00")
                {
                    approved++;
                    if (approved % 3 == 0)
                    {
                        await client.SendAsync(Requests.Reversal(request));
                    }
                }
            }

            return approved;
        });

        await using (var ledger = await BaasServerProcess.StartComponentsAsync("ledger", ledgerDir.Path, 60, "--redis", redisServer.EndPoint, "--pg", pg))
        {
            await Task.Delay(1_200);
            await ledger.KillAsync();
        }

        long killedAt;
        await using (var probe = NpgsqlDataSource.Create(pg))
        {
            killedAt = await new LedgerStore(probe).PositionAsync("ledger");
        }

        Assert.True(killedAt > 0, "the first ledger process had not applied anything before it was killed");
        await Task.Delay(500);
        await using var again = await BaasServerProcess.StartComponentsAsync("ledger", ledgerDir2.Path, 60, "--redis", redisServer.EndPoint, "--pg", pg);
        await Task.Delay(800);
        await stop.CancelAsync();
        Assert.True(await load > 50, "too little load");

        var committed = (await authorizer.SeqsAsync()).Committed;
        await using var dataSource = NpgsqlDataSource.Create(pg);
        var store = new LedgerStore(dataSource);
        await WaitForLedgerAsync(store, committed);

        var (posted, held, _) = await authorizer.BalancesAsync("kill-acc");
        var balance = await again.GetJsonAsync("/v1/ledger/accounts/kill-acc/balance");
        Assert.Equal((posted, held), (balance.GetProperty("posted").GetInt64(), balance.GetProperty("pending").GetInt64()));
        Assert.Empty(await new LedgerVerifier(dataSource).VerifyAsync());
        Assert.True(committed > killedAt, $"the kill at {killedAt} was not in the middle of the stream (committed {committed})");
    }

    private static async Task WaitForLedgerAsync(LedgerStore store, long committed)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await store.PositionAsync("ledger") < committed)
        {
            Assert.True(DateTime.UtcNow < until, $"the ledger did not reach {committed} in 30 s");
            await Task.Delay(50);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
