using System.Text.Json;

namespace Baas.IntegrationTests;

/// <summary>The command-line contract of <c>baas iso decode|encode</c>, through the real executable.</summary>
public sealed class IsoCliTests
{
    private const string Message = """
        {"mti":"0100","fields":{"2":"4000001234567899","3":"000000","4":"000000012345","7":"1121143015","11":"123456",
        "14":"2812","22":"051","35":"4000001234567899=28122011234567890","37":"532514123456","41":"TERM0001",
        "43":"CORNER GROCERY STORE     SPRINGFIELD  US","49":"840","52":"0123456789ABCDEF","55":"9F2608AABBCCDDEEFF00119F270180",
        "90":"010000004211211430150000001234500000000000"}}
        """;

    [Theory]
    [InlineData("ascii", "none")]
    [InlineData("mixed", "binary2")]
    [InlineData("bcd", "ascii4")]
    [InlineData("bcd-ebcdic", "binary2")]
    public async Task Encode_then_decode_gives_back_the_json(string profile, string framing)
    {
        var encoded = await BaasProcess.RunAsync(Message, "iso", "encode", "--profile", profile, "--framing", framing);
        Assert.True(encoded.ExitCode == 0, encoded.Stdout + encoded.Stderr);
        var hex = encoded.Stdout.Trim();
        Assert.Matches("^[0-9A-F]+$", hex);

        var decoded = await BaasProcess.RunAsync(hex, "iso", "decode", "--profile", profile, "--framing", framing, "--unmask");
        Assert.True(decoded.ExitCode == 0, decoded.Stdout + decoded.Stderr);
        Assert.Equal(Fields(Message), Fields(decoded.Stdout));
    }

    [Fact]
    public async Task Decode_masks_the_pan_unless_asked()
    {
        var hex = (await BaasProcess.RunAsync(Message, "iso", "encode", "--profile", "ascii")).Stdout.Trim();
        var masked = await BaasProcess.RunAsync(hex, "iso", "decode", "--profile", "ascii");
        Assert.Equal(0, masked.ExitCode);
        var fields = Fields(masked.Stdout);
        Assert.Equal("400000******7899", fields["2"]);
        Assert.Equal("400000******7899=28122011234567890", fields["35"]);
        Assert.DoesNotContain("4000001234567899", masked.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whitespace_in_hex_is_ignored()
    {
        var hex = (await BaasProcess.RunAsync(Message, "iso", "encode", "--profile", "bcd")).Stdout.Trim();
        var spaced = string.Join("\n", hex.Chunk(16).Select(c => string.Join(" ", new string(c).Chunk(2).Select(p => new string(p)))));
        var decoded = await BaasProcess.RunAsync(spaced, "iso", "decode", "--profile", "bcd", "--unmask");
        Assert.Equal(0, decoded.ExitCode);
        Assert.Equal(Fields(Message), Fields(decoded.Stdout));
    }

    [Theory]
    [InlineData("ascii", "30313030", 1, "truncated")] // MTI then nothing
    [InlineData("ascii", "303130303030303030303030303030303030303058", 0, "trailing bytes")] // MTI, empty bitmap, one extra byte
    [InlineData("ascii", "3031303030323030303030303030303030303030313231", 7, "truncated")] // DE7 cut short
    [InlineData("ascii", "nothex", 0, "input is not hex")]
    public async Task Malformed_input_prints_an_error_object_and_exits_2(string profile, string hex, int field, string reason)
    {
        var result = await BaasProcess.RunAsync(hex, "iso", "decode", "--profile", profile);
        Assert.Equal(2, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal(field, error.GetProperty("field").GetInt32());
        Assert.Equal(reason, error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Encode_refuses_an_over_long_value()
    {
        var result = await BaasProcess.RunAsync("""{"mti":"0100","fields":{"11":"1234567"}}""", "iso", "encode", "--profile", "ascii");
        Assert.Equal(2, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(11, doc.RootElement.GetProperty("error").GetProperty("field").GetInt32());
        Assert.Equal("over max length", doc.RootElement.GetProperty("error").GetProperty("reason").GetString());
    }

    private static Dictionary<string, string> Fields(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }
}
