namespace Baas.Observability.Tests;

/// <summary>Finds <c>promtool</c> (Debian package <c>prometheus</c>; <c>./baas test</c> installs it) on the PATH.</summary>
internal static class Promtool
{
    /// <summary>Under <c>CI=true</c> a missing promtool is a failure, never a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Path { get; } = Find();

    private static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(directory, "promtool");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
