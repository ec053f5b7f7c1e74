using Baas.Events;

namespace Baas.Authorizer.State;

/// <summary>A program: its BINs, settings and API keys.</summary>
public sealed record ProgramInfo(int ProgramNo, string ProgramId, string Name, IReadOnlyList<string> Bins, ProgramSettings Settings, IReadOnlyList<ProgramKey> Keys);

/// <summary>A program-scoped API key, stored only as a SHA-256 hash.</summary>
public sealed record ProgramKey(string KeyId, string KeyHash);

/// <summary>What the registry persists with each checkpoint.</summary>
public sealed record RegistrySnapshot(IReadOnlyList<ProgramInfo> Programs, long NextAccountNo);

/// <summary>
/// Programs and their keys, and the counter that numbers accounts. Changed only by applying log events on the
/// engine thread; read by any thread through immutable snapshots swapped on change (programs change rarely).
/// </summary>
public sealed class ProgramRegistry
{
    private volatile Snapshot _current = new([], new Dictionary<string, ProgramInfo>(StringComparer.Ordinal), new Dictionary<string, ProgramInfo>(StringComparer.Ordinal));

    /// <summary>The next internal account number (engine thread only).</summary>
    public long NextAccountNo { get; set; } = 1;

    /// <summary>Every program, by number.</summary>
    public IReadOnlyList<ProgramInfo> All => _current.ByNo;

    public bool TryGet(string programId, out ProgramInfo program) => _current.ById.TryGetValue(programId, out program!);

    public ProgramInfo? Get(int programNo)
    {
        var list = _current.ByNo;
        return programNo >= 1 && programNo <= list.Count ? list[programNo - 1] : null;
    }

    /// <summary>The program whose key has this SHA-256 hash.</summary>
    public bool TryGetByKeyHash(string keyHash, out ProgramInfo program) => _current.ByKeyHash.TryGetValue(keyHash, out program!);

    /// <summary>The program whose BIN list covers the PAN (longest BIN wins).</summary>
    public ProgramInfo? FindByPan(ReadOnlySpan<char> pan)
    {
        ProgramInfo? best = null;
        var bestLength = 0;
        foreach (var p in _current.ByNo)
        {
            foreach (var bin in p.Bins)
            {
                if (bin.Length > bestLength && pan.StartsWith(bin, StringComparison.Ordinal))
                {
                    best = p;
                    bestLength = bin.Length;
                }
            }
        }

        return best;
    }

    /// <summary>Applies a program_created event.</summary>
    public void Add(ProgramCreated e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var current = _current;
        if (current.ById.ContainsKey(e.ProgramId))
        {
            return;
        }

        var program = new ProgramInfo(current.ByNo.Count + 1, e.ProgramId, e.Name, e.Bins, e.Settings, []);
        Replace([.. current.ByNo, program]);
    }

    /// <summary>Applies a program_key_created event.</summary>
    public void AddKey(ProgramKeyCreated e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var current = _current;
        if (!current.ById.TryGetValue(e.ProgramId, out var program))
        {
            return;
        }

        var updated = program with { Keys = [.. program.Keys, new ProgramKey(e.KeyId, e.KeyHash)] };
        Replace([.. current.ByNo.Select(p => p.ProgramNo == program.ProgramNo ? updated : p)]);
    }

    public RegistrySnapshot ToSnapshot() => new(_current.ByNo, NextAccountNo);

    public void Restore(RegistrySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Replace([.. snapshot.Programs]);
        NextAccountNo = snapshot.NextAccountNo;
    }

    private void Replace(List<ProgramInfo> programs)
    {
        var byId = programs.ToDictionary(p => p.ProgramId, StringComparer.Ordinal);
        var byKey = new Dictionary<string, ProgramInfo>(StringComparer.Ordinal);
        foreach (var p in programs)
        {
            foreach (var k in p.Keys)
            {
                byKey[k.KeyHash] = p;
            }
        }

        _current = new Snapshot(programs, byId, byKey);
    }

    private sealed record Snapshot(IReadOnlyList<ProgramInfo> ByNo, Dictionary<string, ProgramInfo> ById, Dictionary<string, ProgramInfo> ByKeyHash);
}
