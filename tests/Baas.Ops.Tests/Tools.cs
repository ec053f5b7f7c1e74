using System.Diagnostics;

namespace Baas.Ops.Tests;

/// <summary>The Prometheus binaries the tests run (Debian package <c>prometheus</c>; <c>./baas test</c> installs it as root).</summary>
internal static class Tools
{
    public const string Promtool = "/usr/bin/promtool";

    public const string Prometheus = "/usr/bin/prometheus";

    public const string InstallHint = "install the Debian package prometheus (sudo apt-get install --no-install-recommends prometheus)";

    /// <summary>Under <c>CI=true</c> a missing binary is a failure, never a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fails (rather than skips) when <paramref name="path"/> is missing: the fact only runs without it under CI.</summary>
    public static void Require(string path) =>
        Assert.True(File.Exists(path), $"{path} is missing (CI=true, so this fails instead of skipping): {InstallHint}.");

    /// <summary>Runs <paramref name="path"/> to completion; stdout and stderr together.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string path, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + path);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} did not finish in {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
