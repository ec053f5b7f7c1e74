using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Baas.Authorizer.Tests.Harness;
using Baas.Events;
using Baas.Iso8583;

namespace Baas.Authorizer.Tests;

/// <summary>
/// The life of a hold over real sockets: expiry on the test's clock (the sweeper runs every real second and
/// reads the manual clock), reversals late, partial and unmatched, incremental and partial approvals, and
/// clearing through 0220 completions and through the clearing file endpoint. Each test has its own
/// authorizer, because most of them move the clock.
/// </summary>
public sealed class HoldsAndClearingTests
{
    private static async Task<(TestAuthorizer Auth, TestCard Card)> StartAsync(long balance = 10_000, ProgramSettings? settings = null)
    {
        var auth = await TestAuthorizer.StartAsync();
        var (programId, bin) = await auth.NewProgramAsync(settings);
        return (auth, await auth.NewCardAsync(programId, bin, balance));
    }

    private static Task<bool> HeldBecomesAsync(TestAuthorizer auth, string accountId, long held) =>
        Provisioning.EventuallyAsync(async () => (await auth.BalancesAsync(accountId)).Held == held);

    private static async Task<bool> SentinelExpiredAsync(TestAuthorizer auth, string accountId, long reservationId) =>
        await Provisioning.EventuallyAsync(async () => (await auth.HoldsAsync(accountId, all: true)).Any(h => h.Num("id") == reservationId && h.Str("state") == "released"));

