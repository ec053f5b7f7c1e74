using System.Diagnostics;
using System.Net.Sockets;
using Baas.Authorizer.Tests.Harness;
using Baas.Iso8583;

namespace Baas.Authorizer.Tests;

/// <summary>An authorizer that gives up on a partial frame after one second.</summary>
public sealed class ImpatientAuthorizerFixture : AuthorizerFixture
{
    protected override void Configure(AuthorizerOptions options) => options.PartialFrameTimeoutSeconds = 1;
}

/// <summary>
/// Broken, hostile and slow peers on the ISO socket: each is answered 30 or disconnected as the wire contract
/// says, and all the while a second, well-behaved connection keeps getting correct answers.
/// </summary>
public sealed class BadInputTests(ImpatientAuthorizerFixture fixture) : IClassFixture<ImpatientAuthorizerFixture>
{
    private TestAuthorizer Auth => fixture.Auth;

    /// <summary>
    /// Runs <paramref name="misbehave"/> while a good connection sends a steady stream of authorizations, then
    /// sends one more: every good request must be approved, the money must add up.
    /// </summary>
    private async Task WhileGoodTrafficFlowsAsync(Func<Task> misbehave)
    {
        var card = await fixture.NewCardAsync(balance: 1_000_000);
        await using var good = await Auth.ConnectAsync();
        Assert.Equal("00", (await good.SendAsync(Requests.Authorization(card.Pan, 1))).Code());
        using var stop = new CancellationTokenSource();
        var codes = new List<string>();
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                codes.Add((await good.SendAsync(Requests.Authorization(card.Pan, 1), TimeSpan.FromSeconds(5))).Code());
                await Task.Delay(20);
            }
        });

        try
        {
            await misbehave();
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
        }

        Assert.Equal("00", (await good.SendAsync(Requests.Authorization(card.Pan, 1))).Code());
        Assert.NotEmpty(codes);
        Assert.All(codes, c => Assert.Equal("00", c));
        Assert.Equal(codes.Count + 2, (await Auth.BalancesAsync(card.AccountId)).Held);
    }

    private async Task<IsoTestClient> BadConnectionAsync() => await Auth.ConnectAsync();

    /// <summary>Connections the authorizer closed for <paramref name="reason"/> so far (baas_iso_disconnects_total).</summary>
    private async Task<double> DisconnectsAsync(string reason)
    {
        var text = await Auth.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return text.Split('\n')
            .Where(l => l.StartsWith("baas_iso_disconnects_total{", StringComparison.Ordinal) && l.Contains($"reason=\"{reason}\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Waits for the server to close <paramref name="bad"/> and checks the reason it counted.</summary>
    private async Task AssertClosedForAsync(IsoTestClient bad, string reason, double before, TimeSpan timeout)
    {
        Assert.True(await bad.WaitClosedAsync(timeout), "the connection is still open");
        Assert.True(await DisconnectsAsync(reason) > before, $"no disconnect counted for {reason}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Random_garbage_closes_the_connection(int seed)
    {
        await WhileGoodTrafficFlowsAsync(async () =>
        {
            await using var bad = await BadConnectionAsync();
            var garbage = new byte[1_000];
            new Random(seed).NextBytes(garbage);

            await bad.SendRawAsync(garbage);

            Assert.True(await bad.WaitClosedAsync(TimeSpan.FromSeconds(4)));
        });
    }

    [Theory]
    [InlineData("01X0")]
    [InlineData("ABCD")]
    [InlineData("\u00ff\u00fe01")]
    public async Task Unreadable_message_closes_the_connection(string mti)
    {
        await WhileGoodTrafficFlowsAsync(async () =>
        {
            await using var bad = await BadConnectionAsync();
            var body = System.Text.Encoding.Latin1.GetBytes(mti + "7234054128C08000");
            var before = await DisconnectsAsync("unreadable_message");

            await bad.SendRawAsync((byte[])[(byte)(body.Length >> 8), (byte)body.Length, .. body]);

            await AssertClosedForAsync(bad, "unreadable_message", before, TimeSpan.FromSeconds(3));
        });
    }

    [Fact]
    public async Task Zero_length_frames_are_keep_alives_and_change_nothing()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var head = AuthLog.Head(Auth);

        await client.SendRawAsync(new byte[] { 0, 0, 0, 0, 0, 0 });

        Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 100))).Code());
        Assert.False(client.Closed);
        Assert.Equal(head + 1, AuthLog.Head(Auth));
    }

    [Theory]
    [InlineData(0xFF, 0xFF)]
    [InlineData(0x20, 0x01)]
    public async Task Oversize_length_prefix_closes_the_connection_at_once(byte high, byte low)
    {
        await WhileGoodTrafficFlowsAsync(async () =>
        {
            await using var bad = await BadConnectionAsync();
            var before = await DisconnectsAsync("oversize_frame");

            await bad.SendRawAsync(new byte[] { high, low, (byte)'0', (byte)'1', (byte)'0', (byte)'0' });

            // Not by the partial-frame timeout: the prefix alone condemns it.
            await AssertClosedForAsync(bad, "oversize_frame", before, TimeSpan.FromSeconds(3));
        });
    }

    [Fact]
    public async Task Truncated_frame_then_end_of_stream_closes_the_connection()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await WhileGoodTrafficFlowsAsync(async () =>
        {
            await using var bad = await BadConnectionAsync();
            var frame = MoreRequests.Frame(Requests.Authorization(card.Pan, 5_000));

            var before = await DisconnectsAsync("truncated_frame");

            await bad.SendRawAsync(frame.AsMemory(0, frame.Length / 2));
            bad.Stream.Socket.Shutdown(SocketShutdown.Send);

            await AssertClosedForAsync(bad, "truncated_frame", before, TimeSpan.FromSeconds(3));
        });

        // The half request never became a decision.
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Truncated_frame_then_a_vanished_peer_disturbs_nobody()
    {
        await WhileGoodTrafficFlowsAsync(async () =>
        {
            var card = await fixture.NewCardAsync(balance: 10_000);
            var frame = MoreRequests.Frame(Requests.Authorization(card.Pan, 5_000));
            using var raw = new TcpClient();
            await raw.ConnectAsync("127.0.0.1", Auth.IsoPort);
            await raw.GetStream().WriteAsync(frame.AsMemory(0, 10));
            raw.Client.LingerState = new LingerOption(true, 0);
            raw.Close();
            await Task.Delay(200);
        });
    }

    [Theory]
    [InlineData(IsoField.AmountTransaction, "00000000ABCD")]
    [InlineData(IsoField.AmountTransaction, "-00000001000")]
    [InlineData(IsoField.ProcessingCode, "00 000")]
    public async Task Malformed_field_with_mti_and_stan_readable_is_answered_30_and_the_connection_stays(int field, string text)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await WhileGoodTrafficFlowsAsync(async () =>
        {
            await using var peer = await BadConnectionAsync();
            var request = Requests.Authorization(card.Pan, 1_000);
            var answer = peer.ExpectAsync(request.GetString(IsoField.Stan)!);

            await peer.SendRawAsync(MoreRequests.FrameWithBadField(request, field, text));
            var response = await answer;

            Assert.Equal(110, response.Mti);
            Assert.Equal("30", response.Code());
            Assert.Equal(request.GetString(IsoField.Rrn), response.GetString(IsoField.Rrn));
            Assert.Null(response.GetString(IsoField.ApprovalCode));

            // Same connection, next message: business as usual.
            Assert.Equal("00", (await peer.SendAsync(Requests.Authorization(card.Pan, 1_000))).Code());
            Assert.False(peer.Closed);
        });

        Assert.Equal((10_000L, 1_000L, 9_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Malformed_stan_closes_the_connection()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await WhileGoodTrafficFlowsAsync(async () =>
        {
            await using var bad = await BadConnectionAsync();
            var request = Requests.Authorization(card.Pan, 1_000);
            var frame = MoreRequests.Frame(request);
            // DE7 ("1121" + STAN) is followed by DE11 (the STAN).
            var stan = request.GetString(IsoField.Stan)!;
            var at = frame.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(request.GetString(IsoField.TransmissionDateTime) + stan));
            Assert.True(at > 0);
            frame[at + 10] = (byte)'X';
            var before = await DisconnectsAsync("unreadable_message");

            await bad.SendRawAsync(frame);

            await AssertClosedForAsync(bad, "unreadable_message", before, TimeSpan.FromSeconds(3));
        });
    }

    [Fact]
    public async Task Partial_frame_then_silence_is_closed_after_the_partial_frame_timeout()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await WhileGoodTrafficFlowsAsync(async () =>
        {
            await using var bad = await BadConnectionAsync();
            var frame = MoreRequests.Frame(Requests.Authorization(card.Pan, 5_000));
            var before = await DisconnectsAsync("partial_frame_timeout");
            var started = Stopwatch.StartNew();

            await bad.SendRawAsync(frame.AsMemory(0, 20));

            await AssertClosedForAsync(bad, "partial_frame_timeout", before, TimeSpan.FromSeconds(4));
            Assert.True(started.Elapsed > TimeSpan.FromMilliseconds(800), $"closed after {started.Elapsed}");
        });
    }

    [Fact]
    public async Task Slow_loris_trickling_a_frame_is_closed_by_the_partial_frame_timeout()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await WhileGoodTrafficFlowsAsync(async () =>
        {
            await using var bad = await BadConnectionAsync();
            var frame = MoreRequests.Frame(Requests.Authorization(card.Pan, 5_000));
            var before = await DisconnectsAsync("partial_frame_timeout");
            var started = Stopwatch.StartNew();

            // One byte every 200 ms: never a second of silence, but the frame would take half a minute.
            for (var i = 0; i < frame.Length - 1 && !bad.Closed && started.Elapsed < TimeSpan.FromSeconds(4); i++)
            {
                try
                {
                    await bad.SendRawAsync(frame.AsMemory(i, 1));
                }
                catch (IOException)
                {
                    break;
                }

                await Task.Delay(200);
            }

            await AssertClosedForAsync(bad, "partial_frame_timeout", before, TimeSpan.FromSeconds(1));
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"closed after {started.Elapsed}");
        });

        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task A_frame_arriving_in_small_pieces_within_the_timeout_is_answered()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var request = Requests.Authorization(card.Pan, 700);
        var frame = MoreRequests.Frame(request);
        var answer = client.ExpectAsync(request.GetString(IsoField.Stan)!);

        for (var i = 0; i < frame.Length; i += 16)
        {
            await client.SendRawAsync(frame.AsMemory(i, Math.Min(16, frame.Length - i)));
            await Task.Delay(5);
        }

        Assert.Equal("00", (await answer).Code());
        Assert.Equal((10_000L, 700L, 9_300L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Several_frames_in_one_write_are_all_answered()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var requests = Enumerable.Range(1, 5).Select(i => Requests.Authorization(card.Pan, i * 100)).ToArray();
        var answers = requests.Select(r => client.ExpectAsync(r.GetString(IsoField.Stan)!)).ToArray();

        await client.SendRawAsync(requests.SelectMany(MoreRequests.Frame).ToArray());

        Assert.All(await Task.WhenAll(answers), r => Assert.Equal("00", r.Code()));
        Assert.Equal((10_000L, 1_500L, 8_500L), await Auth.BalancesAsync(card.AccountId));
    }
}
