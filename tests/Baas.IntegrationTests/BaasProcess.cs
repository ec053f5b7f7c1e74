using System.Diagnostics;

namespace Baas.IntegrationTests;

/// <summary>Runs the real <c>baas</c> executable (copied next to the tests by the project reference) as a process.</summary>
public static class BaasProcess
{
    public static string Executable
    {
        get
        {
            var dir = AppContext.BaseDirectory;
            var apphost = Path.Combine(dir, OperatingSystem.IsWindows() ? "baas.exe" : "baas");
            return File.Exists(apphost) ? apphost : Path.Combine(dir, "baas.dll");
        }
    }

    /// <summary>Runs baas with the arguments and stdin; returns the exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string stdin, params string[] args)
    {
        var exe = Executable;
        var start = new ProcessStartInfo
        {
            FileName = exe.EndsWith(".dll", StringComparison.Ordinal) ? "dotnet" : exe,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (exe.EndsWith(".dll", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(exe);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start baas");
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
