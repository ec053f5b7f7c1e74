using System.Text.Json;
using Baas.Events;
using Baas.Events.Log;

namespace Baas.Authorizer.State;

/// <summary>
/// Names the checkpoint to recover from: the FASTER tokens, the last log sequence the checkpoint holds, and
/// the registry at that point. Written only after the log is durable up to <see cref="LastSeq"/>, atomically
/// (temporary file, fsync, rename), so a crash at any moment leaves either the old or the new manifest.
/// </summary>
public sealed record Manifest(int Version, long LastSeq, StoreTokens Tokens, RegistrySnapshot Registry, DateTimeOffset CreatedAt)
{
    private const string FileName = "manifest.json";

    /// <summary>2: each store names an index checkpoint and a log checkpoint.</summary>
    public const int CurrentVersion = 2;

    public static Manifest? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(path), EventJson.Options)
            ?? throw new InvalidDataException($"{path} is empty");
        return manifest.Version == CurrentVersion ? manifest
            : throw new InvalidDataException($"{path} is version {manifest.Version}; this build reads version {CurrentVersion} (start on a fresh data directory)");
    }

    public void Save(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this, EventJson.Options);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(directory);
    }
}
