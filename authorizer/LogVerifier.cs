using System.Runtime.InteropServices;
using Baas.Authorizer.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baas.Authorizer;

/// <summary>
/// Deterministic replay, checked: rebuilds the state from the whole log into a fresh store, rebuilds it again
/// from the last checkpoint plus the log after it (what a restart does), and compares the two record by
/// record. Works on copies, so it can run beside a live authorizer.
/// </summary>
public static class LogVerifier
{
    /// <summary>Compares; writes differences to <paramref name="output"/>; returns the number of differences.</summary>
    public static int Verify(string dataDirectory, TextWriter output, StateSizing? sizing = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var scratch = Path.Combine(Path.GetTempPath(), "baas-verify-" + Guid.NewGuid().ToString("N"));
        try
        {
            var fromLog = Path.Combine(scratch, "from-log");
            var fromCheckpoint = Path.Combine(scratch, "from-checkpoint");
            Directory.CreateDirectory(fromLog);
            CopyDirectory(Path.Combine(dataDirectory, "state"), Path.Combine(fromCheckpoint, "state"));
            var logDirectory = Path.Combine(dataDirectory, "log");
            sizing ??= StateSizing.Small;

            using var replayed = Open(fromLog, logDirectory, sizing);
            using var recovered = Open(fromCheckpoint, logDirectory, sizing);
            output.WriteLine($"replayed the whole log: {replayed.HeadSeq} events");
            output.WriteLine($"recovered checkpoint at {recovered.RecoveredAt} and replayed {recovered.ReplayedEvents} events after it, to {recovered.HeadSeq}");
            if (replayed.HeadSeq != recovered.HeadSeq)
            {
                output.WriteLine($"DIFFERENT HEAD: {replayed.HeadSeq} vs {recovered.HeadSeq}");
                return 1;
            }

            var differences = 0;
            differences += Compare(output, "card", replayed.Store.Cards(), recovered.Store.Cards(), c => c.CardId.ToString() + "/" + c.Token.ToString()[..8]);
            differences += Compare(output, "account", replayed.Store.Accounts(), recovered.Store.Accounts(), a => a.AccountId.ToString());
            differences += Compare(output, "hold", replayed.Store.Holds(), recovered.Store.Holds(), h => h.HoldId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var programsA = string.Join(",", replayed.Registry.All.Select(p => p.ProgramId + ":" + p.Keys.Count));
            var programsB = string.Join(",", recovered.Registry.All.Select(p => p.ProgramId + ":" + p.Keys.Count));
            if (programsA != programsB)
            {
                output.WriteLine($"programs differ: [{programsA}] vs [{programsB}]");
                differences++;
            }

            output.WriteLine(differences == 0 ? "state matches: replay is deterministic" : $"{differences} differences");
            return differences;
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Engine.Engine Open(string dataDirectory, string logDirectory, StateSizing sizing) =>
        new(new AuthorizerOptions { DataDirectory = dataDirectory, LogDirectory = logDirectory, Sizing = sizing, PanKey = new string('0', 64) }, NullLogger<Engine.Engine>.Instance, replayOnly: true);

    private static int Compare<T>(TextWriter output, string what, IEnumerable<T> a, IEnumerable<T> b, Func<T, string> name)
        where T : struct
    {
        var left = a.ToDictionary(name);
        var right = b.ToDictionary(name);
        var differences = 0;
        foreach (var (key, value) in left)
        {
            if (!right.TryGetValue(key, out var other))
            {
                output.WriteLine($"{what} {key}: only in the replayed state");
                differences++;
            }
            else if (!Bytes(value).SequenceEqual(Bytes(other)))
            {
                output.WriteLine($"{what} {key}: differs");
                differences++;
            }
        }

        foreach (var key in right.Keys.Except(left.Keys))
        {
            output.WriteLine($"{what} {key}: only in the recovered state");
            differences++;
        }

        output.WriteLine($"{left.Count} {what}s compared");
        return differences;
    }

    private static byte[] Bytes<T>(T value)
        where T : struct => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref value, 1)).ToArray();

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        if (!Directory.Exists(from))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var target = File.Create(Path.Combine(to, Path.GetRelativePath(from, file)));
            source.CopyTo(target);
        }
    }
}