    /// <summary>A payment reservation on another account that expires after one day: once it is released, a sweep has run.</summary>
    private static async Task<(string AccountId, long ReservationId)> SentinelAsync(TestAuthorizer auth, string programId)
    {
        var accountId = Unique.Id("sentinel");
        await auth.CreateAccountAsync(accountId, programId, balance: 1_000);
        var response = await auth.Http.PostAsJsonAsync($"/v1/accounts/{accountId}/reservations", new { amount = 100, reference = "sentinel", expiresInDays = 1 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (accountId, doc.RootElement.GetProperty("reservationId").GetInt64());
    }

    [Fact]
    public async Task Hold_expires_after_seven_days_on_the_clock()
    {
        var (auth, card) = await StartAsync();
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 2_500))).Code());
        var (sentinelAccount, sentinel) = await SentinelAsync(auth, card.ProgramId);

        // Nearly seven days: a sweep runs (the one-day sentinel goes) and the card hold stays.
        auth.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.True(await SentinelExpiredAsync(auth, sentinelAccount, sentinel));
        Assert.Equal((10_000L, 2_500L, 7_500L), await auth.BalancesAsync(card.AccountId));

        auth.Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.True(await HeldBecomesAsync(auth, card.AccountId, 0));
        Assert.Equal((10_000L, 0L, 10_000L), await auth.BalancesAsync(card.AccountId));
        var hold = Assert.Single(await auth.HoldsAsync(card.AccountId, all: true));
        Assert.Equal("expired", hold.Str("state"));
        Assert.Equal(0, hold.Num("remaining"));
        var expired = AuthLog.Last(auth, card.AccountId, "hold_expired");
        Assert.Equal(hold.Num("id"), expired.Num("holdId"));
        Assert.Equal(-2_500, expired.Num("holdDelta"));
        Assert.Empty(await auth.HoldsAsync(card.AccountId));
    }

    [Fact]
    public async Task Lodging_and_pre_authorization_holds_outlive_seven_days_and_expire_after_thirty_one()
    {
        var (auth, card) = await StartAsync(balance: 100_000);
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 30_000, mcc: "7011"))).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 20_000, mcc: "7512"))).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 10_000, de48: "AI001P"))).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 1_000))).Code());

        // After eight days only the ordinary hold has gone.
        auth.Clock.Advance(TimeSpan.FromDays(8));
        Assert.True(await HeldBecomesAsync(auth, card.AccountId, 60_000));
        var active = await auth.HoldsAsync(card.AccountId);
        Assert.Equal(3, active.Length);
        Assert.All(active, h => Assert.Equal(auth.Clock.GetUtcNow().AddDays(-8).AddDays(31), h.GetProperty("expiresAt").GetDateTimeOffset()));

        // Thirty days in: still held.
        var (sentinelAccount, sentinel) = await SentinelAsync(auth, card.ProgramId);
        auth.Clock.Advance(TimeSpan.FromDays(22));
        Assert.True(await SentinelExpiredAsync(auth, sentinelAccount, sentinel));
        Assert.Equal(60_000, (await auth.BalancesAsync(card.AccountId)).Held);

        auth.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.True(await HeldBecomesAsync(auth, card.AccountId, 0));
        Assert.All(await auth.HoldsAsync(card.AccountId, all: true), h => Assert.Equal("expired", h.Str("state")));
        Assert.Equal(4, AuthLog.ForAccount(auth, card.AccountId, "hold_expired").Count);
    }

    [Fact]
    public async Task Late_clearing_after_expiry_posts_as_a_new_debit()
    {
        var (auth, card) = await StartAsync();
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 2_500);
        Assert.Equal("00", (await client.SendAsync(original)).Code());
        auth.Clock.Advance(TimeSpan.FromDays(8));
        Assert.True(await HeldBecomesAsync(auth, card.AccountId, 0));

        var response = await client.SendAsync(Requests.Completion(original, 2_500));

        Assert.Equal(230, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal((7_500L, 0L, 7_500L), await auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Last(auth, card.AccountId, "clearing");
        Assert.True(logged.Flag("lateClearing"));
        Assert.Equal(0, logged.Num("holdDelta"));
        var hold = Assert.Single(await auth.HoldsAsync(card.AccountId, all: true));
        Assert.Equal("expired", hold.Str("state"));
        Assert.Equal(2_500, hold.Num("cleared"));
    }

    [Fact]
    public async Task Late_reversal_after_expiry_changes_nothing()
    {
        var (auth, card) = await StartAsync();
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 2_500);
        Assert.Equal("00", (await client.SendAsync(original)).Code());
        auth.Clock.Advance(TimeSpan.FromDays(8));
        Assert.True(await HeldBecomesAsync(auth, card.AccountId, 0));

        var response = await client.SendAsync(Requests.Reversal(original));

        Assert.Equal("00", response.Code());
        Assert.Equal((10_000L, 0L, 10_000L), await auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Last(auth, card.AccountId, "reversal");
        Assert.False(logged.Flag("unmatched"));
        Assert.Equal(0, logged.Num("holdDelta"));
        Assert.Equal("expired", Assert.Single(await auth.HoldsAsync(card.AccountId, all: true)).Str("state"));
    }

    [Fact]
    public async Task Reversal_after_the_hold_cleared_and_a_second_reversal_change_nothing()
    {
        var (auth, card) = await StartAsync();
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var cleared = Requests.Authorization(card.Pan, 2_000);
        var reversed = Requests.Authorization(card.Pan, 3_000);
        Assert.Equal("00", (await client.SendAsync(cleared)).Code());
        Assert.Equal("00", (await client.SendAsync(reversed)).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Completion(cleared, 2_000))).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(reversed))).Code());
        Assert.Equal((8_000L, 0L, 8_000L), await auth.BalancesAsync(card.AccountId));

        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(cleared))).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(reversed, mti: 420))).Code());

        Assert.Equal((8_000L, 0L, 8_000L), await auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Partial_reversal_then_clearing_of_the_rest()
    {
        var (auth, card) = await StartAsync(balance: 20_000);
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 10_000);
        Assert.Equal("00", (await client.SendAsync(original)).Code());

        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(original, actual: 6_000))).Code());
        Assert.Equal((20_000L, 6_000L, 14_000L), await auth.BalancesAsync(card.AccountId));
        var reversal = AuthLog.Last(auth, card.AccountId, "reversal");
        Assert.Equal(-4_000, reversal.Num("holdDelta"));
        Assert.Equal(6_000, reversal.Num("holdRemaining"));

        Assert.Equal("00", (await client.SendAsync(Requests.Completion(original, 6_000))).Code());

        Assert.Equal((14_000L, 0L, 14_000L), await auth.BalancesAsync(card.AccountId));
        var hold = Assert.Single(await auth.HoldsAsync(card.AccountId, all: true));
        Assert.Equal("cleared", hold.Str("state"));
        Assert.Equal(6_000, hold.Num("cleared"));
    }

    [Fact]
    public async Task Partial_reversal_after_a_partial_clearing_counts_what_already_cleared()
    {
        var (auth, card) = await StartAsync(balance: 20_000);
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 10_000);
        Assert.Equal("00", (await client.SendAsync(original)).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Completion(original, 3_000, final: false))).Code());
        Assert.Equal((17_000L, 7_000L, 10_000L), await auth.BalancesAsync(card.AccountId));

        // The transaction came to 8000 in all: 3000 cleared, 5000 still to come, 2000 released.
        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(original, actual: 8_000, mti: 420))).Code());

        Assert.Equal((17_000L, 5_000L, 12_000L), await auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Incremental_authorizations_grow_the_hold_and_one_final_clearing_settles_it()
    {
        var (auth, card) = await StartAsync(balance: 20_000);
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 5_000, mcc: "7011");
        Assert.Equal("00", (await client.SendAsync(original)).Code());
        Assert.Equal("00", (await client.SendAsync(MoreRequests.Incremental(original, 2_000))).Code());
        Assert.Equal("00", (await client.SendAsync(MoreRequests.Incremental(original, 1_000, byRrnOnly: true))).Code());
        var hold = Assert.Single(await auth.HoldsAsync(card.AccountId));
        Assert.Equal(8_000, hold.Num("authorized"));
        Assert.Equal((20_000L, 8_000L, 12_000L), await auth.BalancesAsync(card.AccountId));

        Assert.Equal("00", (await client.SendAsync(Requests.Completion(original, 7_500))).Code());

        Assert.Equal((12_500L, 0L, 12_500L), await auth.BalancesAsync(card.AccountId));
        Assert.Equal("cleared", Assert.Single(await auth.HoldsAsync(card.AccountId, all: true)).Str("state"));
        Assert.Equal(2, AuthLog.ForAccount(auth, card.AccountId, "incremental_authorization").Count);
    }

    [Fact]
    public async Task Incremental_beyond_the_funds_is_declined_and_never_partially_approved()
    {
        var (auth, card) = await StartAsync(balance: 9_000);
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 5_000, mcc: "7011");
        Assert.Equal("00", (await client.SendAsync(original)).Code());
        var incremental = MoreRequests.Incremental(original, 5_000);
        incremental.Set(IsoField.AdditionalDataPrivate, "AI001IPA0011");

        var response = await client.SendAsync(incremental);

        Assert.Equal("51", response.Code());
        Assert.Equal(5_000, Assert.Single(await auth.HoldsAsync(card.AccountId)).Num("authorized"));
        Assert.Equal((9_000L, 5_000L, 4_000L), await auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Partial_approval_holds_what_was_approved_and_its_reversal_releases_it()
    {
        var (auth, card) = await StartAsync(balance: 3_000);
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 5_000, de48: "PA0011");
        Assert.Equal("10", (await client.SendAsync(original)).Code());
        Assert.Equal(3_000, Assert.Single(await auth.HoldsAsync(card.AccountId)).Num("authorized"));

        // The acquirer reverses the approved 3000 (DE4 of the response) with the original's DE90.
        var reversal = Requests.Reversal(original);
        reversal.SetNumber(IsoField.AmountTransaction, 3_000, 12);
        Assert.Equal("00", (await client.SendAsync(reversal)).Code());

        Assert.Equal((3_000L, 0L, 3_000L), await auth.BalancesAsync(card.AccountId));
    }

    [Theory]
    [InlineData("5812", 10_000, 12_000, false)]
    [InlineData("5812", 10_000, 12_001, true)]
    [InlineData("5814", 10_000, 9_000, false)]
    [InlineData("5411", 10_000, 10_000, false)]
    [InlineData("5411", 10_000, 10_001, true)]
    [InlineData("5542", 100, 50_000, false)]
    [InlineData("5542", 100, 50_001, true)]
    public async Task Clearing_tolerance_posts_everything_and_flags_what_is_over(string mcc, long authorized, long clearedAmount, bool flagged)
    {
        var (auth, card) = await StartAsync(balance: 100_000);
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, authorized, mcc: mcc);
        Assert.Equal("00", (await client.SendAsync(original)).Code());

        var response = await client.SendAsync(Requests.Completion(original, clearedAmount));

        Assert.Equal("00", response.Code());
        Assert.Equal((100_000L - clearedAmount, 0L, 100_000L - clearedAmount), await auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Last(auth, card.AccountId, "clearing");
        Assert.Equal(flagged, logged.Flag("overTolerance"));
        Assert.Equal(-clearedAmount, logged.Num("postedDelta"));
    }

    [Fact]
    public async Task Two_partial_clearings_then_a_final_one()
    {
        var (auth, card) = await StartAsync(balance: 20_000);
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 10_000);
        Assert.Equal("00", (await client.SendAsync(original)).Code());

        Assert.Equal("00", (await client.SendAsync(Requests.Completion(original, 3_000, final: false))).Code());
        Assert.Equal((17_000L, 7_000L, 10_000L), await auth.BalancesAsync(card.AccountId));
        Assert.Equal("00", (await client.SendAsync(Requests.Completion(original, 2_000, final: false))).Code());
        Assert.Equal((15_000L, 5_000L, 10_000L), await auth.BalancesAsync(card.AccountId));
        var hold = Assert.Single(await auth.HoldsAsync(card.AccountId));
        Assert.Equal(5_000, hold.Num("remaining"));
        Assert.Equal(5_000, hold.Num("cleared"));

        Assert.Equal("00", (await client.SendAsync(Requests.Completion(original, 4_000))).Code());

        Assert.Equal((11_000L, 0L, 11_000L), await auth.BalancesAsync(card.AccountId));
        hold = Assert.Single(await auth.HoldsAsync(card.AccountId, all: true));
        Assert.Equal("cleared", hold.Str("state"));
        Assert.Equal(9_000, hold.Num("cleared"));
        var clearings = AuthLog.ForAccount(auth, card.AccountId, "clearing");
        Assert.Equal([false, false, true], clearings.Select(c => c.Flag("finalClearing")));
    }

    [Fact]
    public async Task Completion_without_an_authorization_is_force_posted()
    {
        var (auth, card) = await StartAsync();
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var neverSent = Requests.Authorization(card.Pan, 1_200);

        var response = await client.SendAsync(Requests.Completion(neverSent, 1_200));

        Assert.Equal("00", response.Code());
        Assert.Equal((8_800L, 0L, 8_800L), await auth.BalancesAsync(card.AccountId));
        Assert.True(AuthLog.Last(auth, card.AccountId, "clearing").Flag("forcePost"));
        Assert.Empty(await auth.HoldsAsync(card.AccountId, all: true));
    }

    [Fact]
    public async Task Force_post_may_take_the_account_below_zero()
    {
        var (auth, card) = await StartAsync(balance: 1_000);
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();

        Assert.Equal("00", (await client.SendAsync(Requests.Completion(Requests.Authorization(card.Pan, 3_000), 3_000))).Code());

        Assert.Equal((-2_000L, 0L, -2_000L), await auth.BalancesAsync(card.AccountId));
        Assert.Equal("51", (await client.SendAsync(Requests.Authorization(card.Pan, 1))).Code());
    }

    [Fact]
    public async Task Clearing_file_matches_holds_and_is_idempotent_by_reference()
    {
        var (auth, card) = await StartAsync(balance: 50_000);
        await using var _ = auth;
        await using var client = await auth.ConnectAsync();
        var token = CardToken.FromPan(Convert.FromHexString(TestAuthorizer.PanKey), Encoding.ASCII.GetBytes(card.Pan)).ToString();

        // A hold that expires before the file arrives.
        Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 1_000))).Code());
        var expiredHold = Assert.Single(await auth.HoldsAsync(card.AccountId)).Num("id");
        auth.Clock.Advance(TimeSpan.FromDays(8));
        Assert.True(await HeldBecomesAsync(auth, card.AccountId, 0));

        Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 4_000))).Code());
        var byRrn = Requests.Authorization(card.Pan, 5_000);
        Assert.Equal("00", (await client.SendAsync(byRrn)).Code());
        var byCode = await client.SendAsync(Requests.Authorization(card.Pan, 2_000));
        Assert.Equal((50_000L, 11_000L, 39_000L), await auth.BalancesAsync(card.AccountId));
        var holdById = (await auth.HoldsAsync(card.AccountId)).Single(h => h.Num("authorized") == 4_000).Num("id");
        Assert.Equal(token, AuthLog.Last(auth, card.AccountId).Str("cardToken"));

        string[] lines =
        [
            JsonSerializer.Serialize(new { reference = "r1", cardToken = token, amount = 4_000, holdId = holdById, type = "purchase" }),
            JsonSerializer.Serialize(new { reference = "r2", cardToken = token, amount = 2_000, rrn = byRrn.GetString(IsoField.Rrn), final = false, type = "purchase" }),
            JsonSerializer.Serialize(new { reference = "r3", cardToken = token, amount = 1_500, currency = "USD", type = "purchase" }),
            JsonSerializer.Serialize(new { reference = "r4", cardToken = token, amount = 700, type = "refund" }),
            JsonSerializer.Serialize(new { reference = "r5", cardToken = token, amount = 1_000, holdId = expiredHold, type = "purchase" }),
            JsonSerializer.Serialize(new { reference = "r6", cardToken = token, amount = 2_000, approvalCode = byCode.GetString(IsoField.ApprovalCode), type = "purchase" }),
            JsonSerializer.Serialize(new { reference = "r1", cardToken = token, amount = 4_000, holdId = holdById, type = "purchase" }),
            JsonSerializer.Serialize(new { reference = "r7", cardToken = new string('0', 64), amount = 100, type = "purchase" }),
            "{not json",
        ];
        var file = string.Join('\n', lines) + "\n";

        var first = await PostClearingAsync(auth, file);

        Assert.Equal(["cleared", "partially_cleared", "force_post", "refund", "late_clearing", "cleared", "duplicate"], first.Take(7).Select(r => r.Str("outcome")));
        Assert.Equal(holdById, first[0].Num("holdId"));
        Assert.Equal(expiredHold, first[4].Num("holdId"));
        Assert.Equal(first[0].Num("seq"), first[6].Num("seq"));
        Assert.Equal("cardToken", first[7].Str("field"));
        Assert.Equal(9, first[8].Num("line"));

        // 50000 - 4000 - 2000 - 1500 + 700 - 1000 - 2000; the RRN hold keeps 3000 (not final).
        Assert.Equal((40_200L, 3_000L, 37_200L), await auth.BalancesAsync(card.AccountId));
        var head = AuthLog.Head(auth);

        var again = await PostClearingAsync(auth, file);

        Assert.All(again.Take(7), r => Assert.Equal("duplicate", r.Str("outcome")));
        Assert.Equal(first.Take(6).Select(r => r.Num("seq")), again.Take(6).Select(r => r.Num("seq")));
        Assert.Equal((40_200L, 3_000L, 37_200L), await auth.BalancesAsync(card.AccountId));
        Assert.Equal(head, AuthLog.Head(auth));
    }

    [Fact]
    public async Task Clearing_file_line_sent_twice_moves_money_once()
    {
        var (auth, card) = await StartAsync(balance: 10_000);
        await using var _ = auth;
        var token = CardToken.FromPan(Convert.FromHexString(TestAuthorizer.PanKey), Encoding.ASCII.GetBytes(card.Pan)).ToString();
        var line = JsonSerializer.Serialize(new { reference = "same", cardToken = token, amount = 1_000, type = "purchase" });

        var first = await PostClearingAsync(auth, line);
        var second = await PostClearingAsync(auth, line);

        Assert.Equal("force_post", Assert.Single(first).Str("outcome"));
        Assert.Equal("duplicate", Assert.Single(second).Str("outcome"));
        Assert.Equal(1_000, second[0].Num("posted"));
        Assert.Equal((9_000L, 0L, 9_000L), await auth.BalancesAsync(card.AccountId));
    }

    private static async Task<JsonElement[]> PostClearingAsync(TestAuthorizer auth, string ndjson)
    {
        using var content = new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson");
        var response = await auth.Http.PostAsync(new Uri("/v1/clearing", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
