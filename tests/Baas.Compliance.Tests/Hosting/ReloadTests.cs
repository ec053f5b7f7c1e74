using Baas.Compliance.Screening;
using Baas.Compliance.Screening.Matching;
using Microsoft.Extensions.Options;

namespace Baas.Compliance.Tests.Hosting;

public class ReloadTests
{
    // A new entry in the legacy layout, CRLF like the rest of the file.
    private const string NewEntry = "99999,\"ZZYZX, Quentin\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1970; Passport QZ123456 (France).\"\r\n";

    [Fact]
    public void Reload_swaps_in_a_new_version_and_raises_Changed()
    {
        using var temp = TestData.Temp().CopyFrom(TestData.Directory(TestData.SdnTiny2025));
        var clock = new FixedTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var provider = new SanctionsListProvider(temp.Path, clock);
        var changes = new List<SanctionsListChangedEventArgs>();
        provider.Changed += (_, e) => changes.Add(e);

        Assert.False(provider.IsLoaded);
        var first = provider.Current;
        Assert.True(provider.IsLoaded);
        Assert.Same(first, provider.Current);
        Assert.Empty(first.Screen(new ScreeningQuery("Quentin Zzyzx"), 0.88).Hits);

        File.AppendAllText(Path.Combine(temp.Path, "sdn.csv"), NewEntry);
        clock.Now = clock.Now.AddHours(1);
        var second = provider.Reload();

        Assert.Same(second, provider.Current);
        Assert.NotEqual(first.Version.ContentHash, second.Version.ContentHash);
        Assert.NotEqual(first.Version.Id, second.Version.Id);
        Assert.Equal(18, second.Entries.Count);
        Assert.Equal("99999", Assert.Single(second.Screen(new ScreeningQuery("Quentin Zzyzx"), 0.88).Hits).EntryId);
        Assert.Equal("99999", Assert.Single(second.Screen(new ScreeningQuery("x") { Ids = ["QZ123456"] }, 0.88).Hits).EntryId);

        Assert.Equal(2, changes.Count);
        Assert.Null(changes[0].Previous);
        Assert.Same(first, changes[1].Previous);
        Assert.Same(second, changes[1].Current);

        // The old list object is untouched: a screening that started on it finishes on it.
        Assert.Equal(17, first.Entries.Count);
    }

    [Fact]
    public void A_failed_reload_throws_and_keeps_the_list_in_use()
    {
        using var temp = TestData.Temp().CopyFrom(TestData.Directory(TestData.SdnTiny2025));
        var provider = new SanctionsListProvider(temp.Path);
        var failures = 0;
        provider.LoadFailed += (_, _) => failures++;
        var before = provider.Current;

        foreach (var file in Directory.EnumerateFiles(temp.Path))
        {
            File.Delete(file);
        }

        Assert.Throws<InvalidDataException>(() => provider.Reload());
        Assert.Same(before, provider.Current);
        Assert.Equal(1, failures);
    }

    [Fact]
    public void The_watcher_reloads_once_a_change_is_stable_over_two_polls()
    {
        using var temp = TestData.Temp().CopyFrom(TestData.Directory(TestData.SdnTiny2025));
        var provider = new SanctionsListProvider(temp.Path);
        var watcher = new SanctionsListWatcher(provider, Options.Create(new ScreeningOptions { PollInterval = TimeSpan.Zero }));
        var first = provider.Current;
        string? pending = null;

        Assert.False(watcher.Poll(ref pending));
        Assert.Null(pending);

        var sdn = Path.Combine(temp.Path, "sdn.csv");
        File.AppendAllText(sdn, NewEntry);
        File.SetLastWriteTimeUtc(sdn, DateTime.UtcNow.AddMinutes(1));

        Assert.False(watcher.Poll(ref pending));
        Assert.NotNull(pending);
        Assert.Same(first, provider.Current);

        Assert.True(watcher.Poll(ref pending));
        Assert.NotSame(first, provider.Current);
        Assert.Equal(18, provider.Current.Entries.Count);
        Assert.False(watcher.Poll(ref pending));
    }

    [Fact]
    public async Task The_hosted_watcher_picks_up_a_republished_list()
    {
        using var temp = TestData.Temp().CopyFrom(TestData.Directory(TestData.SdnTiny2025));
        var provider = new SanctionsListProvider(temp.Path);
        using var watcher = new SanctionsListWatcher(provider, Options.Create(new ScreeningOptions { PollInterval = TimeSpan.FromMilliseconds(50) }));
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            var first = provider.Current;
            var sdn = Path.Combine(temp.Path, "sdn.csv");
            File.AppendAllText(sdn, NewEntry);
            File.SetLastWriteTimeUtc(sdn, DateTime.UtcNow.AddMinutes(1));

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (ReferenceEquals(provider.Current, first) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(25);
            }

            Assert.NotSame(first, provider.Current);
            Assert.Equal(18, provider.Current.Entries.Count);
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Screening_goes_on_while_the_list_is_reloaded()
    {
        using var temp = TestData.Temp().CopyFrom(TestData.Directory(TestData.SdnTiny2025));
        var provider = new SanctionsListProvider(temp.Path);
        var versions = new HashSet<string>();
        using var stop = new CancellationTokenSource();

        var screeners = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var seen = new List<string>();
            while (!stop.IsCancellationRequested)
            {
                var result = provider.Current.Screen(new ScreeningQuery("Elvis Angus Logan Morey"), 0.88);
                Assert.Equal("10278", result.Hits[0].EntryId);
                seen.Add(result.ListVersion);
            }

            return seen;
        })).ToList();

        for (var i = 0; i < 5; i++)
        {
            provider.Reload();
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        foreach (var seen in await Task.WhenAll(screeners))
        {
            versions.UnionWith(seen);
        }

        Assert.True(versions.Count >= 1);
    }
}
