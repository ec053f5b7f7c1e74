using System.Globalization;
using Baas.Authorizer.Tests.Harness;
using Baas.Events;
using Baas.Iso8583;

namespace Baas.Authorizer.Tests;

/// <summary>
/// Every DE39 the authorizer gives, each produced over a real socket by the situation that should produce it,
/// with the internal reason in the log and (for declines) no money moved. 58 and 96 have no test: nothing in
/// the engine decides 58, and 96 is only the answer to an internal failure.
/// </summary>
public sealed class ResponseCodeTests(AuthorizerFixture fixture) : IClassFixture<AuthorizerFixture>
{
    private TestAuthorizer Auth => fixture.Auth;

    /// <summary>Sends a request for <paramref name="card"/> and checks it is declined with nothing moved and the reason logged.</summary>
    private async Task<IsoMessage> DeclinedAsync(TestCard card, IsoMessage request, string code, string reason)
    {
        var before = await Auth.BalancesAsync(card.AccountId);
        await using var client = await Auth.ConnectAsync();

        var response = await client.SendAsync(request);

        Assert.Equal(code, response.Code());
        Assert.Null(response.GetString(IsoField.ApprovalCode));
        Assert.Equal(before, await Auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Last(Auth, card.AccountId);
        Assert.Equal(request.GetString(IsoField.Stan), logged.Str("stan"));
        Assert.False(logged.GetProperty("approved").GetBoolean());
        Assert.Equal(code, logged.Str("responseCode"));
        Assert.Equal(reason, logged.Str("reason"));
        return response;
    }

    private async Task<IsoMessage> SendAsync(IsoMessage request)
    {
        await using var client = await Auth.ConnectAsync();
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("051", "00")]
    [InlineData("071", "00")]
    [InlineData("021", "00")]
    [InlineData("010", "59")]
    [InlineData("012", "00")]
    public async Task Code_00_approved_on_every_channel(string entryMode, string condition)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);

        var response = await SendAsync(Requests.Authorization(card.Pan, 1_234, entryMode: entryMode, condition: condition));

        Assert.Equal("00", response.Code());
        Assert.NotNull(response.GetString(IsoField.ApprovalCode));
        Assert.Equal((10_000L, 1_234L, 8_766L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Code_10_partial_approval_when_the_terminal_supports_it()
    {
        var card = await fixture.NewCardAsync(balance: 3_000);

        var response = await SendAsync(Requests.Authorization(card.Pan, 5_000, de48: "PA0011"));

        Assert.Equal("10", response.Code());
        Assert.Equal(3_000, long.Parse(response.GetString(IsoField.AmountTransaction)!, CultureInfo.InvariantCulture));
        Assert.Equal([("00", "57", "840", 5_000L), ("00", "02", "840", 0L)], response.AdditionalAmounts());
        Assert.Equal((3_000L, 3_000L, 0L), await Auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Last(Auth, card.AccountId);
        Assert.True(logged.GetProperty("partial").GetBoolean());
        Assert.Equal("partial_approval", logged.Str("reason"));
        Assert.Equal(5_000, logged.Num("requestedAmount"));
        Assert.Equal(3_000, logged.Num("approvedAmount"));
    }

    [Theory]
    [InlineData("000000", "", 3_000)]
    [InlineData("000000", "PA0010", 3_000)]
    [InlineData("010000", "PA0011", 3_000)]
    [InlineData("000000", "PA0011", 0)]
    public async Task Code_51_when_partial_approval_does_not_apply(string processingCode, string de48, long balance)
    {
        var card = await fixture.NewCardAsync(balance: balance);

        await DeclinedAsync(card, Requests.Authorization(card.Pan, 5_000, processingCode, de48: de48.Length == 0 ? null : de48), "51", "insufficient_funds");
    }

    [Fact]
    public async Task Code_51_insufficient_funds_and_the_overdraft_counts()
    {
        var card = await fixture.NewCardAsync(balance: 1_000);
        await DeclinedAsync(card, Requests.Authorization(card.Pan, 1_001), "51", "insufficient_funds");

        var withOverdraft = await fixture.NewCardAsync(balance: 1_000, overdraft: 2_000);
        Assert.Equal("00", (await SendAsync(Requests.Authorization(withOverdraft.Pan, 3_000))).Code());
        Assert.Equal((1_000L, 3_000L, 0L), await Auth.BalancesAsync(withOverdraft.AccountId));
        await DeclinedAsync(withOverdraft, Requests.Authorization(withOverdraft.Pan, 1), "51", "insufficient_funds");
    }

    [Theory]
    [InlineData("400000")]
    [InlineData("500000")]
    [InlineData("210000")]
    public async Task Code_12_unsupported_processing_code(string processingCode)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);

        await DeclinedAsync(card, Requests.Authorization(card.Pan, 1_000, processingCode), "12", "invalid_transaction");
    }

    [Fact]
    public async Task Code_12_unsupported_message_class()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);

