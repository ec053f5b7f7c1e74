using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Tests.Lists;

public class DirectoryLoadTests
{
    [Fact]
    public void A_directory_holding_every_layout_loads_every_list()
    {
        using var temp = TestData.Temp()
            .CopyFrom(TestData.Directory(TestData.SdnTiny2025))
            .CopyFrom(TestData.Directory(TestData.Consolidated2025))
            .CopyFrom(TestData.Directory(TestData.Un));

        var list = SanctionsList.Load(temp.Path);

        Assert.Equal([ListNames.OfacSdn, ListNames.OfacConsolidated, ListNames.UnConsolidated], list.Sources.Select(s => s.List));
        Assert.Equal(17 + 442 + 1003, list.Entries.Count);
        Assert.Equal(4 + 4 + 1, list.Sources.Sum(s => s.Files.Count));
    }

    [Fact]
    public void File_names_are_matched_without_regard_to_case()
    {
        using var temp = TestData.Temp();
        File.Copy(Path.Combine(TestData.Directory(TestData.SdnTiny2025), "sdn.csv"), Path.Combine(temp.Path, "SDN.CSV"));
        File.Copy(Path.Combine(TestData.Directory(TestData.Un), "UN_consolidated.xml"), Path.Combine(temp.Path, "consolidated.xml"));

        var list = SanctionsList.Load(temp.Path);

        Assert.Equal(17 + 1003, list.Entries.Count);
    }

    [Fact]
    public void A_directory_without_list_files_or_that_does_not_exist_is_an_error()
    {
        using var temp = TestData.Temp();
        File.WriteAllText(Path.Combine(temp.Path, "readme.txt"), "no lists here");

        var e = Assert.Throws<InvalidDataException>(() => SanctionsList.Load(temp.Path));
        Assert.Contains("sdn.csv", e.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => SanctionsList.Load(Path.Combine(temp.Path, "missing")));
    }

    [Fact]
    public void The_version_hashes_the_files_and_stamps_the_load_time()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2025, 3, 4, 5, 6, 7, 89, TimeSpan.Zero));
        var dir = TestData.Directory(TestData.SdnTiny2025);

        var a = SanctionsList.Load(dir, clock);
        clock.Now = clock.Now.AddMinutes(1);
        var b = SanctionsList.Load(dir, clock);

        Assert.Equal(a.Version.ContentHash, b.Version.ContentHash);
        Assert.Equal(64, a.Version.ContentHash.Length);
        Assert.Equal($"{a.Version.ContentHash[..16]}-20250304T050607089Z", a.Version.Id);
        Assert.NotEqual(a.Version.Id, b.Version.Id);
        Assert.NotEqual(a.Version.ContentHash, SanctionsList.Load(TestData.Directory(TestData.Consolidated2025), clock).Version.ContentHash);
    }
}
