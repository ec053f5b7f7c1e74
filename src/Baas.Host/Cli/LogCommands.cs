using System.CommandLine;
using Baas.Authorizer;
using Baas.Events;
using Baas.Events.Log;

namespace Baas.Host.Cli;

/// <summary><c>baas log tail|verify</c>: read the authorization log with the one decoder.</summary>
internal static class LogCommands
{
    public static Command Create()
    {
        var log = new Command("log", "Read and check the authorization log.");

        var data = DataOption();
        var from = new Option<long>("--from") { Description = "First sequence to print.", DefaultValueFactory = _ => 1 };
        var follow = new Option<bool>("--follow") { Description = "Keep printing new events as they are committed." };
        var tail = new Command("tail", "Print events as JSON lines (card numbers never appear: cards are tokens).") { data, from, follow };
        tail.SetAction(async (r, cancellation) => await TailAsync(Path.Combine(r.GetValue(data)!, "log"), r.GetValue(from), r.GetValue(follow), cancellation));

        var data2 = DataOption();
        var verify = new Command("verify", "Replay the whole log into fresh state and compare it with the checkpoint plus the log after it.") { data2 };
        verify.SetAction(r =>
        {
            var dir = r.GetValue(data2)!;
            if (!Directory.Exists(Path.Combine(dir, "log")))
            {
                Console.Error.WriteLine($"no log under {dir}");
                return 2;
            }

            return LogVerifier.Verify(dir, Console.Out) == 0 ? 0 : 1;
        });

        log.Subcommands.Add(tail);
        log.Subcommands.Add(verify);
        return log;
    }

    private static Option<string> DataOption() => new("--data")
    {
        Description = "Data directory of the authorizer.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BAAS_DATA") ?? ".baas/data",
    };

    private static async Task<int> TailAsync(string directory, long from, bool follow, CancellationToken cancellation)
    {
        using var reader = new SegmentLogReader(directory);
        reader.Seek(from);
        var e = new LogEvent();
        var output = Console.Out;
        while (!cancellation.IsCancellationRequested)
        {
            var any = false;
            while (reader.TryReadNext())
            {
                any = true;
                if (e.TryDecode(reader.Current))
                {
                    await output.WriteLineAsync(e.ToJson());
                }
                else
                {
                    await output.WriteLineAsync($"{{\"seq\":{reader.LastSeq},\"error\":\"undecodable record\"}}");
                }
            }

            await output.FlushAsync(cancellation);
            if (!follow)
            {
                break;
            }

            if (!any)
            {
                try
                {
                    await Task.Delay(200, cancellation);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        return 0;
    }
}
