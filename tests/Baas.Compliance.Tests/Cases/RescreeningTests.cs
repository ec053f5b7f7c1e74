using Baas.Compliance.Screening;
using Baas.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Baas.Compliance.Tests.Cases;

/// <summary>
/// Subjects are screened when registered and again when the list version changes: a customer who was clear
/// becomes a hit when a list that names them is loaded, which raises one sanctions alert and a case, once.
/// </summary>
public class RescreeningTests
{
    [PostgresFact]
    public async Task A_list_change_rescreens_everyone_and_alerts_on_new_hits_only()
    {
        await using var db = await ComplianceDatabase.CreateAsync();
        using var lists = TestData.Temp().CopyFrom(TestData.Directory(TestData.Un));
        var provider = new SanctionsListProvider(lists.Path);
        provider.Reload();
        var screening = new ScreeningService(provider, Options.Create(new ScreeningOptions()));
        var subjects = new SubjectScreening(db.DataSource, screening, NullLogger.Instance);

        var clear = await subjects.UpsertAsync(new ScreeningSubject("cust-1", "customer", "acct-1", "Elvis Angus Logan Morey", "individual", null, null, []), default);
        Assert.Empty(clear.Hits);
        await subjects.UpsertAsync(new ScreeningSubject("cust-2", "customer", "acct-2", "Jordan Q Public", "individual", null, null, []), default);
        await subjects.UpsertAsync(new ScreeningSubject("cp-1", "counterparty", null, "Logan Morey Elvis", null, null, null, [], Active: false), default);

        // A new list version names the first customer (and the inactive counterparty, which is not screened again).
        lists.CopyFrom(TestData.Directory(TestData.SdnTiny2025));
        provider.Reload();
        var (screened, newHits) = await subjects.RescreenAllAsync(default);
        Assert.Equal((2, 1), (screened, newHits));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM compliance.alerts WHERE rule_id = 'sanctions_match' AND account_id = 'acct-1'"));
        Assert.Equal("acct-1", await db.ScalarAsync<string>("SELECT account_id FROM compliance.cases"));
        var stored = (await subjects.GetAsync("cust-1", default))!.Value;
        Assert.Contains("ofac-sdn:10278", stored.Hits);
        Assert.Equal(provider.Current.Version.Id, stored.ListVersion);

        // Screening again against the same list raises nothing new.
        Assert.Equal((2, 0), await subjects.RescreenAllAsync(default));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM compliance.alerts"));

        // A bad subject is refused with the field at fault.
        Assert.Throws<ArgumentException>(() => subjects.UpsertAsync(new ScreeningSubject("bad", "customer", null, "", null, null, null, []), default).GetAwaiter().GetResult());
    }
}
