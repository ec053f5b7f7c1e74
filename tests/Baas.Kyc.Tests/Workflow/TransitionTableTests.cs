using Baas.Testing;

namespace Baas.Kyc.Tests.Workflow;

/// <summary>Every (from, to) pair of states: the legal ones are stored with their cause, the others refused with 409 and the state unchanged.</summary>
public sealed class TransitionTableTests
{
    public static TheoryData<string> States => [.. KycStates.All];

    [Fact]
    public void The_table_is_the_documented_one()
    {
        Assert.Equal(13, KycStates.All.Count());
        Assert.Empty(KycStates.Transitions[KycStates.Rejected]);
        Assert.True(KycStates.CanGo(KycStates.Initiated, KycStates.DocumentSubmitted));
        Assert.False(KycStates.CanGo(KycStates.Initiated, KycStates.Approved));
        Assert.False(KycStates.CanGo(KycStates.SanctionsScreening, KycStates.Approved));
        Assert.False(KycStates.CanGo(KycStates.PendingEdd, KycStates.ApprovedStandard));
        Assert.True(KycStates.CanGo(KycStates.ApprovedEddRequired, KycStates.ApprovedStandard));
        Assert.True(KycStates.CanGo(KycStates.SuspendedPendingReview, KycStates.ApprovedStandard));

        // Every target is a state; nothing but onboarding's decision leads into APPROVED.
        Assert.All(KycStates.Transitions.Values.SelectMany(v => v), to => Assert.Contains(to, KycStates.All));
        Assert.Equal(
            [KycStates.PendingEdd, KycStates.RiskScoring],
            KycStates.Transitions.Where(t => t.Value.Contains(KycStates.Approved)).Select(t => t.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(KycStates.ApprovedStandard, "ok")]
    [InlineData(KycStates.ApprovedEddRequired, "ok")]
    [InlineData(KycStates.SuspendedPendingReview, "suspended")]
    [InlineData(KycStates.Suspended, "suspended")]
    [InlineData(KycStates.Rejected, "suspended")]
    [InlineData(KycStates.PendingEdd, "restricted")]
    [InlineData(KycStates.Initiated, "restricted")]
    public void The_authorizer_status_follows_the_state(string state, string status) => Assert.Equal(status, KycStates.AuthorizerStatus(state));

    [PostgresTheory]
    [MemberData(nameof(States))]
    public async Task Every_transition_out_of_a_state_is_legal_or_refused(string from)
    {
        await using var db = await KycDatabase.CreateAsync(screening: false);
        var (customer, _) = await db.Service.CreateAsync(Applicants.Plausible(), null, "api", default);
        await db.ExecuteAsync($"UPDATE kyc.customers SET state = '{from}' WHERE id = '{customer.Id}'");
        foreach (var to in KycStates.All)
        {
            await using var t = await db.Service.Store.BeginAsync(customer.Id, default);
            if (KycStates.CanGo(from, to))
            {
                await t.GoAsync(to, "test_cause", "tester", new { probe = true }, default);
                Assert.Equal(to, t.Customer.State);
                // Disposed without commit: rolled back for the next probe.
            }
            else
            {
                var refused = await Assert.ThrowsAsync<KycException>(() => t.GoAsync(to, "test_cause", "tester", null, default));
                Assert.Equal(409, refused.Status);
                Assert.Contains(from, refused.Message, StringComparison.Ordinal);
                Assert.Equal(from, t.Customer.State);
            }
        }

        Assert.Equal(from, (await db.Service.Store.GetAsync(customer.Id, default))!.State);
        Assert.Equal(1L, await db.ScalarAsync<long>($"SELECT count(*) FROM kyc.transitions WHERE customer_id = '{customer.Id}'"));

        // A legal transition, committed, is in the history with its cause, actor and evidence.
        var legal = KycStates.Transitions[from].Where(to => to != KycStates.Approved).Order(StringComparer.Ordinal).FirstOrDefault();
        if (legal is not null)
        {
            await using (var t = await db.Service.Store.BeginAsync(customer.Id, default))
            {
                await t.GoAsync(legal, "test_cause", "tester", new { probe = true }, default);
                await t.CommitAsync(default);
            }

            var last = (await db.Service.Store.GetAsync(customer.Id, default))!.History[^1];
            Assert.Equal((from, legal, "test_cause", "tester"), (last.From, last.To, last.Cause, last.Actor));
            Assert.True(last.Evidence!.Value.GetProperty("probe").GetBoolean());
        }
    }
}
