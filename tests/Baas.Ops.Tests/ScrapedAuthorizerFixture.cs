using Baas.Authorizer.Tests.Harness;
using Baas.Iso8583;

namespace Baas.Ops.Tests;

/// <summary>
/// A real authorizer (in process, loopback ports) that has answered a little of everything: approvals, a decline,
/// a financial request, network management, a malformed message and a connection it had to close, so that every
/// counter and histogram it has has series; then one scrape of its /metrics.
/// </summary>
public sealed class ScrapedAuthorizerFixture : IAsyncLifetime
{
    private TestAuthorizer? _auth;

    /// <summary>The text of GET /metrics after the traffic.</summary>
    public string Scrape { get; private set; } = "";

    /// <summary>The scrape, by family.</summary>
    internal IReadOnlyDictionary<string, ExposedFamily> Families { get; private set; } = new Dictionary<string, ExposedFamily>();

    public async Task InitializeAsync()
    {
        _auth = await TestAuthorizer.StartAsync();
        var (programId, bin) = await _auth.NewProgramAsync();
        var card = await _auth.NewCardAsync(programId, bin, balance: 1_000_000);
        await using (var client = await _auth.ConnectAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 100))).Code());
            }

            Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 100, mti: 200))).Code());
            Assert.Equal("14", (await client.SendAsync(Requests.Authorization(Cards.NewPan(bin), 100))).Code());
            Assert.Equal(810, (await client.SendAsync(Requests.NetworkManagement("301"))).Mti);

            // A malformed amount with a readable MTI and STAN: answered 30 and counted as a format error.
            var bad = Requests.Authorization(card.Pan, 100);
            var answer = client.ExpectAsync(bad.GetString(IsoField.Stan)!);
            await client.SendRawAsync(OpsRequests.FrameWithBadAmount(bad));
            Assert.Equal("30", (await answer).Code());
        }

        // A length prefix far above the maximum frame: the authorizer closes the connection (oversize_frame).
        await using (var hostile = await _auth.ConnectAsync())
        {
            await hostile.SendRawAsync(new byte[] { 0xFF, 0xFF });
            Assert.True(await hostile.WaitClosedAsync(TimeSpan.FromSeconds(5)), "the authorizer kept a connection with an oversize frame open");
        }

        // The disconnect is counted as the connection winds down, just after the client sees it closed.
        Assert.True(
            await Provisioning.EventuallyAsync(async () =>
            {
                Scrape = await _auth.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                return Exposition.Sum(Scrape, "baas_iso_disconnects_total", ("reason", "oversize_frame")) >= 1
                    && Exposition.Sum(Scrape, "baas_iso_format_errors_total") >= 1;
            }),
            "the disconnect and the format error never showed in /metrics");
        Families = Exposition.Parse(Scrape);
    }

    public async Task DisposeAsync()
    {
        if (_auth is not null)
        {
            await _auth.DisposeAsync();
        }
    }
}
