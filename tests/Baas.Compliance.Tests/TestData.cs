using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Tests;

/// <summary>
/// The shared reference data (<c>../shared/data/sanctions</c> next to the repository root, found by walking up
/// from the test assembly to the directory holding <c>Baas.Processor.sln</c>), and lists loaded once per run.
/// </summary>
internal static class TestData
{
    public const string Sdn2021 = "ofac-sdn-2021";
    public const string SdnTiny2025 = "ofac-sdn-tiny-2025";
    public const string Consolidated2025 = "ofac-consolidated-2025";
    public const string Un = "un";

    private static readonly Lazy<string> Root = new(FindSanctionsRoot);
    private static readonly Lazy<SanctionsList> FullSdn = new(() => SanctionsList.Load(Directory(Sdn2021)));

    /// <summary>The 2021 SDN list (8,976 entries), loaded once.</summary>
    public static SanctionsList Sdn => FullSdn.Value;

    /// <summary>The folder of one data set.</summary>
    public static string Directory(string dataSet) => Path.Combine(Root.Value, dataSet);

    /// <summary>The FinCEN BSA E-Filing batch schemas (<c>../shared/data/schemas/fincen</c>).</summary>
    public static string FincenSchemasDirectory => Path.Combine(Path.GetDirectoryName(Root.Value)!, "schemas", "fincen");

    /// <summary>A fresh temporary directory (deleted by the caller's <see cref="TempDirectory"/> dispose).</summary>
    public static TempDirectory Temp() => new();

    private static string FindSanctionsRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Baas.Processor.sln")))
        {
            dir = dir.Parent;
        }

        if (dir?.Parent is null)
        {
            throw new InvalidOperationException($"Baas.Processor.sln not found above {AppContext.BaseDirectory}");
        }

        var root = Path.Combine(dir.Parent.FullName, "shared", "data", "sanctions");
        return System.IO.Directory.Exists(root) ? root : throw new DirectoryNotFoundException($"reference data not found at {root}");
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "baas-screening-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Copies the files of a data set into this directory (tests only; the repository never holds the data).</summary>
    public TempDirectory CopyFrom(string dataSetDirectory)
    {
        foreach (var file in Directory.EnumerateFiles(dataSetDirectory))
        {
            var target = System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file));
            File.Copy(file, target, overwrite: true);
            File.SetAttributes(target, FileAttributes.Normal);
        }

        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
