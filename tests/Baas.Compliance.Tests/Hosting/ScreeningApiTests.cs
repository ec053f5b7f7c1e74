using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Tests.Hosting;

public class ScreeningApiTests(ScreeningServerFixture server) : IClassFixture<ScreeningServerFixture>
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task A_screening_returns_the_list_version_and_explained_hits_best_first()
    {
        using var response = await _client.PostAsJsonAsync("/v1/screening", new { name = "Elvis Angus Logan Morey" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(server.Provider.Current.Version.Id, root.GetProperty("listVersion").GetString());
        var hit = root.GetProperty("hits")[0];
        Assert.Equal("10278", hit.GetProperty("entryId").GetString());
        Assert.Equal(ListNames.OfacSdn, hit.GetProperty("list").GetString());
        Assert.Equal("LOGAN MOREY, Elvis Angus", hit.GetProperty("name").GetString());
        Assert.Equal("LOGAN MOREY, Elvis Angus", hit.GetProperty("matchedName").GetString());
        Assert.Equal("primary", hit.GetProperty("matchedNameKind").GetString());
        Assert.Equal("individual", hit.GetProperty("type").GetString());
        Assert.Equal(1.0, hit.GetProperty("score").GetDouble());
        Assert.True(hit.GetProperty("reasons").GetArrayLength() >= 2);
        Assert.Equal("elvis", hit.GetProperty("tokens")[0].GetProperty("query").GetString());
        Assert.False(hit.TryGetProperty("matchedIdentifier", out _));

        var scores = root.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(scores, s => Assert.True(s >= root.GetProperty("threshold").GetDouble()));
    }

    [Fact]
    public async Task Every_list_in_the_directory_is_screened()
    {
        var un = await Screen(new { name = "Tariq Aziz" });
        Assert.Contains(un.GetProperty("hits").EnumerateArray(), h => h.GetProperty("list").GetString() == ListNames.UnConsolidated && h.GetProperty("entryId").GetString() == "IQi.025");

        var cons = await Screen(new { name = "Ismail Haniyeh" });
        Assert.Contains(cons.GetProperty("hits").EnumerateArray(), h => h.GetProperty("list").GetString() == ListNames.OfacConsolidated && h.GetProperty("entryId").GetString() == "9639");
    }

    [Fact]
    public async Task Evidence_and_identifiers_are_taken_from_the_request()
    {
        var byId = await Screen(new { name = "Nobody In Particular", ids = new[] { "1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi" } });
        var hit = Assert.Single(byId.GetProperty("hits").EnumerateArray());
        Assert.Equal("33151", hit.GetProperty("entryId").GetString());
        Assert.Equal(1.0, hit.GetProperty("score").GetDouble());
        Assert.StartsWith("Digital Currency Address - XBT", hit.GetProperty("matchedIdentifier").GetString(), StringComparison.Ordinal);

        var withDob = await Screen(new { name = "Elvis Logan Morey", type = "individual", dob = "1963-07-28", country = "Belize" });
        var reasons = withDob.GetProperty("hits")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains(reasons, r => r!.StartsWith("type individual matches", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r!.StartsWith("date of birth 1963-07-28 matches", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r!.StartsWith("country BZ is among", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_hit_is_an_empty_list()
    {
        var result = await Screen(new { name = "Jennifer Brown" });

        Assert.Equal(0, result.GetProperty("hits").GetArrayLength());
    }

    [Fact]
    public async Task The_list_endpoint_shows_what_is_loaded()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/v1/screening/list"));

        Assert.Equal(server.Provider.Current.Version.Id, json.RootElement.GetProperty("listVersion").GetString());
        Assert.Equal(17 + 442 + 1003, json.RootElement.GetProperty("entries").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("sources").GetArrayLength());
    }

    [Theory]
    [InlineData("{}", "name", "name is required")]
    [InlineData("{\"name\":\"   \"}", "name", "name is required")]
    [InlineData("{\"name\":\"!!!\"}", "name", "name has no letters or digits")]
    [InlineData("{\"name\":42}", "name", null)]
    [InlineData("{\"name\":\"x\",\"type\":\"planet\"}", "type", "type must be individual, entity, vessel or aircraft")]
    [InlineData("{\"name\":\"x\",\"dob\":\"28/07/1963\"}", "dob", null)]
    [InlineData("{\"name\":\"x\",\"dob\":\"1963-13-01\"}", "dob", null)]
    [InlineData("{\"name\":\"x\",\"country\":\"Atlantis\"}", "country", null)]
    [InlineData("{\"name\":\"x\",\"ids\":\"P123\"}", "ids", null)]
    [InlineData("{\"name\":\"x\",\"ids\":[\"ok1234\",\"\"]}", "ids[1]", null)]
    [InlineData("{\"name\":\"x\",\"ids\":[1]}", "ids[0]", null)]
    public async Task Bad_input_is_a_400_naming_the_field(string body, string field, string? message)
    {
        var error = await BadRequest(body, "application/json");

        Assert.Equal(field, error.GetProperty("field").GetString());
        if (message is not null)
        {
            Assert.Equal(message, error.GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData("not json", "application/json")]
    [InlineData("{\"name\":", "application/json")]
    [InlineData("[1,2]", "application/json")]
    [InlineData("null", "application/json")]
    [InlineData("name=x", "application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_a_JSON_object_is_a_400(string body, string contentType)
    {
        var error = await BadRequest(body, contentType);

        Assert.Equal(JsonValueKind.Null, error.GetProperty("field").ValueKind);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Too_many_ids_or_a_name_too_long_or_a_body_too_large_is_a_400()
    {
        var ids = string.Join(',', Enumerable.Range(0, 21).Select(i => $"\"ID{i:D6}\""));
        Assert.Equal("ids", (await BadRequest($"{{\"name\":\"x\",\"ids\":[{ids}]}}", "application/json")).GetProperty("field").GetString());
        Assert.Equal("name", (await BadRequest($"{{\"name\":\"{new string('a', 513)}\"}}", "application/json")).GetProperty("field").GetString());
        var error = await BadRequest($"{{\"name\":\"x\",\"pad\":\"{new string('a', 70_000)}\"}}", "application/json");
        Assert.Contains("larger than", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> Screen(object body)
    {
        using var response = await _client.PostAsJsonAsync("/v1/screening", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private async Task<JsonElement> BadRequest(string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await _client.PostAsync("/v1/screening", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("error").Clone();
    }
}
