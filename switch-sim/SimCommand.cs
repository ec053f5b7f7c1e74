using Baas.SwitchSim.Cards;
using Baas.SwitchSim.Run;
using Spectre.Console;

namespace Baas.SwitchSim;

/// <summary>Runs a simulation with progress output and writes its reports.</summary>
public static class SimCommand
{
    public static async Task<SimReport> RunAsync(SimOptions options, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (accounts, cards) = CardFile.Read(options.CardsFile);
        var runner = new SimRunner(options, accounts, cards);
        var title = $"{(options.Rate > 0 ? options.Rate.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "/s" : "max")} for {options.Duration.TotalSeconds:N0} s on {options.Connections}x{options.Inflight}";
        var running = runner.RunAsync(cancellation);
        if (options.Interactive)
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(title, maxValue: options.Duration.TotalSeconds);
                    while (!running.IsCompleted)
                    {
                        var s = runner.Snapshot();
                        task.Value = Math.Min(s.ElapsedSeconds, options.Duration.TotalSeconds);
                        task.Description = $"{title}  rate {(s.ElapsedSeconds > 0 ? s.Received / s.ElapsedSeconds : 0):N0}/s  p99 {runner.RecentP99Micros():N0} us  timeouts {s.Timeouts}  errors {s.Errors}  mismatches {s.Mismatches}";
                        await Task.WhenAny(running, Task.Delay(500, CancellationToken.None));
                    }

                    task.Value = task.MaxValue;
                });
        }
        else
        {
            while (!running.IsCompleted)
            {
                await Task.WhenAny(running, Task.Delay(5000, CancellationToken.None));
                if (!running.IsCompleted)
                {
                    var s = runner.Snapshot();
                    Console.WriteLine($"  {s.ElapsedSeconds:F0} s: received {s.Received:N0} ({(s.ElapsedSeconds > 0 ? s.Received / s.ElapsedSeconds : 0):N0}/s), p99 {runner.RecentP99Micros():N0} us, timeouts {s.Timeouts}, errors {s.Errors}, mismatches {s.Mismatches}");
                }
            }
        }

        var result = await running;
        Console.Write(result.Summary());
        if (options.ReportPath is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, result.ToJson(), cancellation);
        }

        if (options.HtmlPath is { } htmlPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(htmlPath))!);
            await File.WriteAllTextAsync(htmlPath, HtmlReport.Render(result, "switch-sim run: " + title), cancellation);
        }

        return result;
    }
}
