using Baas.Authorizer.Tests.Harness;
using Baas.SwitchSim.Cards;
using Xunit.Abstractions;

namespace Baas.SwitchSim.Tests;

/// <summary>
/// The perf smoke of <c>./baas test</c>: a real authorizer process on loopback, fresh cards, ten seconds of
/// open-loop mixed traffic at a modest rate after two seconds of warm-up (checked, but out of the percentiles).
/// Fails on any error, timeout or oracle mismatch, or a p99 above the network's 150 ms budget; the figures are printed (and written to .baas/perf-smoke.txt for the script).
/// </summary>
public sealed class PerfSmokeTests(ITestOutputHelper output)
{
    // Runs in ./baas test's perf phase, after the other tests and alone, so its figures mean something.
    [Trait("Category", "Perf")]
    [Fact]
    public async Task Ten_seconds_of_open_loop_traffic_with_no_errors_timeouts_or_mismatches()
    {
        var dir = Directory.CreateTempSubdirectory("baas-perf-smoke").FullName;
        try
        {
            var cards = Path.Combine(dir, "cards.jsonl");
            await using (var writer = new StreamWriter(cards))
            {
                CardFile.Generate(writer, 5_000, seed: 11, "smoke", "400000", DateTimeOffset.UtcNow);
            }

            await using var server = await BaasServerProcess.StartAsync(Path.Combine(dir, "data"));
            var (imported, failed, body) = await Provisioner.ProvisionAsync($"http://127.0.0.1:{server.HttpPort}", TestAuthorizer.AdminKey, cards);
            Assert.True(failed == 0, body);
            Assert.True(imported > 5_000, body);

            // The sim runs as its own process, as `./baas sim run` does: inside the test host its threads would
            // share a runtime (thread pool, GC) with the test framework and measure that too.
            var reportPath = Path.Combine(dir, "report.json");
            var (exit, stdout, stderr) = await RunSimAsync(
                "run", "--target", $"127.0.0.1:{server.IsoPort}", "--cards", cards, "--connections", "4", "--inflight", "32",
                "--rate", Rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "12s", "--warmup", "2s", "--report", reportPath);
            Assert.True(File.Exists(reportPath), $"no report (exit {exit}): {stdout} {stderr}");
            var report = SimReport.FromJson(File.ReadAllText(reportPath))!;
            var summary = "perf smoke (" + Rate + "/s open loop, 10 s after 2 s of warm-up, real authorizer process):\n" + report.Summary();
            output.WriteLine(summary);
            WriteForScript(summary);

            Assert.True(report.Received > Rate * 9, $"answered {report.Received}");
            Assert.Equal(0, report.Errors);
            Assert.Equal(0, report.Timeouts);
            Assert.Equal(0, report.Mismatches);
            Assert.True(report.LatencyUs.P99 <= 150_000, $"p99 {report.LatencyUs.P99} us is above the 150 ms budget");
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(20)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private const int Rate = 1_000;

    private static async Task<(int Exit, string Stdout, string Stderr)> RunSimAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "baas-sim"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["CI"] = "true";
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start baas-sim");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static void WriteForScript(string summary)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Baas.Processor.sln")))
            {
                Directory.CreateDirectory(Path.Combine(d.FullName, ".baas"));
                File.WriteAllText(Path.Combine(d.FullName, ".baas", "perf-smoke.txt"), summary);
                return;
            }
        }
    }
}