        var response = await SendAsync(Requests.Authorization(card.Pan, 1_000, mti: 300));

        Assert.Equal(310, response.Mti);
        Assert.Equal("12", response.Code());
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Code_13_foreign_currency_without_a_billing_amount_in_the_account_currency()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        await DeclinedAsync(card, Requests.Authorization(card.Pan, 2_000, currency: "978"), "13", "invalid_amount");

        var wrongBilling = Requests.Authorization(card.Pan, 2_000, currency: "978");
        wrongBilling.SetNumber(IsoField.AmountBilling, 2_300, 12);
        wrongBilling.Set(IsoField.CurrencyBilling, "826");
        await DeclinedAsync(card, wrongBilling, "13", "invalid_amount");
    }

    [Fact]
    public async Task Foreign_currency_with_a_billing_amount_holds_the_billing_amount()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        var request = Requests.Authorization(card.Pan, 2_000, currency: "978", country: "DE");
        request.SetNumber(IsoField.AmountBilling, 2_300, 12);
        request.Set(IsoField.CurrencyBilling, "840");

        var response = await SendAsync(request);

        Assert.Equal("00", response.Code());
        Assert.Equal((10_000L, 2_300L, 7_700L), await Auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Last(Auth, card.AccountId);
        Assert.Equal("EUR", logged.Str("requestedCurrency"));
        Assert.Equal(2_300, logged.Num("approvedAmount"));
    }

    [Fact]
    public async Task Code_14_unknown_card()
    {
        var pan = Cards.NewPan(fixture.Bin);

        var request = Requests.Authorization(pan, 1_000);
        var response = await SendAsync(request);

        Assert.Equal("14", response.Code());
        var logged = AuthLog.Read(Auth).Last(e => e.Str("stan") == request.GetString(IsoField.Stan));
        Assert.Equal("card_not_found", logged.Str("reason"));
        Assert.Null(logged.Str("accountId"));
    }

    [Theory]
    [InlineData("missing_currency")]
    [InlineData("missing_processing_code")]
    [InlineData("missing_amount")]
    public async Task Code_30_a_required_field_is_missing(string what)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        var request = Requests.Authorization(card.Pan, 1_000);
        request.Remove(what switch
        {
            "missing_currency" => IsoField.CurrencyTransaction,
            "missing_processing_code" => IsoField.ProcessingCode,
            _ => IsoField.AmountTransaction,
        });

        var response = await SendAsync(request);

        Assert.Equal(110, response.Mti);
        Assert.Equal("30", response.Code());
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
        var logged = AuthLog.Read(Auth).Last(e => e.Str("stan") == request.GetString(IsoField.Stan));
        Assert.Equal("format_error", logged.Str("reason"));
    }

    [Fact]
    public async Task Code_30_a_malformed_field_with_mti_and_stan_readable()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        var request = Requests.Authorization(card.Pan, 1_000);
        await using var client = await Auth.ConnectAsync();
        var answer = client.ExpectAsync(request.GetString(IsoField.Stan)!);

        await client.SendRawAsync(MoreRequests.FrameWithBadField(request, IsoField.AmountTransaction, "00000000ABCD"));
        var response = await answer;

        Assert.Equal(110, response.Mti);
        Assert.Equal("30", response.Code());
        Assert.Equal((10_000L, 0L, 10_000L), await Auth.BalancesAsync(card.AccountId));
    }

    [Theory]
    [InlineData("lost", "41", "card_lost")]
    [InlineData("stolen", "43", "card_stolen")]
    [InlineData("closed", "46", "card_closed")]
    [InlineData("frozen", "62", "card_frozen")]
    [InlineData("ordered", "78", "card_not_activated")]
    [InlineData("shipped", "78", "card_not_activated")]
    [InlineData("pending_activation", "78", "card_not_activated")]
    public async Task Card_state_declines(string state, string code, string reason)
    {
        var card = await fixture.NewCardAsync(balance: 10_000, state: state);

        await DeclinedAsync(card, Requests.Authorization(card.Pan, 1_000), code, reason);
    }

    [Theory]
    [InlineData("frozen", "62", "card_frozen")]
    [InlineData("lost", "41", "card_lost")]
    public async Task Card_state_changed_through_the_api_takes_effect_at_once(string state, string code, string reason)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        Assert.Equal("00", (await SendAsync(Requests.Authorization(card.Pan, 100))).Code());

        var changed = await Auth.Http.PostAsync(new Uri($"/v1/cards/{card.CardId}/state", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { state, reason = "test" }));
        changed.EnsureSuccessStatusCode();

        await DeclinedAsync(card, Requests.Authorization(card.Pan, 100), code, reason);
    }

    [Theory]
    [InlineData("state", "closed", "46", "card_closed")]
    [InlineData("state", "frozen", "62", "card_frozen")]
    [InlineData("customerStatus", "suspended", "62", "customer_restricted")]
    [InlineData("customerStatus", "restricted", "57", "account_restricted")]
    public async Task Account_and_customer_status_declines(string property, string value, string code, string reason)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        var body = new Dictionary<string, string> { [property] = value, ["reason"] = "test" };
        var changed = await Auth.Http.PostAsync(new Uri($"/v1/accounts/{card.AccountId}/state", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(body));
        changed.EnsureSuccessStatusCode();

        await DeclinedAsync(card, Requests.Authorization(card.Pan, 1_000), code, reason);
    }

    [Theory]
    [InlineData("2610", "2610", "54")]
    [InlineData("2611", "2611", "00")]
    [InlineData("2812", "2901", "54")]
    [InlineData("2812", "2812", "00")]
    public async Task Code_54_expired_card_or_wrong_expiry_in_DE14(string cardExpiry, string messageExpiry, string code)
    {
        var card = await fixture.NewCardAsync(balance: 10_000, expiry: cardExpiry);
        var request = Requests.Authorization(card.Pan, 1_000, expiry: messageExpiry);

        if (code == "00")
        {
            Assert.Equal("00", (await SendAsync(request)).Code());
        }
        else
        {
            await DeclinedAsync(card, request, code, "card_expired");
        }
    }

    [Theory]
    [InlineData("2812", "00")]
    [InlineData("2711", "54")]
    public async Task Code_54_wrong_expiry_in_track2(string trackExpiry, string code)
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        var request = Requests.Authorization(card.Pan, 1_000, entryMode: "021");
        request.Remove(IsoField.Expiry);
        request.Set(IsoField.Track2, card.Pan + "=" + trackExpiry + "1010000000000");

        if (code == "00")
        {
            Assert.Equal("00", (await SendAsync(request)).Code());
        }
        else
        {
            await DeclinedAsync(card, request, code, "card_expired");
        }
    }

    [Theory]
    [InlineData("CV003123", "00")]
    [InlineData("CV003124", "N7")]
    [InlineData("CV0041234", "N7")]
    [InlineData("CV00212", "N7")]
    [InlineData("CV045123456789012345678901234567890123456789012345", "N7")]
    public async Task Code_N7_cvv2_mismatch(string de48, string code)
    {
        var card = await fixture.NewCardAsync(balance: 10_000, cvv2: "123");
        var request = Requests.Authorization(card.Pan, 1_000, de48: de48, entryMode: "010", condition: "59");

        if (code == "00")
        {
            Assert.Equal("00", (await SendAsync(request)).Code());
        }
        else
        {
            await DeclinedAsync(card, request, code, "cvv2_mismatch");
        }
    }

    [Fact]
    public async Task Cvv2_is_not_checked_when_the_message_carries_none()
    {
        var card = await fixture.NewCardAsync(balance: 10_000, cvv2: "123");

        Assert.Equal("00", (await SendAsync(Requests.Authorization(card.Pan, 1_000))).Code());
    }

    [Fact]
    public async Task Code_55_incorrect_pin_then_75_after_three_and_the_card_stays_locked()
    {
        var card = await fixture.NewCardAsync(balance: 10_000, pin: "4321");

        Assert.Equal("00", (await SendAsync(Requests.Authorization(card.Pan, 100).WithPin("4321"))).Code());
        await DeclinedAsync(card, Requests.Authorization(card.Pan, 100).WithPin("1111"), "55", "incorrect_pin");
        await DeclinedAsync(card, Requests.Authorization(card.Pan, 100).WithPin("2222"), "55", "incorrect_pin");
        await DeclinedAsync(card, Requests.Authorization(card.Pan, 100).WithPin("3333"), "75", "pin_tries_exceeded");

        // Locked: even the right PIN is refused now.
        await DeclinedAsync(card, Requests.Authorization(card.Pan, 100).WithPin("4321"), "75", "pin_tries_exceeded");
        Assert.Equal((10_000L, 100L, 9_900L), await Auth.BalancesAsync(card.AccountId));
    }

    [Fact]
    public async Task Code_55_a_right_pin_resets_the_count_of_wrong_ones()
    {
        var card = await fixture.NewCardAsync(balance: 10_000, pin: "4321");

        await DeclinedAsync(card, Requests.Authorization(card.Pan, 100).WithPin("1111"), "55", "incorrect_pin");
        await DeclinedAsync(card, Requests.Authorization(card.Pan, 100).WithPin("1111"), "55", "incorrect_pin");
        Assert.Equal("00", (await SendAsync(Requests.Authorization(card.Pan, 100).WithPin("4321"))).Code());
        await DeclinedAsync(card, Requests.Authorization(card.Pan, 100).WithPin("1111"), "55", "incorrect_pin");
        await DeclinedAsync(card, Requests.Authorization(card.Pan, 100).WithPin("1111"), "55", "incorrect_pin");
    }

    [Fact]
    public async Task Code_55_pin_block_for_a_card_without_a_pin()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);

        await DeclinedAsync(card, Requests.Authorization(card.Pan, 100).WithPin("1234"), "55", "incorrect_pin");
    }

    public static TheoryData<string, string, string> ControlScenarios => new()
    {
        { "per_transaction_limit", "61", "transaction_limit" },
        { "daily_limit", "61", "daily_amount_limit" },
        { "monthly_limit", "61", "monthly_amount_limit" },
        { "atm_daily_limit", "61", "atm_daily_limit" },
        { "daily_count", "65", "daily_count_limit" },
        { "mcc_block", "57", "mcc_blocked" },
        { "mcc_allow", "57", "mcc_blocked" },
        { "country_block", "57", "country_blocked" },
        { "international_off", "57", "channel_disabled" },
        { "ecommerce_off", "57", "channel_disabled" },
        { "atm_off", "57", "channel_disabled" },
        { "contactless_off", "57", "channel_disabled" },
        { "magnetic_stripe_off", "57", "channel_disabled" },
    };

    /// <summary>Controls, the approved requests before, the declined request, and a near miss that is approved.</summary>
    private static (CardControls Controls, Func<string, IsoMessage>[] Before, Func<string, IsoMessage> Declined, Func<string, IsoMessage> Allowed) Scenario(string name) => name switch
    {
        "per_transaction_limit" => (new CardControls { PerTransactionLimit = 1_000 }, [], p => Requests.Authorization(p, 1_001), p => Requests.Authorization(p, 1_000)),
        "daily_limit" => (new CardControls { DailyLimit = 5_000 }, [p => Requests.Authorization(p, 3_000)], p => Requests.Authorization(p, 2_001), p => Requests.Authorization(p, 5_000)),
        "monthly_limit" => (new CardControls { MonthlyLimit = 5_000 }, [p => Requests.Authorization(p, 4_000)], p => Requests.Authorization(p, 1_001), p => Requests.Authorization(p, 5_000)),
        "atm_daily_limit" => (new CardControls { AtmDailyLimit = 2_000 }, [p => Requests.Authorization(p, 1_500, "010000", mcc: "6011")], p => Requests.Authorization(p, 501, "010000", mcc: "6011"), p => Requests.Authorization(p, 2_000, "010000", mcc: "6011")),
        "daily_count" => (new CardControls { DailyCount = 2 }, [p => Requests.Authorization(p, 100), p => Requests.Authorization(p, 100)], p => Requests.Authorization(p, 100), p => Requests.Authorization(p, 100)),
        "mcc_block" => (new CardControls { MccBlock = ["7995", "5411"] }, [], p => Requests.Authorization(p, 100, mcc: "5411"), p => Requests.Authorization(p, 100, mcc: "5812")),
        "mcc_allow" => (new CardControls { MccAllow = ["5812"] }, [], p => Requests.Authorization(p, 100, mcc: "5411"), p => Requests.Authorization(p, 100, mcc: "5812")),
        "country_block" => (new CardControls { CountryBlock = ["RU"] }, [], p => Requests.Authorization(p, 100, country: "RU"), p => Requests.Authorization(p, 100, country: "GB")),
        "international_off" => (new CardControls { International = false }, [], p => Requests.Authorization(p, 100, country: "GB"), p => Requests.Authorization(p, 100, country: "US")),
        "ecommerce_off" => (new CardControls { Ecommerce = false }, [], p => Requests.Authorization(p, 100, entryMode: "010", condition: "59"), p => Requests.Authorization(p, 100)),
        "atm_off" => (new CardControls { Atm = false }, [], p => Requests.Authorization(p, 100, "010000", mcc: "6011"), p => Requests.Authorization(p, 100)),
        "contactless_off" => (new CardControls { Contactless = false }, [], p => Requests.Authorization(p, 100, entryMode: "071"), p => Requests.Authorization(p, 100, entryMode: "051")),
        "magnetic_stripe_off" => (new CardControls { MagneticStripe = false }, [], p => Requests.Authorization(p, 100, entryMode: "021"), p => Requests.Authorization(p, 100, entryMode: "051")),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(ControlScenarios))]
    public async Task Card_controls_decline(string scenario, string code, string reason)
    {
        var (controls, before, declined, _) = Scenario(scenario);
        var card = await fixture.NewCardAsync(balance: 100_000, controls: controls);
        foreach (var request in before)
        {
            Assert.Equal("00", (await SendAsync(request(card.Pan))).Code());
        }

        await DeclinedAsync(card, declined(card.Pan), code, reason);
    }

    [Theory]
    [MemberData(nameof(ControlScenarios))]
    public async Task Card_controls_allow_what_they_do_not_forbid(string scenario, string code, string reason)
    {
        _ = (code, reason);
        var (controls, _, _, allowed) = Scenario(scenario);
        var card = await fixture.NewCardAsync(balance: 100_000, controls: controls);

        Assert.Equal("00", (await SendAsync(allowed(card.Pan))).Code());
    }

    [Fact]
    public async Task Controls_changed_through_the_api_take_effect_at_once()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        Assert.Equal("00", (await SendAsync(Requests.Authorization(card.Pan, 2_000))).Code());

        var put = await Auth.Http.PutAsync(new Uri($"/v1/cards/{card.CardId}/controls", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { perTransactionLimit = 1_000 }));
        put.EnsureSuccessStatusCode();

        await DeclinedAsync(card, Requests.Authorization(card.Pan, 2_000), "61", "transaction_limit");
    }

    [Theory]
    [InlineData("7995", 100_001, "59")]
    [InlineData("6051", 100_001, "59")]
    [InlineData("4829", 100_001, "59")]
    [InlineData("7995", 100_000, "00")]
    [InlineData("5411", 100_001, "00")]
    public async Task Code_59_high_risk_category_above_the_program_maximum(string mcc, long amount, string code)
    {
        var card = await fixture.NewCardAsync(balance: 200_000);
        var request = Requests.Authorization(card.Pan, amount, mcc: mcc);

        if (code == "00")
        {
            Assert.Equal("00", (await SendAsync(request)).Code());
        }
        else
        {
            await DeclinedAsync(card, request, code, "suspected_fraud");
        }
    }

    [Fact]
    public async Task Code_85_account_verification_runs_the_checks_before_it()
    {
        var card = await fixture.NewCardAsync(balance: 0, cvv2: "123");

        Assert.Equal("85", (await SendAsync(Requests.Authorization(card.Pan, 0, de48: "CV003123"))).Code());
        await DeclinedAsync(card, Requests.Authorization(card.Pan, 0, de48: "CV003999"), "N7", "cvv2_mismatch");
    }

    [Fact]
    public async Task Code_94_same_key_other_content()
    {
        var card = await fixture.NewCardAsync(balance: 10_000);
        var request = Requests.Authorization(card.Pan, 1_000);
        Assert.Equal("00", (await SendAsync(request)).Code());
        var other = Requests.Copy(request);
        other.Set(IsoField.ProcessingCode, "090000");

        await DeclinedAsync(card, other, "94", "duplicate_transmission");
    }

    /// <summary>The first failing step of the decision order picks the code.</summary>
    [Theory]
    [InlineData("lost_and_wrong_cvv2", "41")]
    [InlineData("expired_and_wrong_cvv2", "54")]
    [InlineData("wrong_cvv2_and_suspended", "N7")]
    [InlineData("suspended_and_mcc_blocked", "62")]
    [InlineData("mcc_blocked_and_no_funds", "57")]
    [InlineData("over_limit_and_no_funds", "61")]
    public async Task Decision_order(string scenario, string code)
    {
        var card = scenario switch
        {
            "lost_and_wrong_cvv2" => await fixture.NewCardAsync(cvv2: "123", state: "lost"),
            "expired_and_wrong_cvv2" => await fixture.NewCardAsync(cvv2: "123", expiry: "2607"),
            "wrong_cvv2_and_suspended" => await fixture.NewCardAsync(cvv2: "123"),
            "suspended_and_mcc_blocked" => await fixture.NewCardAsync(controls: new CardControls { MccBlock = ["5411"] }),
            "mcc_blocked_and_no_funds" => await fixture.NewCardAsync(balance: 0, controls: new CardControls { MccBlock = ["5411"] }),
            _ => await fixture.NewCardAsync(balance: 0, controls: new CardControls { PerTransactionLimit = 50 }),
        };
        if (scenario.Contains("suspended", StringComparison.Ordinal))
        {
            var changed = await Auth.Http.PostAsync(new Uri($"/v1/accounts/{card.AccountId}/state", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { customerStatus = "suspended" }));
            changed.EnsureSuccessStatusCode();
        }

        var request = Requests.Authorization(card.Pan, 100, de48: scenario.Contains("cvv2", StringComparison.Ordinal) ? "CV003999" : null, expiry: scenario.StartsWith("expired", StringComparison.Ordinal) ? "2607" : "2812");

        Assert.Equal(code, (await SendAsync(request)).Code());
    }

    /// <summary>Response codes that need an authorizer of their own (options, or a clock that moves).</summary>
    public sealed class OwnAuthorizer
    {
        [Fact]
        public async Task Code_91_when_the_budget_is_exceeded()
        {
            await using var auth = await TestAuthorizer.StartAsync(o => o.BudgetMs = 0);
            var (programId, bin) = await auth.NewProgramAsync();
            var card = await auth.NewCardAsync(programId, bin, balance: 10_000);
            await using var client = await auth.ConnectAsync();
            var request = Requests.Authorization(card.Pan, 1_000);

            var response = await client.SendAsync(request);

            Assert.Equal(110, response.Mti);
            Assert.Equal("91", response.Code());
            Assert.Equal((10_000L, 0L, 10_000L), await auth.BalancesAsync(card.AccountId));
            var logged = AuthLog.Read(auth).Last(e => e.Str("stan") == request.GetString(IsoField.Stan));
            Assert.Equal("budget_exceeded", logged.Str("reason"));

            // Network management does not go through the engine and is still answered.
            Assert.Equal("00", (await client.SendAsync(Requests.NetworkManagement("301"))).Code());
        }

        [Fact]
        public async Task Code_59_card_testing_after_too_many_declines_in_ten_minutes()
        {
            await using var auth = await TestAuthorizer.StartAsync();
            var (programId, bin) = await auth.NewProgramAsync(new ProgramSettings { CardTestingDeclines = 3 });
            var card = await auth.NewCardAsync(programId, bin, balance: 10_000, cvv2: "123");
            var other = await auth.NewCardAsync(programId, bin, balance: 10_000, cvv2: "123");
            await using var client = await auth.ConnectAsync();
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("N7", (await client.SendAsync(Requests.Authorization(card.Pan, 100 + i, de48: "CV003999"))).Code());
            }

            var response = await client.SendAsync(Requests.Authorization(card.Pan, 100, de48: "CV003123"));

            Assert.Equal("59", response.Code());
            Assert.Equal("velocity_exceeded", AuthLog.Last(auth, card.AccountId).Str("reason"));
            Assert.Equal((10_000L, 0L, 10_000L), await auth.BalancesAsync(card.AccountId));
            Assert.Equal("00", (await client.SendAsync(Requests.Authorization(other.Pan, 100, de48: "CV003123"))).Code());

            // The next ten-minute window starts clean.
            auth.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 100, de48: "CV003123"))).Code());
        }

        [Fact]
        public async Task Daily_limits_start_again_the_next_day()
        {
            await using var auth = await TestAuthorizer.StartAsync();
            var (programId, bin) = await auth.NewProgramAsync();
            var card = await auth.NewCardAsync(programId, bin, balance: 10_000, controls: new CardControls { DailyCount = 1, DailyLimit = 2_000 });
            await using var client = await auth.ConnectAsync();
            Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 1_000))).Code());
            Assert.Equal("65", (await client.SendAsync(Requests.Authorization(card.Pan, 1))).Code());

            auth.Clock.Advance(TimeSpan.FromHours(12));

            Assert.Equal("00", (await client.SendAsync(Requests.Authorization(card.Pan, 2_000))).Code());
        }
    }
}
