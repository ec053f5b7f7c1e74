using System.Text;
using System.Text.Json;
using Baas.Kyc.Providers;
using Baas.Kyc.Risk;
using Baas.Kyc.Store;
using Baas.Testing;

namespace Baas.Kyc.Tests.Workflow;

/// <summary>The onboarding workflow on a real PostgreSQL: each path through the state machine, with its audit trail.</summary>
public sealed class WorkflowTests
{
    private static ReadOnlyMemory<byte> Sim(string outcome, string? extra = null) =>
        Encoding.UTF8.GetBytes($$"""{"provider":"simulator","outcome":"{{outcome}}"{{(extra is null ? "" : "," + extra)}}}""");

    private static IEnumerable<(string? From, string To, string Cause)> Steps(CustomerView c) => c.History.Select(h => (h.From, h.To, h.Cause));

    [PostgresFact]
    public async Task A_plausible_applicant_passing_documents_and_liveness_is_approved_with_every_step_audited()
    {
        await using var db = await KycDatabase.CreateAsync();
        var (created, isNew) = await db.Service.CreateAsync(Applicants.Plausible(), "key-1", "api", default);
        Assert.True(isNew);
        Assert.Equal(KycStates.Initiated, created.State);

        await db.Service.SubmitAsync(created.Id, "document", Sim("pass", "\"documentExpiry\":\"2031-05-01\""), "api", default);
        var done = await db.Service.SubmitAsync(created.Id, "liveness", Sim("pass"), "api", default);

        Assert.Equal(KycStates.ApprovedStandard, done.State);
        Assert.Equal(
            [
                (null, KycStates.Initiated, "application_received"),
                (KycStates.Initiated, KycStates.DocumentSubmitted, "documents_submitted"),
                (KycStates.DocumentSubmitted, KycStates.DocumentVerified, "document_verified"),
                (KycStates.DocumentVerified, KycStates.LivenessCheck, "liveness_submitted"),
                (KycStates.LivenessCheck, KycStates.SanctionsScreening, "liveness_passed"),
                (KycStates.SanctionsScreening, KycStates.RiskScoring, "sanctions_clear"),
                (KycStates.RiskScoring, KycStates.Approved, "risk_acceptable"),
                (KycStates.Approved, KycStates.ApprovedStandard, "monitoring_enrolled"),
            ],
            Steps(done));
        Assert.All(done.History, h => Assert.True(h.At == db.Clock.GetUtcNow()));
        Assert.Equal(new DateOnly(2031, 5, 1), done.DocumentExpiry);
        Assert.NotNull(done.RiskScore);
        Assert.True(done.RiskScore < KycPolicy.Default.Thresholds.Edd);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM kyc.checks WHERE completed_at IS NOT NULL"));
    }

