using System.Globalization;
using System.Text.Json;
using Baas.Events;

namespace Baas.Authorizer.Tests.Harness;

/// <summary>A provisioned card: its account, card number, card id and program.</summary>
public sealed record TestCard(string AccountId, string Pan, string CardId, string ProgramId);

/// <summary>Names that do not collide between tests sharing one authorizer.</summary>
public static class Unique
{
    private static int _next;
    private static int _bin = 510_000;

    /// <summary>An object id with a prefix ("acc-00042").</summary>
    public static string Id(string prefix) => prefix + "-" + Interlocked.Increment(ref _next).ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>A six-digit BIN no other test program uses.</summary>
    public static string Bin() => Interlocked.Increment(ref _bin).ToString(CultureInfo.InvariantCulture);
}

/// <summary>Arranging programs, accounts and cards through the management API.</summary>
public static class Provisioning
{
    /// <summary>A program of its own (unique id and BIN), with optional settings.</summary>
    public static async Task<(string ProgramId, string Bin)> NewProgramAsync(this TestAuthorizer auth, ProgramSettings? settings = null)
    {
        var id = Unique.Id("prog");
        var bin = Unique.Bin();
        if (settings is null)
        {
            await auth.CreateProgramAsync(id, bin);
        }
        else
        {
            await auth.CreateProgramAsync(id, [bin], settings);
        }

        return (id, bin);
    }

    /// <summary>An account with an opening balance and one card on it.</summary>
    public static async Task<TestCard> NewCardAsync(this TestAuthorizer auth, string programId, string bin, long balance = 10_000, long overdraft = 0, string expiry = "2812", string? cvv2 = null, string? pin = null, CardControls? controls = null, string state = "active")
    {
        var accountId = Unique.Id("acc");
        await auth.CreateAccountAsync(accountId, programId, balance, "USD", overdraft);
        var pan = Cards.NewPan(bin);
        var cardId = await auth.IssueCardAsync(accountId, pan, expiry, cvv2, pin, controls, state);
        return new TestCard(accountId, pan, cardId, programId);
    }

    /// <summary>The account's holds: active ones, or every one with <paramref name="all"/>.</summary>
    public static async Task<JsonElement[]> HoldsAsync(this TestAuthorizer auth, string accountId, bool all = false)
    {
        var holds = await auth.GetJsonAsync($"/v1/accounts/{accountId}/holds" + (all ? "?state=all" : ""));
        return [.. holds.EnumerateArray()];
    }

    /// <summary>Polls until <paramref name="condition"/> holds; false when it never did within the timeout.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }
}

/// <summary>
/// One authorizer for a whole test class (xUnit class fixture): starting and stopping one takes a while, and
/// tests that neither move the clock nor change options can share it, each on its own accounts and cards.
/// </summary>
public class AuthorizerFixture : IAsyncLifetime
{
    public TestAuthorizer Auth { get; private set; } = null!;

    public string ProgramId { get; private set; } = "";

    public string Bin { get; private set; } = "";

    /// <summary>A new account (with <paramref name="balance"/>) and card in the fixture's program.</summary>
    public Task<TestCard> NewCardAsync(long balance = 10_000, long overdraft = 0, string expiry = "2812", string? cvv2 = null, string? pin = null, CardControls? controls = null, string state = "active") =>
        Auth.NewCardAsync(ProgramId, Bin, balance, overdraft, expiry, cvv2, pin, controls, state);

    /// <summary>Options for the shared authorizer.</summary>
    protected virtual void Configure(AuthorizerOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        Auth = await TestAuthorizer.StartAsync(Configure);
        (ProgramId, Bin) = await Auth.NewProgramAsync();
    }

    public async Task DisposeAsync() => await Auth.DisposeAsync();
}
