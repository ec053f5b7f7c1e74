using Baas.Payments.Orchestration;
using Baas.Testing;

namespace Baas.Payments.Tests.Orchestration;

/// <summary>Idempotency, funds, cancellation, sanctions holds, limits and rail choice.</summary>
public sealed class RulesTests
{
    [PostgresFact]
    public async Task The_same_key_answers_the_same_payment_and_a_different_body_is_refused()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-1", 100_000);
        var (first, created) = await h.Service.CreateAsync(PaymentsHarness.Credit("acc-1", 10_000), "same", "api", default);
        var (again, createdAgain) = await h.Service.CreateAsync(PaymentsHarness.Credit("acc-1", 10_000), "same", "api", default);
        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(409, (await Assert.ThrowsAsync<PaymentException>(() => h.Service.CreateAsync(PaymentsHarness.Credit("acc-1", 10_001), "same", "api", default))).Status);
        Assert.Equal(["reserve 10000"], h.Accounts.Calls);
    }

    [PostgresFact]
    public async Task A_payment_the_balance_cannot_cover_is_refused_before_submission()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-1", 5_000);
        var refused = await Assert.ThrowsAsync<PaymentException>(() => h.Service.CreateAsync(PaymentsHarness.Credit("acc-1", 5_001, rail: "rtp"), "big", "api", default));
        Assert.Equal(422, refused.Status);
        var payment = Assert.Single(await h.Service.ListAsync("acc-1", null, 10, default));
        Assert.Equal((PaymentStates.Failed, "insufficient_funds"), (payment.State, payment.FailureReason));
        Assert.Equal(0, await h.Dispatcher.SubmitMessagesAsync(default));
        Assert.Equal((5_000L, 0L), (h.Accounts.Balance("acc-1").Posted, h.Accounts.Balance("acc-1").Held));
    }

    [PostgresFact]
    public async Task Cancel_releases_before_submission_and_is_refused_after()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-1", 100_000);
        var a = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-1", 30_000, rail: "ach"), "a", "api", default)).Payment;
        var cancelled = await h.Service.CancelAsync(a.Id, "customer changed their mind", "api", default);
        Assert.Equal(PaymentStates.Cancelled, cancelled.State);
        Assert.Equal((100_000L, 0L), (h.Accounts.Balance("acc-1").Posted, h.Accounts.Balance("acc-1").Held));

        var b = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-1", 30_000, rail: "ach"), "b", "api", default)).Payment;
        await h.Dispatcher.CutoffAsync("ach", default);
        Assert.Equal(409, (await Assert.ThrowsAsync<PaymentException>(() => h.Service.CancelAsync(b.Id, null, "api", default))).Status);
        Assert.Equal(409, (await Assert.ThrowsAsync<PaymentException>(() => h.Service.CancelAsync(a.Id, null, "api", default))).Status);
    }

    [PostgresFact]
    public async Task A_counterparty_on_the_list_is_held_for_review_until_a_reviewer_decides()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-1", 100_000);
        var held = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-1", 9_000, rail: "rtp", name: "Elvis Angus Logan Morey"), "h", "api", default)).Payment;
        Assert.Equal(PaymentStates.HeldForReview, held.State);
        Assert.Contains("10278", held.History[^1].Evidence!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, await h.Dispatcher.SubmitMessagesAsync(default));
        Assert.Equal(400, (await Assert.ThrowsAsync<PaymentException>(() => h.Service.ReviewAsync(held.Id, "release", " ", "ana", default))).Status);

        var released = await h.Service.ReviewAsync(held.Id, "release", "a different person: date of birth and country differ", "reviewer:ana", default);
        Assert.Equal(PaymentStates.Initiated, released.State);
        Assert.Equal(1, await h.Dispatcher.SubmitMessagesAsync(default));

        var other = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-1", 8_000, rail: "rtp", name: "Elvis Angus Logan Morey"), "h2", "api", default)).Payment;
        var rejected = await h.Service.ReviewAsync(other.Id, "reject", "confirmed match", "reviewer:ana", default);
        Assert.Equal(PaymentStates.Failed, rejected.State);
        Assert.Equal(91_000L, h.Accounts.Balance("acc-1").Available); // the released payment still holds its 9,000; the rejected one holds nothing
    }

    [PostgresFact]
    public async Task Operations_that_could_not_reach_the_authorizer_are_applied_once_when_it_is_back()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-1", 100_000);
        var p = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-1", 10_000, rail: "rtp"), "o", "api", default)).Payment;
        await h.Dispatcher.SubmitMessagesAsync(default);
        h.Accounts.Down = true;
        await h.ExchangeAsync();
        var settled = (await h.Service.GetAsync(p.Id, default))!;
        Assert.Equal(PaymentStates.Settled, settled.State);
        Assert.Equal("pending", settled.Operations.Single(o => o.Kind == "post").State);
        Assert.Equal(100_000L, h.Accounts.Balance("acc-1").Posted);

        h.Accounts.Down = false;
        Assert.Equal(1, await h.Service.ApplyOperationsAsync(null, default));
        Assert.Equal(0, await h.Service.ApplyOperationsAsync(null, default));
        Assert.Equal((90_000L, 0L), (h.Accounts.Balance("acc-1").Posted, h.Accounts.Balance("acc-1").Held));
    }

    [PostgresFact]
    public async Task Transitions_out_of_final_states_are_refused()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-1", 100_000);
        var p = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-1", 10_000, rail: "ach"), "f", "api", default)).Payment;
        await h.Service.CancelAsync(p.Id, null, "api", default);
        foreach (var to in PaymentStates.All)
        {
            var refused = await Assert.ThrowsAsync<PaymentException>(() => h.Service.TransitionAsync(p.Id, PaymentStates.Cancelled, to, "probe", "test", null, default));
            Assert.Equal(409, refused.Status);
        }

        Assert.Equal(PaymentStates.Cancelled, (await h.Service.GetAsync(p.Id, default))!.State);
    }
}
