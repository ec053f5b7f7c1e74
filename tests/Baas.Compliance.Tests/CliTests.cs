using System.Text.Json;
using Baas.Compliance.Screening;

namespace Baas.Compliance.Tests;

public class CliTests
{
    private static readonly string Tiny = TestData.Directory(TestData.SdnTiny2025);

    [Fact]
    public void Hits_print_as_a_table_with_their_reasons()
    {
        using var output = new StringWriter();

        var code = ScreeningCli.Run("Elvis Angus Logan Morey", Tiny, json: false, output);

        Assert.Equal(ScreeningCli.ExitHits, code);
        var text = output.ToString();
        Assert.Contains("Screened \"Elvis Angus Logan Morey\" against 17 entries (ofac-sdn), list version ", text, StringComparison.Ordinal);
        Assert.Contains("SCORE  LIST", text, StringComparison.Ordinal);
        Assert.Contains("1.000  ofac-sdn  10278  individual  LOGAN MOREY, Elvis Angus", text, StringComparison.Ordinal);
        Assert.Contains("    - name matched primary \"LOGAN MOREY, Elvis Angus\" (1.000)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_the_same_document_as_the_endpoint()
    {
        using var output = new StringWriter();

        var code = ScreeningCli.Run("Elvis Logan Morey", Tiny, json: true, output, dob: "1963-07-28", ids: ["P0017003"]);

        Assert.Equal(ScreeningCli.ExitHits, code);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("listVersion").GetString()));
        var hit = json.RootElement.GetProperty("hits")[0];
        Assert.Equal("10278", hit.GetProperty("entryId").GetString());
        Assert.Equal(1.0, hit.GetProperty("score").GetDouble());
        Assert.Equal("Passport P0017003 (Belize)", hit.GetProperty("matchedIdentifier").GetString());
        Assert.Contains(hit.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("(+0.05)", StringComparison.Ordinal));
    }

    [Fact]
    public void No_hit_exits_zero()
    {
        using var output = new StringWriter();

        Assert.Equal(ScreeningCli.ExitClear, ScreeningCli.Run("Jennifer Brown", Tiny, json: false, output));
        Assert.Contains("No hits at or above 0.88.", output.ToString(), StringComparison.Ordinal);

        using var json = new StringWriter();
        Assert.Equal(ScreeningCli.ExitClear, ScreeningCli.Run("Jennifer Brown", Tiny, json: true, json));
        Assert.Equal(0, JsonDocument.Parse(json.ToString()).RootElement.GetProperty("hits").GetArrayLength());
    }

    [Fact]
    public void Bad_input_or_a_missing_list_exits_two_with_the_field()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(ScreeningCli.ExitError, ScreeningCli.Run("x", Tiny, json: false, output, dob: "yesterday", error: error));
        Assert.StartsWith("error: dob: ", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());

        using var json = new StringWriter();
        Assert.Equal(ScreeningCli.ExitError, ScreeningCli.Run("x", Path.Combine(Tiny, "nope"), json: true, json));
        var e = JsonDocument.Parse(json.ToString()).RootElement.GetProperty("error");
        Assert.Equal("sanctions", e.GetProperty("field").GetString());

        using var threshold = new StringWriter();
        Assert.Equal(ScreeningCli.ExitError, ScreeningCli.Run("x", Tiny, json: false, threshold, threshold: 1.5));
    }
}
