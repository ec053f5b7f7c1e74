using System.Diagnostics;

namespace Baas.Testing;

/// <summary>
/// Finds <c>promtool</c> (Debian package <c>prometheus</c>; <c>./baas test</c> installs it) on the PATH and runs
/// <c>promtool check metrics</c>; shared by the test projects that lint an exposition.
/// </summary>
internal static class Promtool
{
    /// <summary>Under <c>CI=true</c> a missing promtool is a failure, never a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Path { get; } = Find();

    /// <summary>Runs <c>promtool check metrics</c> with <paramref name="exposition"/> on stdin: exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        Assert.True(Path is not null, "promtool is not on PATH (CI=true): install the Debian package prometheus.");
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add("metrics");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

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

/// <summary>
/// A fact that needs <c>promtool</c>: skipped on a machine without it, but under <c>CI=true</c> it always runs, so a
/// missing promtool fails the build instead of passing silently. (xunit 2 cannot skip at run time.)
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class RequiresPromtoolFactAttribute : FactAttribute
{
    public RequiresPromtoolFactAttribute()
    {
        if (Promtool.Path is null && !Promtool.IsCi)
        {
            Skip = "promtool not on PATH: install the Debian package prometheus, or run ./baas test as root.";
        }
    }
}

/// <summary>The theory form of <see cref="RequiresPromtoolFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class RequiresPromtoolTheoryAttribute : TheoryAttribute
{
    public RequiresPromtoolTheoryAttribute()
    {
        if (Promtool.Path is null && !Promtool.IsCi)
        {
            Skip = "promtool not on PATH: install the Debian package prometheus, or run ./baas test as root.";
        }
    }
}
