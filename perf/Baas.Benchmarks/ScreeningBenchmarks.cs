using Baas.Compliance.Screening;
using Baas.Compliance.Screening.Lists;
using Baas.Compliance.Screening.Matching;
using BenchmarkDotNet.Attributes;

namespace Baas.Benchmarks;

/// <summary>
/// Screening one name against the full 2021 OFAC SDN list (8,976 entries, about 23,000 names with aliases) at
/// the default threshold: an exact hit, a typo, a transliteration, a name made of common tokens, a clear common
/// name, and an entity. The list is read from <c>../shared/data/sanctions/ofac-sdn-2021</c> next to the
/// repository root.
/// </summary>
[MemoryDiagnoser]
public class ScreeningBenchmarks
{
    private SanctionsList _list = null!;
    private ScreeningQuery _query = null!;

    [Params("Hasan Nasrallah", "Hasan Nasralah", "Muammar Gaddafi", "Mohammed Ali Hassan", "Jennifer Brown", "Banco Nacional de Cuba")]
    public string Name { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _list = SanctionsList.Load(SdnDirectory());
        _query = new ScreeningQuery(Name);
    }

    [Benchmark]
    public int Screen() => _list.Screen(_query, ScreeningOptions.DefaultThreshold).Hits.Count;

    /// <summary>The 2021 SDN list next to the repository root (<c>../shared/data/sanctions/ofac-sdn-2021</c>).</summary>
    internal static string SdnDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Baas.Processor.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.Parent is null
            ? throw new InvalidOperationException("Baas.Processor.sln not found above " + AppContext.BaseDirectory)
            : Path.Combine(dir.Parent.FullName, "shared", "data", "sanctions", "ofac-sdn-2021");
    }
}
