using System.Security.Cryptography;
using System.Text;
using Baas.Compliance.Screening.Matching;

namespace Baas.Compliance.Screening.Lists;

/// <summary>
/// The sanctions lists loaded from one directory, immutable, with their screening index and version. A new load
/// builds a new instance; <see cref="SanctionsListProvider"/> swaps it in atomically.
/// </summary>
public sealed class SanctionsList
{
    /// <summary>File names that mark a layout (compared case-insensitively).</summary>
    public static readonly IReadOnlyList<string> RecognisedFiles =
    [
        "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv",
        "cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv",
        "UN_consolidated.xml", "consolidated.xml",
    ];

    private readonly Dictionary<(string List, string Id), SanctionsEntry> _byId;

    private SanctionsList(string? directory, List<SanctionsEntry> entries, List<ListSource> sources, SanctionsListVersion version)
    {
        Directory = directory;
        Entries = entries;
        Sources = sources;
        Version = version;
        _byId = new Dictionary<(string, string), SanctionsEntry>(entries.Count);
        foreach (var e in entries)
        {
            _byId.TryAdd((e.List, e.Id), e);
        }

        Index = new ScreeningIndex(entries);
    }

    /// <summary>The directory loaded, or null for a list built in memory.</summary>
    public string? Directory { get; }

    /// <summary>Every entry of every list.</summary>
    public IReadOnlyList<SanctionsEntry> Entries { get; }

    /// <summary>The lists found, with counts.</summary>
    public IReadOnlyList<ListSource> Sources { get; }

    /// <summary>Hash of the files and load time.</summary>
    public SanctionsListVersion Version { get; }

    /// <summary>Names indexed (primary names and aliases).</summary>
    public int NameCount => Index.NameCount;

    internal ScreeningIndex Index { get; }

    /// <summary>
    /// Loads every list found in <paramref name="directory"/> (not its subdirectories): the OFAC SDN layout when
    /// <c>sdn.csv</c> is there, the OFAC consolidated layout when <c>cons_prim.csv</c> is, the UN list when
    /// <c>UN_consolidated.xml</c> or <c>consolidated.xml</c> is. Throws <see cref="DirectoryNotFoundException"/>
    /// or <see cref="InvalidDataException"/> (no list files) rather than return an empty list.
    /// </summary>
    public static SanctionsList Load(string directory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"sanctions directory {full} does not exist");
        }

        var present = System.IO.Directory.EnumerateFiles(full)
            .Select(p => (Path: p, Name: Path.GetFileName(p)))
            .Where(f => RecognisedFiles.Contains(f.Name, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(f => f.Name, f => f.Path, StringComparer.OrdinalIgnoreCase);

        var files = new SortedDictionary<string, ListFile>(StringComparer.OrdinalIgnoreCase);
        ListFile? Read(string name)
        {
            if (!present.TryGetValue(name, out var path))
            {
                return null;
            }

            var file = new ListFile(path, File.ReadAllBytes(path));
            files[name] = file;
            return file;
        }

        var entries = new List<SanctionsEntry>();
        var sources = new List<ListSource>();
        if (Read("sdn.csv") is { } sdn)
        {
            var (e, s) = OfacLegacyLoader.Load(ListNames.OfacSdn, sdn, Read("alt.csv"), Read("add.csv"), Read("sdn_comments.csv"));
            entries.AddRange(e);
            sources.Add(s);
        }

        if (Read("cons_prim.csv") is { } cons)
        {
            var (e, s) = OfacLegacyLoader.Load(ListNames.OfacConsolidated, cons, Read("cons_alt.csv"), Read("cons_add.csv"), Read("cons_comments.csv"));
            entries.AddRange(e);
            sources.Add(s);
        }

        if ((Read("UN_consolidated.xml") ?? Read("consolidated.xml")) is { } un)
        {
            var (e, s) = UnConsolidatedLoader.Load(un);
            entries.AddRange(e);
            sources.Add(s);
        }

        if (sources.Count == 0)
        {
            throw new InvalidDataException(
                $"no sanctions list in {full}: expected sdn.csv (OFAC SDN), cons_prim.csv (OFAC consolidated) or UN_consolidated.xml (UN)");
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, file) in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name.ToLowerInvariant() + "\n"));
            sha.AppendData(BitConverter.GetBytes((long)file.Bytes.Length));
            sha.AppendData(file.Bytes);
        }

        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        return new SanctionsList(full, entries, sources, new SanctionsListVersion(hash, (timeProvider ?? TimeProvider.System).GetUtcNow()));
    }

    /// <summary>A list built from entries in memory (tests, tools); the version hashes the entries' lists, ids and names.</summary>
    public static SanctionsList FromEntries(IEnumerable<SanctionsEntry> entries, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        var sb = new StringBuilder();
        foreach (var e in list)
        {
            sb.Append(e.List).Append('|').Append(e.Id).Append('|').AppendJoin('|', e.Names.Select(n => n.Text)).Append('\n');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
        var sources = list.GroupBy(e => e.List)
            .Select(g => new ListSource(g.Key, [], g.Count(), g.Sum(e => e.Names.Count), g.Sum(e => e.Addresses.Count), g.Sum(e => e.Identifiers.Count), 0))
            .ToList();
        return new SanctionsList(null, list, sources, new SanctionsListVersion(hash, (timeProvider ?? TimeProvider.System).GetUtcNow()));
    }

    /// <summary>The entry with this list name and id, or null.</summary>
    public SanctionsEntry? Find(string list, string id) => _byId.GetValueOrDefault((list, id));

    /// <summary>Screens one party against every entry; hits at or above <paramref name="threshold"/>, best first.</summary>
    public ScreeningResult Screen(ScreeningQuery query, double threshold, int maxHits = ScreeningOptions.DefaultMaxHits)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Index.Screen(query, threshold, maxHits, Version.Id);
    }
}