    [PostgresFact]
    public async Task An_implausible_address_is_rejected_before_any_provider_is_called()
    {
        await using var db = await KycDatabase.CreateAsync();
        var (customer, _) = await db.Service.CreateAsync(Applicants.PoBox(), null, "api", default);

        Assert.Equal(KycStates.Rejected, customer.State);
        Assert.Equal([(null, KycStates.Initiated, "application_received"), (KycStates.Initiated, KycStates.Rejected, "address_implausible")], Steps(customer));
        Assert.Contains("address", customer.History[1].Evidence!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM kyc.checks"));

        // Nothing moves a rejected customer.
        var refused = await Assert.ThrowsAsync<KycException>(() => db.Service.SubmitAsync(customer.Id, "document", Sim("pass"), "api", default));
        Assert.Equal(409, refused.Status);
    }

    [PostgresFact]
    public async Task A_document_whose_address_is_implausible_fails_document_verification()
    {
        await using var db = await KycDatabase.CreateAsync();
        var (customer, _) = await db.Service.CreateAsync(Applicants.Plausible(), null, "api", default);
        var after = await db.Service.SubmitAsync(
            customer.Id,
            "document",
            Sim("pass", "\"documentAddress\":{\"line1\":\"P.O. Box 12\",\"city\":\"Springfield\",\"state\":\"IL\",\"postalCode\":\"62704\",\"country\":\"US\"}"),
            "api",
            default);
        Assert.Equal(KycStates.Rejected, after.State);
        Assert.Equal((KycStates.DocumentSubmitted, KycStates.Rejected, "address_implausible"), Steps(after).Last());
    }

    [PostgresFact]
    public async Task A_sanctions_match_goes_to_edd_and_needs_a_reviewer_who_clears_it()
    {
        await using var db = await KycDatabase.CreateAsync();
        var (customer, _) = await db.Service.CreateAsync(Applicants.OnTheList(), null, "api", default);
        await db.Service.SubmitAsync(customer.Id, "document", Sim("pass"), "api", default);
        var held = await db.Service.SubmitAsync(customer.Id, "liveness", Sim("pass"), "api", default);

        Assert.Equal(KycStates.PendingEdd, held.State);
        Assert.True(held.SanctionsHold);
        Assert.Equal((KycStates.SanctionsScreening, KycStates.PendingEdd, "sanctions_potential_match"), Steps(held).Last());
        Assert.Contains("10278", held.History[^1].Evidence!.Value.GetRawText(), StringComparison.Ordinal);

        // Approving without clearing the match is refused, and a reason is required.
        var unclear = await Assert.ThrowsAsync<KycException>(() => db.Service.ReviewAsync(customer.Id, new ReviewDecision("approve", "looks fine", "ana"), "admin", default));
        Assert.Equal(409, unclear.Status);
        var noReason = await Assert.ThrowsAsync<KycException>(() => db.Service.ReviewAsync(customer.Id, new ReviewDecision("approve", " ", "ana", ClearSanctions: true), "admin", default));
        Assert.Equal(400, noReason.Status);

        // A transition straight to APPROVED from inside the store is refused too while the hold is on.
        await using (var t = await db.Service.Store.BeginAsync(customer.Id, default))
        {
            Assert.Equal(409, (await Assert.ThrowsAsync<KycException>(() => t.GoAsync(KycStates.Approved, "sneaky", "test", null, default))).Status);
        }

        var cleared = await db.Service.ReviewAsync(customer.Id, new ReviewDecision("approve", "different date of birth and nationality", "ana", ClearSanctions: true), "admin", default);
        Assert.Equal(KycStates.ApprovedStandard, cleared.State);
        Assert.False(cleared.SanctionsHold);
        var approval = cleared.History.Single(h => h.To == KycStates.Approved);
        Assert.Equal("edd_approved", approval.Cause);
        Assert.Equal("reviewer:ana", approval.Actor);
        Assert.Contains("different date of birth", approval.Evidence!.Value.GetRawText(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Retries_loop_back_and_the_third_retry_rejects()
    {
        await using var db = await KycDatabase.CreateAsync();
        var (customer, _) = await db.Service.CreateAsync(Applicants.Plausible(), null, "api", default);
        var once = await db.Service.SubmitAsync(customer.Id, "document", Sim("retry", "\"reasons\":[\"glare\"]"), "api", default);
        Assert.Equal(KycStates.Initiated, once.State);
        Assert.Equal("document_resubmission_requested", once.History[^1].Cause);
        await db.Service.SubmitAsync(customer.Id, "document", Sim("retry"), "api", default);
        var third = await db.Service.SubmitAsync(customer.Id, "document", Sim("retry"), "api", default);
        Assert.Equal(KycStates.Rejected, third.State);
        Assert.Equal("too_many_attempts", third.History[^1].Cause);
    }

    [PostgresFact]
    public async Task An_expired_document_is_a_retry_and_a_liveness_retry_returns_to_document_verified()
    {
        await using var db = await KycDatabase.CreateAsync();
        var (customer, _) = await db.Service.CreateAsync(Applicants.Plausible(), null, "api", default);
        var expired = await db.Service.SubmitAsync(customer.Id, "document", Sim("pass", "\"documentExpiry\":\"2025-01-31\""), "api", default);
        Assert.Equal(KycStates.Initiated, expired.State);
        Assert.Contains("document_expired", expired.History[^1].Evidence!.Value.GetRawText(), StringComparison.Ordinal);

        await db.Service.SubmitAsync(customer.Id, "document", Sim("pass"), "api", default);
        var retried = await db.Service.SubmitAsync(customer.Id, "liveness", Sim("retry"), "api", default);
        Assert.Equal(KycStates.DocumentVerified, retried.State);
        Assert.Equal("liveness_retry_requested", retried.History[^1].Cause);
        Assert.Equal(KycStates.ApprovedStandard, (await db.Service.SubmitAsync(customer.Id, "liveness", Sim("pass"), "api", default)).State);
    }

    [PostgresFact]
    public async Task A_document_review_waits_in_edd_and_approval_resumes_at_liveness()
    {
        await using var db = await KycDatabase.CreateAsync();
        var (customer, _) = await db.Service.CreateAsync(Applicants.Plausible(), null, "api", default);
        var review = await db.Service.SubmitAsync(customer.Id, "document", Sim("review", "\"reasons\":[\"name_mismatch\"]"), "api", default);
        Assert.Equal(KycStates.PendingEdd, review.State);
        Assert.Equal("document", review.ReviewStep);

        var resumed = await db.Service.ReviewAsync(customer.Id, new ReviewDecision("approve", "middle name on the document", "ana"), "admin", default);
        Assert.Equal(KycStates.DocumentVerified, resumed.State);
        Assert.Equal(KycStates.ApprovedStandard, (await db.Service.SubmitAsync(customer.Id, "liveness", Sim("pass"), "api", default)).State);
    }

    [PostgresFact]
    public async Task Suspected_fraud_suspends_and_only_goes_on_through_edd()
    {
        await using var db = await KycDatabase.CreateAsync();
        var (customer, _) = await db.Service.CreateAsync(Applicants.Plausible(), null, "api", default);
        await db.Service.SubmitAsync(customer.Id, "document", Sim("pass"), "api", default);
        var suspended = await db.Service.SubmitAsync(customer.Id, "liveness", Sim("fail", "\"fraud\":true,\"reasons\":[\"spoof_detected\"]"), "api", default);
        Assert.Equal(KycStates.Suspended, suspended.State);
        Assert.Equal("fraud_suspected", suspended.History[^1].Cause);

        Assert.Equal(KycStates.PendingEdd, (await db.Service.ReviewAsync(customer.Id, new ReviewDecision("approve", "video call held", "ana"), "admin", default)).State);
        var rejected = await db.Service.ReviewAsync(customer.Id, new ReviewDecision("reject", "could not confirm identity", "ana"), "admin", default);
        Assert.Equal(KycStates.Rejected, rejected.State);
        Assert.Equal("review_rejected", rejected.History[^1].Cause);

        var plainFail = (await db.Service.CreateAsync(Applicants.Plausible("Jon", "Smyth", "536-22-4321"), null, "api", default)).Customer;
        Assert.Equal(KycStates.Rejected, (await db.Service.SubmitAsync(plainFail.Id, "document", Sim("fail"), "api", default)).State);
    }

    [PostgresFact]
    public async Task Risk_factors_decide_between_approval_edd_and_rejection()
    {
        await using var db = await KycDatabase.CreateAsync();
        async Task<CustomerView> OnboardAsync(CustomerApplication application)
        {
            var (c, _) = await db.Service.CreateAsync(application, null, "api", default);
            await db.Service.SubmitAsync(c.Id, "document", Sim("pass"), "api", default);
            return await db.Service.SubmitAsync(c.Id, "liveness", Sim("pass"), "api", default);
        }

        // High-risk nationality (20) + crypto funds (25) = 45: enhanced due diligence.
        var edd = await OnboardAsync(Applicants.Plausible("Ivan", "Petrov", "536-22-1111") with { Nationality = "RU", SourceOfFunds = "crypto" });
        Assert.Equal(KycStates.PendingEdd, edd.State);
        Assert.Equal("risk_elevated", edd.History[^1].Cause);
        Assert.Equal(45, edd.RiskScore);
        Assert.Equal(["nationality", "source_of_funds"], edd.RiskFactors!.Value.EnumerateArray().Select(f => f.GetProperty("factor").GetString()));

        // A prohibited nationality (40), crypto (25) and large declared activity (35) = 100: rejected.
        var rejected = await OnboardAsync(Applicants.Plausible("Ali", "Rezaei", "536-22-2222") with { Nationality = "IR", SourceOfFunds = "crypto", ExpectedMonthlyVolume = 9_000_000 });
        Assert.Equal(KycStates.Rejected, rejected.State);
        Assert.Equal("risk_prohibitive", rejected.History[^1].Cause);

        // The same identifier as a customer already onboarded counts against the second applicant.
        var duplicate = await OnboardAsync(Applicants.Plausible("Maria", "Gonzales", "536-22-1111") with { SourceOfFunds = null });
        Assert.Equal(KycStates.PendingEdd, duplicate.State);
        Assert.Contains("duplicate_identity", duplicate.RiskFactors!.Value.GetRawText(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Without_a_screening_service_the_customer_waits_in_screening_and_the_sweep_finishes_it()
    {
        await using var db = await KycDatabase.CreateAsync(screening: false);
        var (customer, _) = await db.Service.CreateAsync(Applicants.Plausible(), null, "api", default);
        await db.Service.SubmitAsync(customer.Id, "document", Sim("pass"), "api", default);
        var waiting = await db.Service.SubmitAsync(customer.Id, "liveness", Sim("pass"), "api", default);
        Assert.Equal(KycStates.SanctionsScreening, waiting.State);
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        await db.Service.SweepAsync(default);
        Assert.Equal(KycStates.SanctionsScreening, (await db.Service.Store.GetAsync(customer.Id, default))!.State);
    }

    [PostgresFact]
    public async Task The_idempotency_key_returns_the_same_customer_and_refuses_a_different_body()
    {
        await using var db = await KycDatabase.CreateAsync();
        var (first, created) = await db.Service.CreateAsync(Applicants.Plausible(), "same-key", "api", default);
        var (again, createdAgain) = await db.Service.CreateAsync(Applicants.Plausible() with { Identifier = new PersonIdentifier("ssn", "536221234") }, "same-key", "api", default);
        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Id, again.Id);
        var conflict = await Assert.ThrowsAsync<KycException>(() => db.Service.CreateAsync(Applicants.Plausible("Other", "Person"), "same-key", "api", default));
        Assert.Equal(409, conflict.Status);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM kyc.customers"));
    }

    [PostgresFact]
    public async Task The_identifier_is_stored_encrypted_and_shown_masked()
    {
        await using var db = await KycDatabase.CreateAsync();
        var (customer, _) = await db.Service.CreateAsync(Applicants.Plausible(), null, "api", default);
        Assert.Equal("***-**-1234", customer.Identifier);
        var json = JsonSerializer.Serialize(customer, KycStore.Json);
        Assert.DoesNotContain("536", json, StringComparison.Ordinal);
        var sealedValue = await db.ScalarAsync<byte[]>($"SELECT identifier_enc FROM kyc.customers WHERE id = '{customer.Id}'");
        Assert.DoesNotContain("536221234", Encoding.UTF8.GetString(sealedValue), StringComparison.Ordinal);
        Assert.Equal("536221234", db.Protector.Decrypt(sealedValue));
        var dump = await db.ScalarAsync<string>("SELECT string_agg(t::text, ' ') FROM kyc.customers t");
        Assert.DoesNotContain("536221234", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("536-22-1234", dump, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_signed_webhook_applies_once_and_a_bad_signature_is_refused()
    {
        await using var db = await KycDatabase.CreateAsync();
        var (customer, _) = await db.Service.CreateAsync(Applicants.Plausible(), null, "api", default);

        // The integrator created the check at the vendor and tells us its id; the result arrives by webhook.
        var submitted = await db.Service.SubmitAsync(customer.Id, "document", Encoding.UTF8.GetBytes("""{"provider":"scorecheck","checkId":"v_9001"}"""), "api", default);
        Assert.Equal(KycStates.DocumentSubmitted, submitted.State);

        var body = Encoding.UTF8.GetBytes($$$"""{"eventId":"e1","verification":{"id":"v_9001","reference":"{{{customer.Id}}}","step":"document","status":"PASSED","score":0.97,"reasonCodes":[]}}""");
        var header = ScoredStatusAdapter.Sign(KycDatabase.WebhookSecret, body, db.Clock.GetUtcNow());
        var (status, _, id) = await db.Service.WebhookAsync("scorecheck", h => h == "X-Signature" ? header : null, body, default);
        Assert.Equal(200, status);
        Assert.Equal(customer.Id, id);
        Assert.Equal(KycStates.DocumentVerified, (await db.Service.Store.GetAsync(customer.Id, default))!.State);

        var (repeat, message, _) = await db.Service.WebhookAsync("scorecheck", h => h == "X-Signature" ? header : null, body, default);
        Assert.Equal(200, repeat);
        Assert.Equal("already applied", message);
        Assert.Equal(3, (await db.Service.Store.GetAsync(customer.Id, default))!.History.Count);

        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("PASSED", "WARNING", StringComparison.Ordinal));
        Assert.Equal(401, (await db.Service.WebhookAsync("scorecheck", h => h == "X-Signature" ? header : null, tampered, default)).Status);
        Assert.Equal(404, (await db.Service.WebhookAsync("nobody", _ => null, body, default)).Status);
    }
}
