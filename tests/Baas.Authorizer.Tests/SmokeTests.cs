using Baas.Authorizer.Tests.Harness;

namespace Baas.Authorizer.Tests;

/// <summary>The harness itself works: provision, authorize over TCP, balances follow.</summary>
public sealed class SmokeTests
{
    [Fact]
    public async Task Purchase_is_approved_and_held()
    {
        await using var auth = await TestAuthorizer.StartAsync();
        await auth.CreateProgramAsync("p1", "400000");
        await auth.CreateAccountAsync("a1", "p1", balance: 10_000);
        var pan = Cards.NewPan();
        await auth.IssueCardAsync("a1", pan);
        await using var client = await auth.ConnectAsync();

        var response = await client.SendAsync(Requests.Authorization(pan, 2_500));

        Assert.Equal(110, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal((10_000L, 2_500L, 7_500L), await auth.BalancesAsync("a1"));
    }

    [Fact]
    public async Task A_second_authorizer_on_the_same_data_directory_is_refused_and_the_first_keeps_serving()
    {
        await using var first = await TestAuthorizer.StartAsync();

        var refused = await Assert.ThrowsAnyAsync<IOException>(() => TestAuthorizer.StartAsync(dataDirectory: first.DataDirectory));

        Assert.Contains("in use by another authorizer", refused.Message, StringComparison.Ordinal);
        await first.CreateProgramAsync("p2", "400001");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await first.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_stopped_authorizer_releases_its_data_directory()
    {
        await using var auth = await TestAuthorizer.StartAsync();
        await auth.StopAsync();

        await auth.StartAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, (await auth.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
    }
}
