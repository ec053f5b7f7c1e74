using Baas.Authorizer.Tests.Harness;
using Baas.Iso8583;

namespace Baas.Authorizer.Tests;

/// <summary>
/// Every message type the authorizer answers, over a real socket: what comes back (MTI, DE39, echoed fields,
/// DE38, DE54) and what it did to the money (balances, holds) and to the log.
/// </summary>
public sealed class MessageTypeTests(AuthorizerFixture fixture) : IClassFixture<AuthorizerFixture>
{
    private static readonly int[] Echoed =
    [
        IsoField.Pan, IsoField.ProcessingCode, IsoField.AmountTransaction, IsoField.TransmissionDateTime, IsoField.Stan,
        IsoField.LocalTime, IsoField.AcquirerId, IsoField.Rrn, IsoField.TerminalId, IsoField.MerchantId, IsoField.CurrencyTransaction,
    ];

    private TestAuthorizer Auth => fixture.Auth;

    private DateTimeOffset Now => Auth.Clock.GetUtcNow();

    [Fact]
    public async Task Purchase_0100_is_approved_and_held_for_seven_days()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var request = Requests.Authorization(card.Pan, 2_500);

        var response = await client.SendAsync(request);

        Assert.Equal(110, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Matches("^[0-9A-Z]{6}$", response.GetString(IsoField.ApprovalCode));
        foreach (var field in Echoed)
        {
            Assert.Equal(request.GetString(field), response.GetString(field));
        }

        Assert.Equal((10_000L, 2_500L, 7_500L), await Auth.BalancesAsync(card.AccountId));
        var hold = Assert.Single(await Auth.HoldsAsync(card.AccountId));
        Assert.Equal("active", hold.Str("state"));
        Assert.Equal(2_500, hold.Num("authorized"));
        Assert.Equal(2_500, hold.Num("remaining"));
        Assert.Equal(Now.AddDays(7), hold.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(response.GetString(IsoField.ApprovalCode), hold.Str("approvalCode"));

        var logged = AuthLog.Last(Auth, card.AccountId, "authorization");
        Assert.True(logged.GetProperty("approved").GetBoolean());
        Assert.Equal("approved", logged.Str("reason"));
        Assert.Equal("00", logged.Str("responseCode"));
        Assert.Equal(hold.Num("id"), logged.Num("holdId"));
        Assert.Equal(2_500, logged.Num("approvedAmount"));
        Assert.Equal("5411", logged.Str("mcc"));
    }

    [Fact]
    public async Task Cash_withdrawal_01_at_an_atm_is_approved_and_held()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();

        var response = await client.SendAsync(Requests.Authorization(card.Pan, 4_000, processingCode: "010000", mcc: "6011"));

        Assert.Equal("00", response.Code());
        Assert.Equal((10_000L, 4_000L, 6_000L), await Auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Last(Auth, card.AccountId, "authorization");
        Assert.Equal("atm", logged.Str("channel"));
        Assert.Equal("010000", logged.Str("processingCode"));
        Assert.Equal(4_000, (await Auth.GetJsonAsync($"/v1/cards/{card.CardId}")).GetProperty("velocity").GetProperty("atmDayAmount").GetInt64());
    }

    [Fact]
    public async Task Purchase_with_cashback_09_holds_the_whole_amount()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();

        var response = await client.SendAsync(Requests.Authorization(card.Pan, 3_000, processingCode: "090000"));

        Assert.Equal("00", response.Code());
        Assert.Equal((10_000L, 3_000L, 7_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Refund_20_is_approved_without_moving_money_and_credited_when_it_clears()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var refund = Requests.Authorization(card.Pan, 1_500, processingCode: "200000");

        var response = await client.SendAsync(refund);

        Assert.Equal(110, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
        Assert.Empty(await Auth.HoldsAsync(card.AccountId));
        Assert.Equal("refund", AuthLog.Last(Auth, card.AccountId).Str("type"));

        var cleared = await client.SendAsync(Requests.Completion(refund, 1_500));

        Assert.Equal(230, cleared.Mti);
        Assert.Equal("00", cleared.Code());
        Assert.Equal((11_500L, 0L, 11_500L), await Auth.BalancesAsync(card.AccountId));
    }

    [Theory]
    [InlineData("300000", "00")]
    [InlineData("301000", "10")]
    [InlineData("312000", "20")]
    public async Task Balance_inquiry_returns_ledger_and_available_in_DE54(string processingCode, string accountType)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 2_500))).Code());
        var head = AuthLog.Head(Auth);

        var response = await client.SendAsync(Requests.Authorization(card.Pan, 0, processingCode: processingCode));

        Assert.Equal(110, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal(
            [(accountType, "01", "840", 10_000L), (accountType, "02", "840", 7_500L)],
            response.AdditionalAmounts());
        Assert.Equal((10_000L, 2_500L, 7_500L), await Auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Last(Auth, card.AccountId);
        Assert.Equal("balance_inquiry", logged.Str("type"));
        Assert.Equal(head + 1, logged.Num("seq"));
    }

    [Fact]
    public async Task Balance_inquiry_shows_a_negative_available_balance_as_a_debit()
    {
        var card = await fixture.NewCardAsync(balance: 1_000);
        await using var client = await Auth.ConnectAsync();
        Assert.Equal("00", (await client.SendAsync(MoreRequests.Advice(card.Pan, 3_000))).Code());

        var response = await client.SendAsync(Requests.Authorization(card.Pan, 0, processingCode: "300000"));

        Assert.Equal([("00", "01", "840", 1_000L), ("00", "02", "840", -2_000L)], response.AdditionalAmounts());
    }

    [Fact]
    public async Task Account_verification_with_amount_zero_answers_85_and_holds_nothing()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();

        var response = await client.SendAsync(Requests.Authorization(card.Pan, 0, de48: "CV003123"));

        Assert.Equal("85", response.Code());
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
        Assert.Empty(await Auth.HoldsAsync(card.AccountId));
        Assert.Equal("verification_ok", AuthLog.Last(Auth, card.AccountId).Str("reason"));
    }

    [Fact]
    public async Task Pre_authorization_gets_the_extended_hold()
    {
        var card = await fixture.NewCardAsync(balance: 50_000);
        await using var client = await Auth.ConnectAsync();

        var response = await client.SendAsync(Requests.Authorization(card.Pan, 20_000, de48: "AI001P"));

        Assert.Equal("00", response.Code());
        var hold = Assert.Single(await Auth.HoldsAsync(card.AccountId));
        Assert.Equal(Now.AddDays(31), hold.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.True(AuthLog.Last(Auth, card.AccountId).Flag("preAuthorization"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Incremental_authorization_adds_to_the_original_hold(bool byRrnOnly)
    {
        var card = await fixture.NewCardAsync(balance: 50_000);
        await using var client = await Auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 10_000, mcc: "7011");
        Assert.Equal("00", (await client.SendAsync(original)).Code());
        var expires = Assert.Single(await Auth.HoldsAsync(card.AccountId)).GetProperty("expiresAt").GetDateTimeOffset();

        var response = await client.SendAsync(MoreRequests.Incremental(original, 4_000, byRrnOnly));

        Assert.Equal("00", response.Code());
        Assert.Equal((50_000L, 14_000L, 36_000L), await Auth.BalancesAsync(card.AccountId));
        var hold = Assert.Single(await Auth.HoldsAsync(card.AccountId));
        Assert.Equal(14_000, hold.Num("authorized"));
        Assert.Equal(14_000, hold.Num("remaining"));
        Assert.Equal(expires, hold.GetProperty("expiresAt").GetDateTimeOffset());
        var logged = AuthLog.Last(Auth, card.AccountId);
        Assert.Equal("incremental_authorization", logged.Str("type"));
        Assert.Equal(hold.Num("id"), logged.Num("holdId"));

        // A full reversal of the original gives back the whole hold, increments included.
        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(original))).Code());
        Assert.Equal((50_000L, 0L, 50_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Incremental_without_a_live_original_is_decided_as_a_new_authorization()
    {
        var card = await fixture.NewCardAsync(balance: 50_000);
        await using var client = await Auth.ConnectAsync();
        var neverSent = Requests.Authorization(card.Pan, 10_000);

        var response = await client.SendAsync(MoreRequests.Incremental(neverSent, 4_000));

        Assert.Equal("00", response.Code());
        Assert.Equal(4_000, Assert.Single(await Auth.HoldsAsync(card.AccountId)).Num("authorized"));
        Assert.Equal("authorization", AuthLog.Last(Auth, card.AccountId).Str("type"));
    }

    [Theory]
    [InlineData(120)]
    [InlineData(121)]
    public async Task Advice_applies_the_stand_in_approval_even_beyond_the_balance(int mti)
    {
        var card = await fixture.NewCardAsync(balance: 1_000);
        await using var client = await Auth.ConnectAsync();

        var response = await client.SendAsync(MoreRequests.Advice(card.Pan, 5_000, mti: mti));

        Assert.Equal(130, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal((1_000L, 5_000L, -4_000L), await Auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Last(Auth, card.AccountId);
        Assert.Equal("advice", logged.Str("type"));
        Assert.True(logged.GetProperty("standIn").GetBoolean());
        Assert.True(logged.GetProperty("approved").GetBoolean());
    }

    [Fact]
    public async Task Advice_is_applied_whatever_the_card_state()
    {
        var card = await fixture.NewCardAsync(balance: 1_000, state: "frozen");
        await using var client = await Auth.ConnectAsync();

        var response = await client.SendAsync(MoreRequests.Advice(card.Pan, 700));

        Assert.Equal("00", response.Code());
        Assert.Equal((1_000L, 700L, 300L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Advice_for_an_unknown_card_is_acknowledged_and_recorded()
    {
        await using var client = await Auth.ConnectAsync();
        var advice = MoreRequests.Advice(Cards.NewPan(fixture.Bin), 500);

        var response = await client.SendAsync(advice);

        Assert.Equal(130, response.Mti);
        Assert.Equal("00", response.Code());
        var logged = AuthLog.Read(Auth).Last(e => e.Str("stan") == advice.GetString(IsoField.Stan));
        Assert.Equal("advice", logged.Str("type"));
        Assert.True(logged.Flag("unmatched"));
    }

    [Fact]
    public async Task Advice_of_a_network_decline_is_recorded_only()
    {
        var card = await fixture.NewCardAsync(balance: 1_000);
        await using var client = await Auth.ConnectAsync();

        var response = await client.SendAsync(MoreRequests.Advice(card.Pan, 500, networkCode: "05"));

        Assert.Equal(130, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal((1_000L, 0L, 1_000L), await Auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Last(Auth, card.AccountId);
        Assert.Equal("advice", logged.Str("type"));
        Assert.False(logged.GetProperty("approved").GetBoolean());
    }

    [Fact]
    public async Task Advice_repeat_0121_after_the_0120_changes_nothing()
    {
        var card = await fixture.NewCardAsync(balance: 1_000);
        await using var client = await Auth.ConnectAsync();
        var advice = MoreRequests.Advice(card.Pan, 600);
        Assert.Equal("00", (await client.SendAsync(advice)).Code());
        var head = AuthLog.Head(Auth);

        var repeat = await client.SendAsync(Requests.Copy(advice, 121));

        Assert.Equal(130, repeat.Mti);
        Assert.Equal("00", repeat.Code());
        Assert.Equal((1_000L, 600L, 400L), await Auth.BalancesAsync(card.AccountId));
        Assert.Equal(head, AuthLog.Head(Auth));
    }

    [Fact]
    public async Task Financial_request_0200_posts_immediately()
    {
        var card = await fixture.NewCardAsync(balance: 10_000, pin: "1234");
        await using var client = await Auth.ConnectAsync();

        var response = await client.SendAsync(Requests.Authorization(card.Pan, 2_500, processingCode: "010000", mti: 200, mcc: "6011").WithPin("1234"));

        Assert.Equal(210, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal((7_500L, 0L, 7_500L), await Auth.BalancesAsync(card.AccountId));
        Assert.Empty(await Auth.HoldsAsync(card.AccountId, all: true));
        var logged = AuthLog.Last(Auth, card.AccountId);
        Assert.True(logged.Flag("singleMessage"));
        Assert.Equal(-2_500, logged.Num("postedDelta"));
    }

    [Fact]
    public async Task Financial_request_0200_beyond_the_balance_is_declined_and_posts_nothing()
    {
        var card = await fixture.NewCardAsync(balance: 1_000);
        await using var client = await Auth.ConnectAsync();

        var response = await client.SendAsync(Requests.Authorization(card.Pan, 2_500, mti: 200));

        Assert.Equal(210, response.Mti);
        Assert.Equal("51", response.Code());
        Assert.Equal((1_000L, 0L, 1_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Completion_0220_posts_the_amount_and_releases_the_rest_of_the_hold()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 5_000);
        Assert.Equal("00", (await client.SendAsync(original)).Code());

        var response = await client.SendAsync(Requests.Completion(original, 4_000));

        Assert.Equal(230, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal((6_000L, 0L, 6_000L), await Auth.BalancesAsync(card.AccountId));
        var hold = Assert.Single(await Auth.HoldsAsync(card.AccountId, all: true));
        Assert.Equal("cleared", hold.Str("state"));
        Assert.Equal(4_000, hold.Num("cleared"));
        var logged = AuthLog.Last(Auth, card.AccountId);
        Assert.Equal("clearing", logged.Str("type"));
        Assert.True(logged.Flag("finalClearing"));
        Assert.False(logged.Flag("overTolerance"));
    }

    [Fact]
    public async Task Completion_repeat_0221_changes_nothing()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 5_000);
        Assert.Equal("00", (await client.SendAsync(original)).Code());
        var completion = Requests.Completion(original, 5_000);
        Assert.Equal("00", (await client.SendAsync(completion)).Code());
        var head = AuthLog.Head(Auth);

        var repeat = await client.SendAsync(Requests.Copy(completion, 221));

        Assert.Equal(230, repeat.Mti);
        Assert.Equal("00", repeat.Code());
        Assert.Equal((5_000L, 0L, 5_000L), await Auth.BalancesAsync(card.AccountId));
        Assert.Equal(head, AuthLog.Head(Auth));
    }

    [Theory]
    [InlineData(400, 410)]
    [InlineData(420, 430)]
    public async Task Full_reversal_matched_by_DE90_releases_the_hold(int mti, int responseMti)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 5_000);
        Assert.Equal("00", (await client.SendAsync(original)).Code());
        var reversal = Requests.Reversal(original, mti: mti);

        var response = await client.SendAsync(reversal);

        Assert.Equal(responseMti, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal(reversal.GetString(IsoField.OriginalDataElements), response.GetString(IsoField.OriginalDataElements));
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
        Assert.Equal("released", Assert.Single(await Auth.HoldsAsync(card.AccountId, all: true)).Str("state"));
        var logged = AuthLog.Last(Auth, card.AccountId);
        Assert.Equal("reversal", logged.Str("type"));
        Assert.False(logged.Flag("unmatched"));
        Assert.Equal(-5_000, logged.Num("holdDelta"));
    }

    [Theory]
    [InlineData(400, 410)]
    [InlineData(420, 430)]
    public async Task Partial_reversal_with_DE95_keeps_the_actual_amount_held(int mti, int responseMti)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 5_000);
        Assert.Equal("00", (await client.SendAsync(original)).Code());
        var reversal = Requests.Reversal(original, actual: 3_000, mti: mti);

        var response = await client.SendAsync(reversal);

        Assert.Equal(responseMti, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal(reversal.GetString(IsoField.ReplacementAmounts), response.GetString(IsoField.ReplacementAmounts));
        Assert.Equal((10_000L, 3_000L, 7_000L), await Auth.BalancesAsync(card.AccountId));
        var hold = Assert.Single(await Auth.HoldsAsync(card.AccountId));
        Assert.Equal(3_000, hold.Num("remaining"));
    }

    [Theory]
    [InlineData(400, 401, 410)]
    [InlineData(420, 421, 430)]
    [InlineData(400, 400, 410)]
    public async Task Reversal_repeat_returns_the_original_answer_and_changes_nothing(int mti, int repeatMti, int responseMti)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 5_000);
        Assert.Equal("00", (await client.SendAsync(original)).Code());
        var reversal = Requests.Reversal(original, actual: 2_000, mti: mti);
        Assert.Equal("00", (await client.SendAsync(reversal)).Code());
        var head = AuthLog.Head(Auth);

        var repeat = await client.SendAsync(Requests.Copy(reversal, repeatMti));

        Assert.Equal(responseMti, repeat.Mti);
        Assert.Equal("00", repeat.Code());
        Assert.Equal((10_000L, 2_000L, 8_000L), await Auth.BalancesAsync(card.AccountId));
        Assert.Equal(head, AuthLog.Head(Auth));
    }

    [Fact]
    public async Task Reversal_with_zero_DE90_is_matched_by_RRN_card_and_amount()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 5_000);
        Assert.Equal("00", (await client.SendAsync(original)).Code());

        var response = await client.SendAsync(Requests.Reversal(original, zeroDe90: true));

        Assert.Equal("00", response.Code());
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
        Assert.False(AuthLog.Last(Auth, card.AccountId).Flag("unmatched"));
    }

    [Fact]
    public async Task Reversal_with_zero_DE90_and_another_amount_is_not_matched()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 5_000);
        Assert.Equal("00", (await client.SendAsync(original)).Code());
        var reversal = Requests.Reversal(original, zeroDe90: true);
        reversal.SetNumber(IsoField.AmountTransaction, 4_999, 12);

        var response = await client.SendAsync(reversal);

        Assert.Equal("00", response.Code());
        Assert.Equal((10_000L, 5_000L, 5_000L), await Auth.BalancesAsync(card.AccountId));
        Assert.True(AuthLog.Last(Auth, card.AccountId, "reversal").Flag("unmatched"));
    }

    [Theory]
    [InlineData(400, 410)]
    [InlineData(420, 430)]
    public async Task Unmatched_reversal_is_answered_and_stored(int mti, int responseMti)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var neverSent = Requests.Authorization(card.Pan, 5_000);
        var reversal = Requests.Reversal(neverSent, mti: mti);

        var response = await client.SendAsync(reversal);

        Assert.Equal(responseMti, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Last(Auth, card.AccountId);
        Assert.Equal("reversal", logged.Str("type"));
        Assert.True(logged.Flag("unmatched"));
        Assert.Equal("unmatched", logged.Str("reason"));
        Assert.Equal(reversal.GetString(IsoField.Stan), logged.Str("stan"));
        Assert.Equal(neverSent.GetString(IsoField.Stan), logged.Str("originalStan"));
    }

    [Fact]
    public async Task Reversal_of_a_single_message_financial_credits_the_money_back_once()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 2_500, mti: 200);
        Assert.Equal("00", (await client.SendAsync(original)).Code());

        var response = await client.SendAsync(Requests.Reversal(original));

        Assert.Equal(410, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
        Assert.Equal(2_500, AuthLog.Last(Auth, card.AccountId).Num("postedDelta"));

        // The same original reversed again (a new reversal, by DE90 or by RRN) gives nothing more back.
        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(original, mti: 420))).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(original, zeroDe90: true))).Code());
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Single_message_reversed_by_RRN_first_is_not_credited_again_by_DE90()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 2_500, mti: 200);
        Assert.Equal("00", (await client.SendAsync(original)).Code());

        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(original, zeroDe90: true))).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(original))).Code());

        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Partial_reversal_of_a_single_message_credits_the_difference()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var original = Requests.Authorization(card.Pan, 6_000, mti: 200, processingCode: "010000", mcc: "6011");
        Assert.Equal("00", (await client.SendAsync(original)).Code());

        // The ATM dispensed 4000 of the 6000.
        Assert.Equal("00", (await client.SendAsync(Requests.Reversal(original, actual: 4_000, mti: 420))).Code());

        Assert.Equal((6_000L, 0L, 6_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Theory]
    [InlineData("001")]
    [InlineData("002")]
    [InlineData("301")]
    public async Task Network_management_0800_is_answered_0810_and_logs_nothing(string code)
    {
        await using var client = await Auth.ConnectAsync();
        var head = AuthLog.Head(Auth);
        var request = Requests.NetworkManagement(code);

        var response = await client.SendAsync(request);

        Assert.Equal(810, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal(code, response.GetString(IsoField.NetworkManagementCode));
        Assert.Equal(request.GetString(IsoField.TransmissionDateTime), response.GetString(IsoField.TransmissionDateTime));
        Assert.Equal(head, AuthLog.Head(Auth));
    }

    [Fact]
    public async Task Sign_on_echo_and_sign_off_in_one_session_then_authorizations_still_work()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();

        Assert.Equal("00", (await client.SendAsync(Requests.NetworkManagement("001"))).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 100))).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.NetworkManagement("301"))).Code());
        Assert.Equal("00", (await client.SendAsync(Requests.NetworkManagement("002"))).Code());
        Assert.Equal((10_000L, 100L, 9_900L), await Auth.BalancesAsync(card.AccountId));
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(100, 101)]
    [InlineData(200, 200)]
    [InlineData(200, 201)]
    public async Task Repeat_or_retransmission_returns_the_original_response_and_changes_nothing(int mti, int repeatMti)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var request = Requests.Authorization(card.Pan, 2_500, mti: mti);
        var first = await client.SendAsync(request);
        Assert.Equal("00", first.Code());
        var balances = await Auth.BalancesAsync(card.AccountId);
        var head = AuthLog.Head(Auth);

        var again = await client.SendAsync(Requests.Copy(request, repeatMti));

        Assert.Equal(first.Mti, again.Mti);
        Assert.Equal("00", again.Code());
        Assert.Equal(first.GetString(IsoField.ApprovalCode), again.GetString(IsoField.ApprovalCode));
        Assert.Equal(first.GetString(IsoField.AmountTransaction), again.GetString(IsoField.AmountTransaction));
        Assert.Equal(balances, await Auth.BalancesAsync(card.AccountId));
        Assert.Equal(head, AuthLog.Head(Auth));
    }

    [Fact]
    public async Task Retransmission_on_another_connection_is_recognised_too()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        var request = Requests.Authorization(card.Pan, 2_500);
        string? approval;
        await using (var first = await Auth.ConnectAsync())
        {
            approval = (await first.SendAsync(request)).GetString(IsoField.ApprovalCode);
        }

        await using var second = await Auth.ConnectAsync();
        var again = await second.SendAsync(Requests.Copy(request, 101));

        Assert.Equal("00", again.Code());
        Assert.Equal(approval, again.GetString(IsoField.ApprovalCode));
        Assert.Equal((10_000L, 2_500L, 7_500L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task A_repeat_past_the_budget_gets_the_original_approval_and_does_not_replace_it()
    {
        await using var auth = await TestAuthorizer.StartAsync();
        var (programId, bin) = await auth.NewProgramAsync();
        var card = await auth.NewCardAsync(programId, bin, balance: 10_000);
        var request = Requests.Authorization(card.Pan, 2_000);
        string? approval;
        await using (var first = await auth.ConnectAsync())
        {
            approval = (await first.SendAsync(request)).GetString(IsoField.ApprovalCode);
        }

        var head = AuthLog.Head(auth);
        auth.Options.BudgetMs = 0;
        await using (var late = await auth.ConnectAsync())
        {
            var repeat = await late.SendAsync(Requests.Copy(request, 101));
            Assert.Equal("00", repeat.Code());
            Assert.Equal(approval, repeat.GetString(IsoField.ApprovalCode));

            // The budget is in force: a new request is answered 91.
            Assert.Equal("91", (await late.SendAsync(Requests.Authorization(card.Pan, 100))).Code());
        }

        auth.Options.BudgetMs = 150;
        await using var again = await auth.ConnectAsync();
        var repeatAgain = await again.SendAsync(Requests.Copy(request, 101));

        Assert.Equal("00", repeatAgain.Code());
        Assert.Equal(approval, repeatAgain.GetString(IsoField.ApprovalCode));
        Assert.Equal((10_000L, 2_000L, 8_000L), await auth.BalancesAsync(card.AccountId));
        Assert.Equal(head + 1, AuthLog.Head(auth));
    }

    [Fact]
    public async Task A_malformed_repeat_is_answered_30_and_the_next_good_repeat_still_gets_the_original()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var request = Requests.Authorization(card.Pan, 2_500);
        var approval = (await client.SendAsync(request)).GetString(IsoField.ApprovalCode);
        var malformed = Requests.Copy(request, 101);
        malformed.Remove(IsoField.CurrencyTransaction);

        Assert.Equal("30", (await client.SendAsync(malformed)).Code());
        var repeat = await client.SendAsync(Requests.Copy(request, 101));

        Assert.Equal("00", repeat.Code());
        Assert.Equal(approval, repeat.GetString(IsoField.ApprovalCode));
        Assert.Equal((10_000L, 2_500L, 7_500L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Repeat_of_a_declined_request_repeats_the_decline()
    {
        var card = await fixture.NewCardAsync(balance: 1_000);
        await using var client = await Auth.ConnectAsync();
        var request = Requests.Authorization(card.Pan, 2_500);
        Assert.Equal("51", (await client.SendAsync(request)).Code());
        await Auth.Http.PostAsync(new Uri($"/v1/accounts/{card.AccountId}/credits", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { amount = 5_000, reference = "topup" }));
        var head = AuthLog.Head(Auth);

        var again = await client.SendAsync(Requests.Copy(request, 101));

        Assert.Equal("51", again.Code());
        Assert.Null(again.GetString(IsoField.ApprovalCode));
        Assert.Equal((6_000L, 0L, 6_000L), await Auth.BalancesAsync(card.AccountId));
        Assert.Equal(head, AuthLog.Head(Auth));
    }

    [Fact]
    public async Task Repeat_of_a_partial_approval_repeats_the_approved_amount()
    {
        var card = await fixture.NewCardAsync(balance: 3_000);
        await using var client = await Auth.ConnectAsync();
        var request = Requests.Authorization(card.Pan, 5_000, de48: "PA0011");
        var first = await client.SendAsync(request);
        Assert.Equal("10", first.Code());

        var again = await client.SendAsync(Requests.Copy(request, 101));

        Assert.Equal("10", again.Code());
        Assert.Equal(3_000, long.Parse(again.GetString(IsoField.AmountTransaction)!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(first.GetString(IsoField.ApprovalCode), again.GetString(IsoField.ApprovalCode));
        Assert.Equal(first.GetString(IsoField.AdditionalAmounts), again.GetString(IsoField.AdditionalAmounts));
        Assert.Equal((3_000L, 3_000L, 0L), await Auth.BalancesAsync(card.AccountId));
    }

    [Theory]
    [InlineData(100, 101)]
    [InlineData(200, 200)]
    [InlineData(400, 401)]
    public async Task Same_key_with_another_amount_is_94_and_changes_nothing(int mti, int repeatMti)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();
        var request = Requests.Authorization(card.Pan, 2_500, mti: mti == 400 ? 100 : mti);
        Assert.Equal("00", (await client.SendAsync(request)).Code());
        if (mti == 400)
        {
            request = Requests.Reversal(request);
            Assert.Equal("00", (await client.SendAsync(request)).Code());
        }

        var balances = await Auth.BalancesAsync(card.AccountId);
        var changed = Requests.Copy(request, repeatMti);
        changed.SetNumber(IsoField.AmountTransaction, 2_600, 12);

        var response = await client.SendAsync(changed);

        Assert.Equal("94", response.Code());
        Assert.Null(response.GetString(IsoField.ApprovalCode));
        Assert.Equal(balances, await Auth.BalancesAsync(card.AccountId));
        Assert.Equal("duplicate_transmission", AuthLog.Last(Auth, card.AccountId).Str("reason"));

        // The 94 did not replace the stored original: its retransmission still gets the original answer.
        Assert.Equal("00", (await client.SendAsync(Requests.Copy(request))).Code());
        Assert.Equal(balances, await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Repeat_0101_of_an_original_never_received_is_decided_as_new()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await using var client = await Auth.ConnectAsync();

        var response = await client.SendAsync(Requests.Authorization(card.Pan, 1_000, mti: 101));

        Assert.Equal(110, response.Mti);
        Assert.Equal("00", response.Code());
        Assert.Equal((10_000L, 1_000L, 9_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Several_requests_in_flight_on_one_connection_are_all_answered()
    {
        var card = await fixture.NewCardAsync(balance: 100_000);
        await using var client = await Auth.ConnectAsync();

        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => client.SendAsync(Requests.Authorization(card.Pan, i * 10))));

        Assert.All(responses, r => Assert.Equal("00", r.Code()));
        Assert.Equal((100_000L, 2_100L, 97_900L), await Auth.BalancesAsync(card.AccountId));
    }
}
