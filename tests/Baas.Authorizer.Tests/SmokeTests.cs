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
}
