namespace Baas.Payments.Tests;

/// <summary>Finds the shared reference data (never copied into the tree) by walking up from the test assembly.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(Find);

    public static string DataDirectory => Root.Value;

    public static string AchDirectory => Path.Combine(DataDirectory, "ach");

    public static string SchemaDirectory => Path.Combine(DataDirectory, "schemas", "iso20022");

    public static string AchFile(string name) => Path.Combine(AchDirectory, name);

    public static IEnumerable<string> AchFileNames() =>
        Directory.EnumerateFiles(AchDirectory, "*.ach").Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No shared/data directory above {AppContext.BaseDirectory}.");
    }
}
