using System.Text.Json;

namespace Baas.IntegrationTests;

/// <summary>
/// The command-line contract of <c>baas screen</c>, through the real executable: exit 0 clear, 1 hits, 2 bad
/// arguments (parse errors included), and the endpoint's JSON with <c>--json</c>. The library behind it is
/// tested in Baas.Compliance.Tests (CliTests).
/// </summary>
public sealed class ScreenCliTests
{
    private static readonly string Tiny = SanctionsDirectory("ofac-sdn-tiny-2025");

    [Fact]
    public async Task A_hit_prints_the_endpoint_json_and_exits_1()
    {
        var result = await BaasProcess.RunAsync("", "screen", "Elvis Logan Morey", "--sanctions", Tiny, "--json", "--dob", "1963-07-28", "--id", "X1", "--id", "P0017003");

        Assert.True(result.ExitCode == 1, result.Stdout + result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(0.88, json.RootElement.GetProperty("threshold").GetDouble());
        var hit = json.RootElement.GetProperty("hits")[0];
        Assert.Equal("10278", hit.GetProperty("entryId").GetString());
        Assert.Equal("Passport P0017003 (Belize)", hit.GetProperty("matchedIdentifier").GetString());
    }

    [Fact]
    public async Task A_clear_name_prints_a_table_and_exits_0()
    {
        var result = await BaasProcess.RunAsync("", "screen", "Jennifer Brown", "--sanctions", Tiny, "--threshold", "0.9");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("Screened \"Jennifer Brown\" against 17 entries (ofac-sdn)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("No hits at or above 0.90.", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("threshold", "--threshold", "high")]
    [InlineData("threshold", "--threshold", "1.5")]
    [InlineData("dob", "--dob", "yesterday")]
    [InlineData(null, "--nonsense", "x")]
    public async Task Bad_arguments_exit_2_with_an_error_object(string? field, string option, string value)
    {
        var result = await BaasProcess.RunAsync("", "screen", "Elvis Logan Morey", "--sanctions", Tiny, "--json", option, value);

        Assert.True(result.ExitCode == 2, result.Stdout + result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_missing_list_directory_exits_2_naming_sanctions()
    {
        var result = await BaasProcess.RunAsync("", "screen", "Elvis Logan Morey", "--sanctions", Path.Combine(Tiny, "missing"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: sanctions: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    /// <summary>A data set under <c>../shared/data/sanctions</c> next to the repository root (the directory holding Baas.Processor.sln).</summary>
    private static string SanctionsDirectory(string dataSet)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Baas.Processor.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.Parent is null
            ? throw new InvalidOperationException($"Baas.Processor.sln not found above {AppContext.BaseDirectory}")
            : Path.Combine(dir.Parent.FullName, "shared", "data", "sanctions", dataSet);
    }
}
