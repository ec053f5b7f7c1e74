using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Baas.Authorizer.Tests.Harness;
using Baas.Events;
using Baas.Iso8583;

namespace Baas.Authorizer.Tests;

/// <summary>
/// The management API over real HTTP: authentication and program isolation, validation (400 naming the
/// field, never 500), conflicts (409), idempotency, bulk import, reservations, and account and card states
/// as the ISO socket then sees them.
/// </summary>
public sealed class ManagementApiTests(AuthorizerFixture fixture) : IClassFixture<AuthorizerFixture>
{
    private TestAuthorizer Auth => fixture.Auth;

    /// <summary>One HTTP call with a chosen bearer key (null: none) and a JSON body given as an object or as raw text.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpMethod method, string path, object? body = null, string? raw = null, string? key = TestAuthorizer.AdminKey, string contentType = "application/json")
    {
        using var http = new HttpClient { BaseAddress = Auth.Http.BaseAddress };
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (raw is not null || body is not null)
        {
            request.Content = new StringContent(raw ?? JsonSerializer.Serialize(body, EventJson.Options), Encoding.UTF8, contentType);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object body, string? key = TestAuthorizer.AdminKey) => CallAsync(HttpMethod.Post, path, body, key: key);

    private static void AssertError(HttpStatusCode expected, (HttpStatusCode Status, JsonElement Body) actual, string? field = null)
    {
        Assert.True(expected == actual.Status, $"expected {(int)expected}, got {(int)actual.Status}: {actual.Body}");
        var error = actual.Body.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.Str("message")));
        if (field is not null)
        {
            Assert.Equal(field, error.Str("field"));
        }
    }

    private async Task<string> ProgramKeyAsync(string programId)
    {
        var (status, body) = await PostAsync($"/v1/programs/{programId}/keys", new { });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(programId, body.Str("programId"));
        Assert.StartsWith("key_", body.Str("keyId"), StringComparison.Ordinal);
        return body.Str("key")!;
    }

    private async Task<IsoMessage> AuthorizeAsync(string pan, long amount)
    {
        await using var client = await Auth.ConnectAsync();
        return await client.SendAsync(Requests.Authorization(pan, amount));
    }

    public static TheoryData<string, string, string?> Unauthenticated => new()
    {
        { "GET", "/v1/accounts/{account}", null },
        { "POST", "/v1/accounts", "wrong-key" },
        { "POST", "/v1/programs", "" },
        { "POST", "/v1/accounts/{account}/credits", "wrong-key" },
        { "GET", "/v1/cards/{card}", TestAuthorizer.AdminKey + "x" },
        { "POST", "/v1/clearing", "bk_0000" },
        { "POST", "/v1/import", null },
    };

    [Theory]
    [MemberData(nameof(Unauthenticated))]
    public async Task Requests_without_a_valid_key_are_401_and_change_nothing(string method, string path, string? key)
    {
        var card = await fixture.NewCardAsync(balance: 1_000);
        var target = path.Replace("{account}", card.AccountId, StringComparison.Ordinal).Replace("{card}", card.CardId, StringComparison.Ordinal);

        var result = await CallAsync(new HttpMethod(method), target, method == "POST" ? new { amount = 5, reference = "x", programId = fixture.ProgramId, currency = "USD" } : null, key: key);

        AssertError(HttpStatusCode.Unauthorized, result);
        Assert.Equal((1_000L, 0L, 1_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Basic_authentication_is_not_accepted()
    {
        using var http = new HttpClient { BaseAddress = Auth.Http.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + TestAuthorizer.AdminKey)));

        var response = await http.GetAsync(new Uri($"/v1/accounts/x", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Accounts_list_page_by_page_in_opening_order_and_a_program_key_lists_only_its_own()
    {
        var (programA, binA) = await Auth.NewProgramAsync();
        var (programB, binB) = await Auth.NewProgramAsync();
        var keyA = await ProgramKeyAsync(programA);
        var mine = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add((await Auth.NewCardAsync(programA, binA, balance: 100 + i)).AccountId);
            await Auth.NewCardAsync(programB, binB, balance: 7);
        }

        // The administrator pages through everything (other tests' accounts too): every account once, in order.
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var (status, page) = await CallAsync(HttpMethod.Get, "/v1/accounts?limit=3" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(page.GetProperty("accounts").GetArrayLength() <= 3);
            all.AddRange(page.GetProperty("accounts").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null; // absent on the last page
        }
        while (cursor is not null);

        var ids = all.Select(a => a.Str("id")!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(mine, ids.Where(mine.Contains));
        var first = all.Single(a => a.Str("id") == mine[0]);
        Assert.Equal((programA, "USD", 100L, 0L), (first.Str("programId"), first.Str("currency"), first.GetProperty("posted").GetInt64(), first.GetProperty("held").GetInt64()));

        // A program key sees its own accounts and nothing else.
        var own = new List<JsonElement>();
        do
        {
            var (_, page) = await CallAsync(HttpMethod.Get, "/v1/accounts?limit=1000" + (cursor is null ? "" : "&cursor=" + cursor), key: keyA);
            own.AddRange(page.GetProperty("accounts").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null; // absent on the last page
        }
        while (cursor is not null);

        Assert.All(own, a => Assert.Equal(programA, a.Str("programId")));
        Assert.Equal(mine, own.Select(a => a.Str("id")!).ToList());

        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Get, "/v1/accounts?cursor=abc"), "cursor");
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Get, "/v1/accounts?limit=0"), "limit");
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Get, "/v1/accounts?limit=1001"), "limit");
        AssertError(HttpStatusCode.Unauthorized, await CallAsync(HttpMethod.Get, "/v1/accounts", key: null));
    }

    [Fact]
    public async Task Program_key_sees_only_its_own_program()
    {
        var (programA, binA) = await Auth.NewProgramAsync();
        var (programB, binB) = await Auth.NewProgramAsync();
        var keyA = await ProgramKeyAsync(programA);
        var keyB = await ProgramKeyAsync(programB);
        var mine = await Auth.NewCardAsync(programA, binA, balance: 1_000);
        var theirs = await Auth.NewCardAsync(programB, binB, balance: 1_000);

        // Its own objects.
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, $"/v1/accounts/{mine.AccountId}", key: keyA)).Status);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, $"/v1/cards/{mine.CardId}", key: keyA)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/v1/accounts/{mine.AccountId}/credits", new { amount = 10, reference = "own" }, keyA)).Status);

        // Another program's objects do not exist for it.
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, $"/v1/accounts/{theirs.AccountId}", key: keyA));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, $"/v1/cards/{theirs.CardId}", key: keyA));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, $"/v1/accounts/{theirs.AccountId}/holds", key: keyA));
        AssertError(HttpStatusCode.NotFound, await PostAsync($"/v1/accounts/{theirs.AccountId}/credits", new { amount = 10, reference = "steal" }, keyA));
        AssertError(HttpStatusCode.NotFound, await PostAsync($"/v1/accounts/{theirs.AccountId}/debits", new { amount = 10, reference = "steal" }, keyA));
        AssertError(HttpStatusCode.NotFound, await PostAsync($"/v1/accounts/{theirs.AccountId}/reservations", new { amount = 10, reference = "steal" }, keyA));
        AssertError(HttpStatusCode.NotFound, await PostAsync($"/v1/accounts/{theirs.AccountId}/state", new { state = "frozen" }, keyA));
        AssertError(HttpStatusCode.NotFound, await PostAsync($"/v1/cards/{theirs.CardId}/state", new { state = "frozen" }, keyA));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Put, $"/v1/cards/{theirs.CardId}/controls", new { perTransactionLimit = 1 }, key: keyA));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, $"/v1/accounts/{mine.AccountId}", key: keyB));

        // Administrator's work.
        AssertError(HttpStatusCode.Forbidden, await PostAsync("/v1/programs", new { id = Unique.Id("prog"), name = "x", bins = new[] { Unique.Bin() } }, keyA));
        AssertError(HttpStatusCode.Forbidden, await PostAsync($"/v1/programs/{programA}/keys", new { }, keyA));
        AssertError(HttpStatusCode.Forbidden, await CallAsync(HttpMethod.Post, "/v1/clearing", raw: "{}", key: keyA));

        // Accounts only in its own program.
        AssertError(HttpStatusCode.NotFound, await PostAsync("/v1/accounts", new { programId = programB, currency = "USD" }, keyA));
        var (status, created) = await PostAsync("/v1/accounts", new { currency = "USD" }, keyA);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(programA, created.Str("programId"));
        (status, created) = await PostAsync("/v1/accounts", new { programId = programA, currency = "EUR" }, keyA);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(programA, created.Str("programId"));

        // A card on another program's account fails exactly as one on an account that does not exist.
        var onTheirs = await PostAsync("/v1/cards", new { accountId = theirs.AccountId, pan = Cards.NewPan(binB), expiry = "2812" }, keyA);
        var onNothing = await PostAsync("/v1/cards", new { accountId = "no-such-account", pan = Cards.NewPan(binB), expiry = "2812" }, keyA);
        Assert.Equal(onNothing.Status, onTheirs.Status);
        Assert.Equal(onNothing.Body.ToString(), onTheirs.Body.ToString());

        // Nothing of theirs moved.
        Assert.Equal((1_000L, 0L, 1_000L), await Auth.BalancesAsync(theirs.AccountId));
        Assert.Equal("active", (await Auth.GetJsonAsync($"/v1/cards/{theirs.CardId}")).Str("state"));
    }

    [Fact]
    public async Task Program_key_import_stays_in_its_program()
    {
        var (programA, binA) = await Auth.NewProgramAsync();
        var (programB, binB) = await Auth.NewProgramAsync();
        var keyA = await ProgramKeyAsync(programA);
        var theirs = await Auth.NewCardAsync(programB, binB);
        var accountId = Unique.Id("acc");
        var lines = string.Join('\n',
            JsonSerializer.Serialize(new { type = "program", id = Unique.Id("prog"), name = "x", bins = new[] { Unique.Bin() } }),
            JsonSerializer.Serialize(new { type = "account", id = accountId, programId = programB, currency = "USD" }),
            JsonSerializer.Serialize(new { type = "card", accountId = theirs.AccountId, pan = Cards.NewPan(binB), expiry = "2812" }),
            JsonSerializer.Serialize(new { type = "credit", accountId = theirs.AccountId, amount = 100, reference = "steal" }));

        var (status, result) = await CallAsync(HttpMethod.Post, "/v1/import", raw: lines, key: keyA, contentType: "application/x-ndjson");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(4, result.Num("lines"));
        Assert.Equal(1, result.Num("imported"));
        Assert.Equal(3, result.Num("failed"));
        Assert.Equal([1, 3, 4], result.GetProperty("errors").EnumerateArray().Select(e => e.Num("line")));
        Assert.Equal("type", result.GetProperty("errors")[0].Str("field"));

        // The account line was taken into the key's own program.
        Assert.Equal(programA, (await Auth.GetJsonAsync($"/v1/accounts/{accountId}")).Str("programId"));
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(theirs.AccountId));
        _ = binA;
    }

    public static TheoryData<string, string, string, string?> BadInputs => new()
    {
        { "POST", "/v1/accounts", "{\"programId\":", null },
        { "POST", "/v1/accounts", "[1,2,3]", null },
        { "POST", "/v1/accounts", "null", null },
        { "POST", "/v1/accounts", "", null },
        { "POST", "/v1/accounts", "{\"currency\":\"USD\"}", "programId" },
        { "POST", "/v1/accounts", "{\"programId\":\"no-such-program\",\"currency\":\"USD\"}", "programId" },
        { "POST", "/v1/accounts", "{\"programId\":\"{program}\",\"currency\":\"XYZ\"}", "currency" },
        { "POST", "/v1/accounts", "{\"programId\":\"{program}\"}", "currency" },
        { "POST", "/v1/accounts", "{\"programId\":\"{program}\",\"currency\":\"USD\",\"overdraftLimit\":-1}", "overdraftLimit" },
        { "POST", "/v1/accounts", "{\"programId\":\"{program}\",\"currency\":\"USD\",\"overdraftLimit\":\"lots\"}", "overdraftLimit" },
        { "POST", "/v1/accounts", "{\"id\":\"has spaces\",\"programId\":\"{program}\",\"currency\":\"USD\"}", "id" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"{badluhn}\",\"expiry\":\"2812\"}", "pan" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"{otherbin}\",\"expiry\":\"2812\"}", "pan" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"4000\",\"expiry\":\"2812\"}", "pan" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"{pan}\",\"expiry\":\"2813\"}", "expiry" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"{pan}\",\"expiry\":\"12/28\"}", "expiry" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"{pan}\"}", "expiry" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"{pan}\",\"expiry\":\"2812\",\"controls\":{\"mccBlock\":[\"54111\"]}}", "controls" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"{pan}\",\"expiry\":\"2812\",\"controls\":{\"mccAllow\":[null]}}", "controls" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"{pan}\",\"expiry\":\"2812\",\"state\":\"misplaced\"}", "state" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"{pan}\",\"expiry\":\"2812\",\"type\":\"plastic\"}", "type" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"{pan}\",\"expiry\":\"2812\",\"cvv2\":\"12\"}", "cvv2" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":\"{pan}\",\"expiry\":\"2812\",\"pin\":\"12a4\"}", "pin" },
        { "POST", "/v1/cards", "{\"pan\":\"{pan}\",\"expiry\":\"2812\"}", "accountId" },
        { "POST", "/v1/cards", "{\"accountId\":\"{account}\",\"pan\":4000001234567899,\"expiry\":\"2812\"}", "pan" },
        { "POST", "/v1/cards/{card}/state", "{\"state\":\"misplaced\"}", "state" },
        { "POST", "/v1/cards/{card}/state", "{}", "state" },
        { "PUT", "/v1/cards/{card}/controls", "{\"mccAllow\":[\"541\"]}", "controls" },
        { "PUT", "/v1/cards/{card}/controls", "{\"countryBlock\":[\"USA\"]}", "controls" },
        { "PUT", "/v1/cards/{card}/controls", "{\"dailyLimit\":-5}", "controls" },
        { "PUT", "/v1/cards/{card}/controls", "{\"ecommerce\":\"sometimes\"}", "ecommerce" },
        { "POST", "/v1/programs", "{\"id\":\"{newprogram}\",\"name\":\"x\",\"bins\":[\"12\"]}", "bins" },
        { "POST", "/v1/programs", "{\"id\":\"{newprogram}\",\"name\":\"x\",\"bins\":[]}", "bins" },
        { "POST", "/v1/programs", "{\"id\":\"{newprogram}\",\"bins\":[\"{newbin}\"]}", "name" },
        { "POST", "/v1/programs", "{\"name\":\"x\",\"bins\":[\"{newbin}\"]}", "id" },
        { "POST", "/v1/programs", "{\"id\":\"{newprogram}\",\"name\":\"x\",\"bins\":[\"{newbin}\"],\"settings\":{\"holdDays\":0}}", "settings" },
        { "POST", "/v1/programs", "{\"id\":\"{newprogram}\",\"name\":\"x\",\"bins\":[\"{newbin}\"],\"settings\":{\"country\":null}}", "settings" },
        { "POST", "/v1/programs", "{\"id\":\"{newprogram}\",\"name\":\"x\",\"bins\":[\"{newbin}\"],\"settings\":{\"highRiskSingleMax\":-1}}", "settings" },
        { "POST", "/v1/accounts/{account}/credits", "{\"amount\":0,\"reference\":\"r\"}", "amount" },
        { "POST", "/v1/accounts/{account}/credits", "{\"amount\":-100,\"reference\":\"r\"}", "amount" },
        { "POST", "/v1/accounts/{account}/credits", "{\"reference\":\"r\"}", "amount" },
        { "POST", "/v1/accounts/{account}/credits", "{\"amount\":100}", "reference" },
        { "POST", "/v1/accounts/{account}/credits", "{\"amount\":100,\"reference\":\"0123456789012345678901234567890123456789X\"}", "reference" },
        { "POST", "/v1/accounts/{account}/credits", "{\"amount\":\"1e3\",\"reference\":\"r\"}", "amount" },
        { "POST", "/v1/accounts/{account}/debits", "{\"amount\":1.5,\"reference\":\"r\"}", "amount" },
        { "POST", "/v1/accounts/{account}/reservations", "{\"amount\":-1,\"reference\":\"r\"}", "amount" },
        { "POST", "/v1/accounts/{account}/reservations", "{\"amount\":10}", "reference" },
        { "POST", "/v1/accounts/{account}/state", "{\"state\":\"sleeping\"}", "state" },
        { "POST", "/v1/accounts/{account}/state", "{\"customerStatus\":\"meh\"}", "customerStatus" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_400_naming_the_field(string method, string path, string body, string? field)
    {
        var card = await fixture.NewCardAsync(balance: 1_000);
        var pan = Cards.NewPan(fixture.Bin);
        var badLuhn = pan[..^1] + (char)('0' + ((pan[^1] - '0' + 1) % 10));
        string Fill(string text) => text
            .Replace("{account}", card.AccountId, StringComparison.Ordinal)
            .Replace("{card}", card.CardId, StringComparison.Ordinal)
            .Replace("{program}", fixture.ProgramId, StringComparison.Ordinal)
            .Replace("{newprogram}", Unique.Id("prog"), StringComparison.Ordinal)
            .Replace("{newbin}", Unique.Bin(), StringComparison.Ordinal)
            .Replace("{badluhn}", badLuhn, StringComparison.Ordinal)
            .Replace("{otherbin}", Cards.NewPan("499999"), StringComparison.Ordinal)
            .Replace("{pan}", pan, StringComparison.Ordinal);
        var head = AuthLog.Head(Auth);

        var result = await CallAsync(new HttpMethod(method), Fill(path), raw: Fill(body));

        AssertError(HttpStatusCode.BadRequest, result, field);
        if (field is not null)
        {
            Assert.Contains(field, result.Body.GetProperty("error").Str("message")!, StringComparison.OrdinalIgnoreCase);
        }

        // Refused before anything was logged or changed.
        Assert.Equal(head, AuthLog.Head(Auth));
        Assert.Equal((1_000L, 0L, 1_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Theory]
    [InlineData("GET", "/v1/accounts/no-such-account")]
    [InlineData("GET", "/v1/cards/no-such-card")]
    [InlineData("GET", "/v1/accounts/no-such-account/holds")]
    [InlineData("POST", "/v1/accounts/no-such-account/credits")]
    [InlineData("POST", "/v1/cards/no-such-card/state")]
    [InlineData("POST", "/v1/programs/no-such-program/keys")]
    [InlineData("GET", "/v1/accounts/an-account-id-that-is-far-longer-than-any-key-can-hold-whole")]
    public async Task Unknown_objects_are_404(string method, string path)
    {
        AssertError(HttpStatusCode.NotFound, await CallAsync(new HttpMethod(method), path, method == "POST" ? new { amount = 1, reference = "r", state = "frozen" } : null));
    }

    [Fact]
    public async Task Duplicates_and_illegal_changes_are_409()
    {
        var card = await fixture.NewCardAsync(balance: 1_000);

        AssertError(HttpStatusCode.Conflict, await PostAsync("/v1/programs", new { id = fixture.ProgramId, name = "again", bins = new[] { Unique.Bin() } }), "id");
        AssertError(HttpStatusCode.Conflict, await PostAsync("/v1/programs", new { id = Unique.Id("prog"), name = "same bin", bins = new[] { fixture.Bin } }), "bins");
        AssertError(HttpStatusCode.Conflict, await PostAsync("/v1/accounts", new { id = card.AccountId, programId = fixture.ProgramId, currency = "USD" }), "id");
        AssertError(HttpStatusCode.Conflict, await PostAsync("/v1/cards", new { accountId = card.AccountId, pan = card.Pan, expiry = "2812" }), "pan");
        AssertError(HttpStatusCode.Conflict, await PostAsync("/v1/cards", new { id = card.CardId, accountId = card.AccountId, pan = Cards.NewPan(fixture.Bin), expiry = "2812" }), "id");
        AssertError(HttpStatusCode.Conflict, await PostAsync($"/v1/accounts/{card.AccountId}/credits", new { amount = 999, reference = "opening-" + card.AccountId }), "reference");
        AssertError(HttpStatusCode.Conflict, await PostAsync($"/v1/accounts/{card.AccountId}/debits", new { amount = 1_000, reference = "opening-" + card.AccountId }), "reference");
        AssertError(HttpStatusCode.Conflict, await PostAsync($"/v1/accounts/{card.AccountId}/debits", new { amount = 1_001, reference = "too-much" }), "amount");
        AssertError(HttpStatusCode.Conflict, await PostAsync($"/v1/accounts/{card.AccountId}/reservations", new { amount = 1_001, reference = "too-much" }), "amount");
        AssertError(HttpStatusCode.Conflict, await PostAsync($"/v1/cards/{card.CardId}/state", new { state = "active" }), "state");
        AssertError(HttpStatusCode.Conflict, await PostAsync($"/v1/cards/{card.CardId}/state", new { state = "ordered" }), "state");

        Assert.Equal((1_000L, 0L, 1_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Theory]
    [InlineData("closed", "active")]
    [InlineData("closed", "frozen")]
    [InlineData("lost", "active")]
    [InlineData("stolen", "frozen")]
    public async Task Card_state_transitions_out_of_final_states_are_409(string from, string to)
    {
        var card = await fixture.NewCardAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/v1/cards/{card.CardId}/state", new { state = from, reason = "test" })).Status);

        AssertError(HttpStatusCode.Conflict, await PostAsync($"/v1/cards/{card.CardId}/state", new { state = to }), "state");

        Assert.Equal(from, (await Auth.GetJsonAsync($"/v1/cards/{card.CardId}")).Str("state"));
    }

    [Fact]
    public async Task Card_lifecycle_through_the_api_and_the_socket()
    {
        var card = await fixture.NewCardAsync(balance: 1_000, state: "ordered");
        Assert.Equal("78", (await AuthorizeAsync(card.Pan, 100)).Code());

        foreach (var (state, code) in new[] { ("shipped", "78"), ("active", "00"), ("frozen", "62"), ("active", "00"), ("lost", "41"), ("closed", "46") })
        {
            var (status, view) = await PostAsync($"/v1/cards/{card.CardId}/state", new { state, reason = "lifecycle" });
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(state, view.Str("state"));
            Assert.Equal(code, (await AuthorizeAsync(card.Pan, 100)).Code());
        }

        var changes = AuthLog.Read(Auth).Where(e => e.Str("type") == "card_state_changed" && e.Str("cardId") == card.CardId).ToList();
        Assert.Equal(6, changes.Count);
        Assert.Equal("lifecycle", changes[0].Str("reason"));
    }

    [Fact]
    public async Task Card_is_created_and_shown_without_its_number()
    {
        var account = Unique.Id("acc");
        await Auth.CreateAccountAsync(account, fixture.ProgramId);
        var pan = Cards.NewPan(fixture.Bin);

        var (status, created) = await PostAsync("/v1/cards", new { accountId = account, pan, expiry = "2812", type = "physical", cvv2 = "123", pin = "1234", controls = new { dailyLimit = 5_000, mccBlock = new[] { "7995" } } });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(pan[^4..], created.Str("last4"));
        Assert.Equal("active", created.Str("state"));
        var view = await Auth.GetJsonAsync($"/v1/cards/{created.Str("id")}");
        Assert.Equal("physical", view.Str("type"));
        Assert.Equal(5_000, view.GetProperty("controls").Num("dailyLimit"));
        Assert.Equal(["7995"], view.GetProperty("controls").GetProperty("mccBlock").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(pan, created.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(pan, view.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(pan[6..], view.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_card_number_is_written_to_the_log_or_the_state_files()
    {
        var card = await fixture.NewCardAsync(balance: 5_000, cvv2: "321", pin: "9876");
        await using (var client = await Auth.ConnectAsync())
        {
            var purchase = Requests.Authorization(card.Pan, 1_000, de48: "CV003321");
            Assert.Equal("00", (await client.SendAsync(purchase)).Code());
            Assert.Equal("N7", (await client.SendAsync(Requests.Authorization(card.Pan, 1_000, de48: "CV003999"))).Code());
            Assert.Equal("00", (await client.SendAsync(Requests.Reversal(purchase))).Code());
            Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 100, mti: 200).WithPin("9876"))).Code());
        }

        await Auth.Engine.CheckpointNowAsync();
        Assert.Contains(AuthLog.Read(Auth), e => e.Str("cardId") == card.CardId && e.Str("type") == "authorization");
        var middle = card.Pan[6..12];
        foreach (var file in Directory.EnumerateFiles(Auth.DataDirectory, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file);
            }
            catch (IOException)
            {
                continue;
            }

            Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(card.Pan)) < 0, $"{file} holds the PAN");
            Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(card.Pan[..6] + middle)) < 0, $"{file} holds the first twelve digits of the PAN");
        }
    }

    [Fact]
    public async Task Credits_and_debits_are_idempotent_by_reference()
    {
        var card = await fixture.NewCardAsync(balance: 0);
        var path = $"/v1/accounts/{card.AccountId}";

        var (status, first) = await PostAsync(path + "/credits", new { amount = 2_500, reference = "payroll-1" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2_500, first.Num("posted"));
        var head = AuthLog.Head(Auth);
        var (againStatus, again) = await PostAsync(path + "/credits", new { amount = 2_500, reference = "payroll-1" });

        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Equal(first.Num("seq"), again.Num("seq"));
        Assert.Equal(head, AuthLog.Head(Auth));
        Assert.Equal((2_500L, 0L, 2_500L), await Auth.BalancesAsync(card.AccountId));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(path + "/debits", new { amount = 1_000, reference = "fee-1" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(path + "/debits", new { amount = 1_000, reference = "fee-1" })).Status);
        Assert.Equal((1_500L, 0L, 1_500L), await Auth.BalancesAsync(card.AccountId));
        Assert.Equal("00", (await AuthorizeAsync(card.Pan, 1_500)).Code());

        var credited = AuthLog.Read(Auth).Where(e => e.Str("accountId") == card.AccountId && e.Str("type") == "account_credited").ToList();
        Assert.Single(credited);
    }

    [Fact]
    public async Task Long_references_that_differ_only_at_the_end_are_different_references()
    {
        var accountId = "account-" + new string('x', 32);
        await Auth.CreateAccountAsync(accountId, fixture.ProgramId);
        var path = $"/v1/accounts/{accountId}";
        var prefix = "settlement-2026-11-21-batch-000000000";

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(path + "/credits", new { amount = 100, reference = prefix + "001" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(path + "/credits", new { amount = 100, reference = prefix + "002" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(path + "/credits", new { amount = 200, reference = prefix + "003" })).Status);
        Assert.Equal((400L, 0L, 400L), await Auth.BalancesAsync(accountId));

        var (status, first) = await PostAsync(path + "/reservations", new { amount = 50, reference = prefix + "001" });
        Assert.Equal(HttpStatusCode.Created, status);
        var (status2, second) = await PostAsync(path + "/reservations", new { amount = 70, reference = prefix + "002" });
        Assert.Equal(HttpStatusCode.Created, status2);
        Assert.NotEqual(first.Num("reservationId"), second.Num("reservationId"));
        Assert.Equal((400L, 120L, 280L), await Auth.BalancesAsync(accountId));

        // And the same long reference again is still recognised.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(path + "/credits", new { amount = 100, reference = prefix + "001" })).Status);
        Assert.Equal((400L, 120L, 280L), await Auth.BalancesAsync(accountId));
    }

    [Fact]
    public async Task Account_is_opened_with_its_view()
    {
        var id = Unique.Id("acc");

        var (status, view) = await PostAsync("/v1/accounts", new { id, programId = fixture.ProgramId, currency = "eur", overdraftLimit = 500 });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(id, view.Str("id"));
        Assert.Equal(fixture.ProgramId, view.Str("programId"));
        Assert.Equal("EUR", view.Str("currency"));
        Assert.Equal(0, view.Num("posted"));
        Assert.Equal(0, view.Num("held"));
        Assert.Equal(500, view.Num("available"));
        Assert.Equal(500, view.Num("overdraftLimit"));
        Assert.Equal("active", view.Str("state"));
        Assert.Equal("ok", view.Str("customerStatus"));

        var (generated, other) = await PostAsync("/v1/accounts", new { programId = fixture.ProgramId, currency = "USD" });
        Assert.Equal(HttpStatusCode.Created, generated);
        Assert.False(string.IsNullOrEmpty(other.Str("id")));
    }

    [Fact]
    public async Task Import_takes_the_good_lines_and_reports_the_bad_ones()
    {
        var programId = Unique.Id("prog");
        var bin = Unique.Bin();
        var accountId = Unique.Id("acc");
        var pan = Cards.NewPan(bin);
        var lines = new[]
        {
            JsonSerializer.Serialize(new { type = "program", id = programId, name = "Imported", bins = new[] { bin } }),
            JsonSerializer.Serialize(new { type = "account", id = accountId, programId, currency = "USD" }),
            JsonSerializer.Serialize(new { type = "card", id = accountId + "-card", accountId, pan, expiry = "2812", cardType = "virtual" }),
            JsonSerializer.Serialize(new { type = "credit", accountId, amount = 4_000, reference = "import-1" }),
            "",
            JsonSerializer.Serialize(new { type = "card", accountId, pan = pan[..^1] + (pan[^1] == '9' ? '0' : (char)(pan[^1] + 1)), expiry = "2812" }),
            JsonSerializer.Serialize(new { type = "account", id = Unique.Id("acc"), programId, currency = "ZZZ" }),
            "{ this is not json",
            JsonSerializer.Serialize(new { type = "wallet", id = "w1" }),
            JsonSerializer.Serialize(new { type = "card", accountId, pan = Cards.NewPan(bin), expiry = "2812", cardType = "cardboard" }),
            "null",
            JsonSerializer.Serialize(new { type = "program", id = Unique.Id("prog"), name = "Bad", bins = new[] { Unique.Bin() }, settings = new { country = (string?)null } }),
        };

        var (status, result) = await CallAsync(HttpMethod.Post, "/v1/import", raw: string.Join('\n', lines), contentType: "application/x-ndjson");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(12, result.Num("lines"));
        Assert.Equal(4, result.Num("imported"));
        Assert.Equal(7, result.Num("failed"));
        var errors = result.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([6, 7, 8, 9, 10, 11, 12], errors.Select(e => e.Num("line")));
        Assert.Equal(["pan", "currency", null, "type", "type", null, "settings"], errors.Select(e => e.Str("field")));
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.Str("message"))));

        // What was imported works end to end.
        Assert.Equal((4_000L, 0L, 4_000L), await Auth.BalancesAsync(accountId));
        Assert.Equal("00", (await AuthorizeAsync(pan, 1_000)).Code());
        Assert.Equal((4_000L, 1_000L, 3_000L), await Auth.BalancesAsync(accountId));
    }

    [Fact]
    public async Task Import_over_several_batches_applies_every_line_once_and_numbers_late_errors_right()
    {
        // 2,600 cards: the import works in batches of 1,000 that overlap (the next is parsed and tokenized while
        // the engine applies the previous), so this crosses batch boundaries with good and bad lines in each.
        var programId = Unique.Id("prog");
        var bin = Unique.Bin();
        var lines = new List<string> { JsonSerializer.Serialize(new { type = "program", id = programId, name = "Bulk", bins = new[] { bin } }) };
        var pans = new List<(string Pan, string Account)>();
        var badLines = new List<long>();
        for (var i = 0; i < 1_300; i++)
        {
            var accountId = $"{programId}-a{i}";
            var pan = Cards.NewPan(bin);
            lines.Add(JsonSerializer.Serialize(new { type = "account", id = accountId, programId, currency = "USD" }));
            if (i % 250 == 7)
            {
                // Outside the BIN and a bad expiry: the BIN is reported (as for a single card), and nothing is stored.
                lines.Add(JsonSerializer.Serialize(new { type = "card", accountId, pan = Cards.NewPan("411111"), expiry = "2899" }));
                badLines.Add(lines.Count);
            }
            else
            {
                lines.Add(JsonSerializer.Serialize(new { type = "card", accountId, pan, expiry = "2812", cvv2 = "123" }));
                pans.Add((pan, accountId));
            }

            lines.Add(JsonSerializer.Serialize(new { type = "credit", accountId, amount = 1_000 + i, reference = "opening" }));
        }

        // The same card twice, in different batches: the second is a conflict.
        lines.Add(JsonSerializer.Serialize(new { type = "card", accountId = pans[0].Account, pan = pans[0].Pan, expiry = "2812" }));
        badLines.Add(lines.Count);

        var (status, result) = await CallAsync(HttpMethod.Post, "/v1/import", raw: string.Join('\n', lines), contentType: "application/x-ndjson");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(lines.Count, result.Num("lines"));
        Assert.Equal(badLines.Count, result.Num("failed"));
        Assert.Equal(lines.Count - badLines.Count, result.Num("imported"));
        var errors = result.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(badLines, errors.Select(e => e.Num("line")));
        Assert.Equal(Enumerable.Repeat("pan", badLines.Count), errors.Select(e => e.Str("field")));
        Assert.DoesNotContain(result.GetRawText(), pans.Select(p => p.Pan));

        // Cards from the first, middle and last batches authorize against their own account's opening credit.
        foreach (var index in new[] { 0, pans.Count / 2, pans.Count - 1 })
        {
            var (pan, accountId) = pans[index];
            var (posted, _, _) = await Auth.BalancesAsync(accountId);
            Assert.Equal("00", (await AuthorizeAsync(pan, 500)).Code());
            Assert.Equal((posted, 500L, posted - 500), await Auth.BalancesAsync(accountId));
        }
    }

    [Fact]
    public async Task Import_of_an_empty_body_is_400()
    {
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Post, "/v1/import", raw: "", contentType: "application/x-ndjson"));
    }

    [Fact]
    public async Task Clearing_file_lines_that_are_bad_are_reported_per_line()
    {
        var card = await fixture.NewCardAsync(balance: 1_000);
        var token = CardToken.FromPan(Convert.FromHexString(TestAuthorizer.PanKey), Encoding.ASCII.GetBytes(card.Pan)).ToString();
        var lines = string.Join('\n',
            "null",
            JsonSerializer.Serialize(new { reference = "c1", cardToken = token, amount = 100, mcc = "ABCD" }),
            JsonSerializer.Serialize(new { reference = "c2", cardToken = token, amount = 100, type = "refnud" }),
            JsonSerializer.Serialize(new { reference = "c3", cardToken = token, amount = 0 }),
            JsonSerializer.Serialize(new { reference = "c4", cardToken = token, amount = 100, currency = "EUR" }),
            JsonSerializer.Serialize(new { cardToken = token, amount = 100 }),
            JsonSerializer.Serialize(new { reference = "c6", cardToken = "not-a-token", amount = 100 }));

        var (status, result) = await CallAsync(HttpMethod.Post, "/v1/clearing", raw: lines, contentType: "application/x-ndjson");

        Assert.Equal(HttpStatusCode.OK, status);
        var entries = result.EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], entries.Select(e => e.Num("line")));
        Assert.Equal([null, "mcc", "type", "amount", "currency", "reference", "cardToken"], entries.Select(e => e.Str("field")));
        Assert.Equal((1_000L, 0L, 1_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Reservations_reduce_available_and_release_restores_it()
    {
        var card = await fixture.NewCardAsync(balance: 5_000);
        var path = $"/v1/accounts/{card.AccountId}/reservations";

        var (status, reserved) = await PostAsync(path, new { amount = 4_000, reference = "ach-out-1", expiresInDays = 3 });

        Assert.Equal(HttpStatusCode.Created, status);
        var id = reserved.Num("reservationId");
        Assert.Equal(1_000, reserved.Num("available"));
        Assert.Equal((5_000L, 4_000L, 1_000L), await Auth.BalancesAsync(card.AccountId));
        var hold = Assert.Single(await Auth.HoldsAsync(card.AccountId));
        Assert.Equal("reservation", hold.Str("kind"));
        Assert.Equal("ach-out-1", hold.Str("reference"));
        Assert.Equal(Auth.Clock.GetUtcNow().AddDays(3), hold.GetProperty("expiresAt").GetDateTimeOffset());

        // Cards and payments share one available balance.
        Assert.Equal("51", (await AuthorizeAsync(card.Pan, 2_000)).Code());

        // The same reservation again is the same reservation.
        var (againStatus, again) = await PostAsync(path, new { amount = 4_000, reference = "ach-out-1" });
        Assert.Equal(HttpStatusCode.Created, againStatus);
        Assert.Equal(id, again.Num("reservationId"));
        AssertError(HttpStatusCode.Conflict, await PostAsync(path, new { amount = 3_000, reference = "ach-out-1" }), "reference");
        Assert.Equal((5_000L, 4_000L, 1_000L), await Auth.BalancesAsync(card.AccountId));

        // Release part of it, then post the rest.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"{path}/{id}/release", new { amount = 1_500, post = false })).Status);
        Assert.Equal((5_000L, 2_500L, 2_500L), await Auth.BalancesAsync(card.AccountId));
        AssertError(HttpStatusCode.BadRequest, await PostAsync($"{path}/{id}/release", new { amount = 2_501, post = true }), "amount");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"{path}/{id}/release", new { post = true })).Status);
        Assert.Equal((2_500L, 0L, 2_500L), await Auth.BalancesAsync(card.AccountId));
        var done = Assert.Single(await Auth.HoldsAsync(card.AccountId, all: true));
        Assert.Equal("cleared", done.Str("state"));
        Assert.Equal(2_500, done.Num("cleared"));

        AssertError(HttpStatusCode.Conflict, await PostAsync($"{path}/{id}/release", new { }), "reservationId");
        AssertError(HttpStatusCode.NotFound, await PostAsync($"{path}/999999/release", new { }));
        Assert.Equal("00", (await AuthorizeAsync(card.Pan, 2_000)).Code());
    }

    [Fact]
    public async Task Reservation_released_without_a_body_gives_everything_back()
    {
        var card = await fixture.NewCardAsync(balance: 5_000);
        var (_, reserved) = await PostAsync($"/v1/accounts/{card.AccountId}/reservations", new { amount = 1_000, reference = "r" });

        var (status, _) = await CallAsync(HttpMethod.Post, $"/v1/accounts/{card.AccountId}/reservations/{reserved.Num("reservationId")}/release");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((5_000L, 0L, 5_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Customer_status_reaches_the_card_suspended_62_restricted_57_ok_00()
    {
        var card = await fixture.NewCardAsync(balance: 5_000);
        var path = $"/v1/accounts/{card.AccountId}/state";

        foreach (var (status, code) in new[] { ("suspended", "62"), ("restricted", "57"), ("ok", "00") })
        {
            var (httpStatus, view) = await PostAsync(path, new { customerStatus = status, reason = "kyc" });
            Assert.Equal(HttpStatusCode.OK, httpStatus);
            Assert.Equal(status, view.Str("customerStatus"));
            Assert.Equal("active", view.Str("state"));
            Assert.Equal(code, (await AuthorizeAsync(card.Pan, 100)).Code());
        }

        Assert.Equal((5_000L, 100L, 4_900L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task A_card_cannot_be_activated_while_the_customer_is_not_ok()
    {
        var card = await fixture.NewCardAsync(balance: 5_000, state: "pending_activation");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/v1/accounts/{card.AccountId}/state", new { customerStatus = "suspended" })).Status);

        AssertError(HttpStatusCode.Conflict, await PostAsync($"/v1/cards/{card.CardId}/state", new { state = "active" }), "state");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/v1/accounts/{card.AccountId}/state", new { customerStatus = "ok" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/v1/cards/{card.CardId}/state", new { state = "active" })).Status);
        Assert.Equal("00", (await AuthorizeAsync(card.Pan, 100)).Code());
    }

    [Fact]
    public async Task Account_frozen_then_closed_stays_closed()
    {
        var card = await fixture.NewCardAsync(balance: 5_000);
        var path = $"/v1/accounts/{card.AccountId}/state";

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(path, new { state = "frozen" })).Status);
        Assert.Equal("62", (await AuthorizeAsync(card.Pan, 100)).Code());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(path, new { state = "active" })).Status);
        Assert.Equal("00", (await AuthorizeAsync(card.Pan, 100)).Code());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(path, new { state = "closed" })).Status);
        Assert.Equal("46", (await AuthorizeAsync(card.Pan, 100)).Code());

        AssertError(HttpStatusCode.Conflict, await PostAsync(path, new { state = "active" }), "state");
        AssertError(HttpStatusCode.Conflict, await PostAsync($"/v1/accounts/{card.AccountId}/credits", new { amount = 1, reference = "late" }));
        Assert.Equal("closed", (await Auth.GetJsonAsync($"/v1/accounts/{card.AccountId}")).Str("state"));
    }

    [Fact]
    public async Task Controls_are_replaced_and_read_back()
    {
        var card = await fixture.NewCardAsync(balance: 5_000, controls: new CardControls { PerTransactionLimit = 100 });

        var (status, view) = await CallAsync(HttpMethod.Put, $"/v1/cards/{card.CardId}/controls", new { dailyCount = 3, countryBlock = new[] { "ru" }, atm = false });

        Assert.Equal(HttpStatusCode.OK, status);
        var controls = view.GetProperty("controls");
        Assert.False(controls.TryGetProperty("perTransactionLimit", out _));
        Assert.Equal(3, controls.Num("dailyCount"));
        Assert.Equal(["RU"], controls.GetProperty("countryBlock").EnumerateArray().Select(e => e.GetString()));
        Assert.False(controls.GetProperty("atm").GetBoolean());
        Assert.True(controls.GetProperty("ecommerce").GetBoolean());
        Assert.Equal("00", (await AuthorizeAsync(card.Pan, 1_000)).Code());
        Assert.Contains(AuthLog.Read(Auth), e => e.Str("type") == "controls_changed" && e.Str("cardId") == card.CardId);
    }

    [Fact]
    public async Task Holds_list_shows_card_holds_with_their_details()
    {
        var card = await fixture.NewCardAsync(balance: 5_000);
        await using var client = await Auth.ConnectAsync();
        var first = Requests.Authorization(card.Pan, 1_000, mcc: "5812");
        var firstResponse = await client.SendAsync(first);
        var second = Requests.Authorization(card.Pan, 500);
        Assert.Equal("00", (await client.SendAsync(second)).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(second))).Code());

        var active = await Auth.HoldsAsync(card.AccountId);
        var all = await Auth.HoldsAsync(card.AccountId, all: true);

        var hold = Assert.Single(active);
        Assert.Equal(2, all.Length);
        Assert.Equal("card", hold.Str("kind"));
        Assert.Equal("5812", hold.Str("mcc"));
        Assert.Equal("USD", hold.Str("currency"));
        Assert.Equal(first.GetString(IsoField.Rrn), hold.Str("rrn"));
        Assert.Equal(firstResponse.GetString(IsoField.ApprovalCode), hold.Str("approvalCode"));
        Assert.Equal(0, hold.Num("cleared"));
        Assert.Contains(all, h => h.Str("state") == "released" && h.Num("authorized") == 500);
    }
}
