using System.Security.Cryptography;
using System.Text.Json;
using Baas.Kyc.Checks;
using Baas.Kyc.Providers;
using Baas.Kyc.Risk;
using Baas.Kyc.Store;
using Microsoft.Extensions.Logging;

namespace Baas.Kyc;

/// <summary>A reviewer's decision (<c>POST /v1/customers/{id}/review</c>).</summary>
/// <param name="Decision">approve, reject, suspend or require_edd.</param>
/// <param name="Reason">Why; required, and kept in the audit trail.</param>
/// <param name="Reviewer">Who decided (the audit trail's actor: <c>reviewer:{name}</c>).</param>
/// <param name="ClearSanctions">The reviewer found the potential sanctions match to be someone else; required to approve a customer on a sanctions hold.</param>
/// <param name="Edd">On reinstating a suspended customer: keep them under enhanced due diligence.</param>
public sealed record ReviewDecision(string? Decision, string? Reason, string? Reviewer, bool ClearSanctions = false, bool Edd = false);

/// <summary>
/// The KYC workflow: applications checked deterministically before any provider is paid, provider results
/// (simulator, API or webhook) applied to the state machine, sanctions screening, risk scoring, reviewer
/// decisions, accounts, and the escalations of ongoing monitoring. Every change goes through a
/// <see cref="CustomerTransaction"/>; after it commits, the authorizer is told the customer status of the
/// customer's accounts.
/// </summary>
public sealed partial class KycService(
    KycStore store,
    IdentityProtector protector,
    ProviderRegistry providers,
    ISanctionsCheck? sanctions,
    ICustomerAccounts? accounts,
    KycPolicy policy,
    ILogger logger)
{
    /// <summary>The actor of automatic transitions.</summary>
    public const string SystemActor = "system";

    /// <summary>Submissions a step allows before the customer is rejected.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The store.</summary>
    public KycStore Store => store;

    /// <summary>The policy in force.</summary>
    public KycPolicy Policy => policy;

    /// <summary>
    /// Opens a customer in <c>INITIATED</c>; an application failing the deterministic checks goes straight to
    /// <c>REJECTED</c> with the first failure as cause (for an address, <c>address_implausible</c>) and no provider call.
    /// </summary>
    public async Task<(CustomerView Customer, bool Created)> CreateAsync(CustomerApplication application, string? idempotencyKey, string actor, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(application);
        var normalized = IdentifierCheck.Normalize(application.Identifier);
        var requestHash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(application with { Identifier = application.Identifier with { Value = normalized } }, KycStore.Json));
        var (id, created) = await store.CreateAsync(application, idempotencyKey, requestHash, protector, IdentifierCheck.Mask(application.Identifier), normalized, actor, cancellation);
        if (created)
        {
            var today = DateOnly.FromDateTime(store.Time.GetUtcNow().UtcDateTime);
            var failures = PreChecks.Run(application, today);
            if (failures.Count > 0)
            {
                await using var t = await store.BeginAsync(id, cancellation);
                await t.GoAsync(KycStates.Rejected, failures[0].Cause, SystemActor, new { checks = failures }, cancellation);
                await t.CommitAsync(cancellation);
                LogRejectedByChecks(logger, id, failures[0].Cause);
            }
        }

        return ((await store.GetAsync(id, cancellation))!, created);
    }

    /// <summary>
    /// A submission for a step (<c>document</c> or <c>liveness</c>): moves the customer into the step, records the
    /// provider check, and applies the result at once when the provider is the simulator.
    /// </summary>
    public async Task<CustomerView> SubmitAsync(string customerId, string step, ReadOnlyMemory<byte> body, string actor, CancellationToken cancellation)
    {
        string provider;
        string? checkId;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new KycException(400, "the body must be a JSON object");
            }

            provider = doc.RootElement.TryGetProperty("provider", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : throw new KycException(400, "provider is required", "provider");
            checkId = doc.RootElement.TryGetProperty("checkId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        catch (JsonException)
        {
            throw new KycException(400, "the body is not valid JSON");
        }

        if (!providers.TryGet(provider, out var adapter))
        {
            throw new KycException(400, $"unknown provider {provider} (known: {string.Join(", ", providers.Names)})", "provider");
        }

        ProviderResult? result = null;
        if (adapter is SimulatorAdapter simulator)
        {
            try
            {
                result = simulator.Parse(body.Span, step);
            }
            catch (ProviderPayloadException e)
            {
                throw new KycException(400, e.Message, "outcome");
            }
        }
        else if (string.IsNullOrWhiteSpace(checkId) || checkId.Length > 100)
        {
            throw new KycException(400, $"checkId (the check created at {provider}, up to 100 characters) is required: its result arrives by webhook", "checkId");
        }

        checkId ??= "sim_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        await using (var t = await store.BeginAsync(customerId, cancellation))
        {
            var (from, to, cause) = step == "document"
                ? (KycStates.Initiated, KycStates.DocumentSubmitted, "documents_submitted")
                : (KycStates.DocumentVerified, KycStates.LivenessCheck, "liveness_submitted");
            if (t.Customer.State != from)
            {
                throw new KycException(409, $"the customer is in {t.Customer.State}; a {step} submission needs {from}", "state");
            }

            await t.AddCheckAsync(provider, checkId, step, cancellation);
            await t.GoAsync(to, cause, actor, new { provider, checkId }, cancellation);
            if (result is not null)
            {
                await t.CompleteCheckAsync(provider, checkId, Name(result.Outcome), result, cancellation);
                await ApplyAsync(t, result, actor, cancellation);
            }

            await t.CommitAsync(cancellation);
            await AfterCommitAsync(t, cancellation);
        }

        return (await store.GetAsync(customerId, cancellation))!;
    }

    /// <summary>
    /// A provider's webhook: the signature checked over the raw body, the result mapped by the provider's adapter,
    /// the customer found by the check id, and the result applied once (a repeated delivery changes nothing).
    /// Returns the HTTP status and a message.
    /// </summary>
    public async Task<(int Status, string Message, string? CustomerId)> WebhookAsync(string provider, Func<string, string?> header, ReadOnlyMemory<byte> body, CancellationToken cancellation)
    {
        if (!providers.TryGet(provider, out var adapter))
        {
            return (404, $"unknown provider {provider}", null);
        }

        if (!adapter.TryVerifySignature(header, body.Span, store.Time.GetUtcNow(), out var problem))
        {
            LogWebhookRefused(logger, provider, problem ?? "bad signature");
            return (401, "signature check failed: " + problem, null);
        }

        ProviderResult result;
        try
        {
            result = adapter.Parse(body.Span);
        }
        catch (ProviderPayloadException e) when (e.Ignorable)
        {
            return (202, "not a final result; nothing to apply", null);
        }
        catch (ProviderPayloadException e)
        {
            return (400, e.Message, null);
        }

        var customerId = await CustomerOfCheckAsync(provider, result.CheckId, cancellation) ?? result.CustomerId;
        if (customerId is null)
        {
            return (404, "no customer has this check", null);
        }

        await using var t = await store.BeginAsync(customerId, cancellation);
        if (result.CheckId is null || !await t.CompleteCheckAsync(provider, result.CheckId, Name(result.Outcome), result, cancellation))
        {
            return (200, "already applied", customerId);
        }

        await ApplyAsync(t, result, "provider:" + provider, cancellation);
        await t.CommitAsync(cancellation);
        await AfterCommitAsync(t, cancellation);
        return (200, "applied: " + t.Customer.State, customerId);
    }

    private async Task<string?> CustomerOfCheckAsync(string provider, string? checkId, CancellationToken cancellation)
    {
        if (checkId is null)
        {
            return null;
        }

        await using var command = store.DataSource.CreateCommand("SELECT customer_id FROM kyc.checks WHERE provider = @p AND check_id = @c");
        command.Parameters.AddWithValue("p", provider);
        command.Parameters.AddWithValue("c", checkId);
        return await command.ExecuteScalarAsync(cancellation) as string;
    }

    /// <summary>Applies a provider's result for the step the customer is in.</summary>
    internal async Task ApplyAsync(CustomerTransaction t, ProviderResult result, string actor, CancellationToken cancellation)
    {
        var c = t.Customer;
        var evidence = new { result.Provider, result.CheckId, outcome = Name(result.Outcome), result.Reasons, result.Score };
        if (result.Step == "document")
        {
            if (c.State != KycStates.DocumentSubmitted)
            {
                throw new KycException(409, $"the customer is in {c.State}, not waiting for a document result", "state");
            }

            var today = DateOnly.FromDateTime(t.Now.UtcDateTime);
            var outcome = result.Outcome;
            if (outcome == ProviderOutcome.Pass && result.DocumentExpiry is { } expiry && expiry < today)
            {
                outcome = ProviderOutcome.Retry;
                evidence = evidence with { Reasons = [.. result.Reasons, "document_expired"] };
            }

            switch (outcome)
            {
                case ProviderOutcome.Pass when result.DocumentAddress is { } shown && AddressPlausibility.Check(shown) is { } failure:
                    await t.GoAsync(KycStates.Rejected, "address_implausible", actor, new { result.Provider, result.CheckId, check = failure }, cancellation);
                    break;
                case ProviderOutcome.Pass:
                    c.DocumentExpiry = result.DocumentExpiry ?? c.DocumentExpiry;
                    await t.GoAsync(KycStates.DocumentVerified, "document_verified", actor, evidence, cancellation);
                    break;
                default:
                    await NotPassedAsync(t, "document", result, outcome, outcome == ProviderOutcome.Retry ? ++c.DocumentAttempts : 0, KycStates.Initiated, "document_resubmission_requested", actor, evidence, cancellation);
                    break;
            }

            return;
        }

        if (c.State != KycStates.LivenessCheck)
        {
            throw new KycException(409, $"the customer is in {c.State}, not waiting for a liveness result", "state");
        }

        if (result.Outcome == ProviderOutcome.Pass)
        {
            await t.GoAsync(KycStates.SanctionsScreening, "liveness_passed", actor, evidence, cancellation);
            await ScreenAndScoreAsync(t, cancellation);
        }
        else
        {
            await NotPassedAsync(t, "liveness", result, result.Outcome, result.Outcome == ProviderOutcome.Retry ? ++c.LivenessAttempts : 0, KycStates.DocumentVerified, "liveness_retry_requested", actor, evidence, cancellation);
        }
    }

    /// <summary>
    /// The outcomes both steps share: review waits in <c>PENDING_EDD</c> (approval resumes after the step); retry
    /// loops back to <paramref name="retryTo"/> until the <see cref="MaxAttempts"/>th attempt rejects; fail rejects,
    /// or suspends when the provider suspects fraud.
    /// </summary>
    private static async Task NotPassedAsync(CustomerTransaction t, string step, ProviderResult result, ProviderOutcome outcome, int attempts, string retryTo, string retryCause, string actor, object evidence, CancellationToken cancellation)
    {
        switch (outcome)
        {
            case ProviderOutcome.Review:
                t.Customer.ReviewStep = step;
                await t.GoAsync(KycStates.PendingEdd, step + "_review", actor, evidence, cancellation);
                break;
            case ProviderOutcome.Retry when attempts >= MaxAttempts:
                await t.GoAsync(KycStates.Rejected, "too_many_attempts", actor, evidence, cancellation);
                break;
            case ProviderOutcome.Retry:
                await t.GoAsync(retryTo, retryCause, actor, evidence, cancellation);
                break;
            case ProviderOutcome.Fail when result.FraudSuspected:
                t.Customer.ReviewStep = step;
                await t.GoAsync(KycStates.Suspended, "fraud_suspected", actor, evidence, cancellation);
                break;
            default:
                await t.GoAsync(KycStates.Rejected, step + "_failed", actor, evidence, cancellation);
                break;
        }
    }

    /// <summary>
    /// From <c>SANCTIONS_SCREENING</c>: a potential match holds the customer in <c>PENDING_EDD</c> (only a reviewer
    /// clears it); otherwise risk scoring decides. When the screening service cannot answer, the customer stays in
    /// <c>SANCTIONS_SCREENING</c> and the sweep tries again.
    /// </summary>
    internal async Task ScreenAndScoreAsync(CustomerTransaction t, CancellationToken cancellation)
    {
        var c = t.Customer;
        if (sanctions is null)
        {
            LogScreeningUnavailable(logger, c.Id, "no screening service is configured");
            return;
        }

        SanctionsOutcome screened;
        try
        {
            screened = await sanctions.ScreenAsync(c.FullName, c.DateOfBirth, c.Nationality, cancellation);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or InvalidOperationException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            LogScreeningUnavailable(logger, c.Id, e.Message);
            return;
        }

        if (screened.Matches.Count > 0)
        {
            c.SanctionsHold = true;
            c.ReviewStep = "sanctions";
            t.SetSanctionsHits(new { screened.ListVersion, screened.Matches });
            await t.GoAsync(KycStates.PendingEdd, "sanctions_potential_match", SystemActor, new { screened.ListVersion, matches = screened.Matches }, cancellation);
            return;
        }

        await t.GoAsync(KycStates.RiskScoring, "sanctions_clear", SystemActor, new { screened.ListVersion, nearMisses = screened.NearMisses }, cancellation);
        var risk = RiskScorer.Assess(policy, c.ToApplication(), screened.NearMisses, await t.DuplicateIdentityAsync(cancellation));
        t.SetRisk(risk.Score, risk.Factors);
        var evidence = new { risk.Score, risk.Factors, policy = risk.PolicyVersion };
        if (risk.Decision == KycStates.PendingEdd)
        {
            c.ReviewStep = "risk";
        }

        await t.GoAsync(risk.Decision, risk.Cause, SystemActor, evidence, cancellation);
        if (risk.Decision == KycStates.Approved)
        {
            await t.GoAsync(KycStates.ApprovedStandard, "monitoring_enrolled", SystemActor, null, cancellation);
        }
    }

    /// <summary>A reviewer's decision, with its reason in the audit trail.</summary>
    public async Task<CustomerView> ReviewAsync(string customerId, ReviewDecision decision, string actor, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (string.IsNullOrWhiteSpace(decision.Reason) || decision.Reason.Length > 2000)
        {
            throw new KycException(400, "reason is required (up to 2000 characters)", "reason");
        }

        var reviewer = string.IsNullOrWhiteSpace(decision.Reviewer) ? actor : "reviewer:" + decision.Reviewer.Trim();
        await using (var t = await store.BeginAsync(customerId, cancellation))
        {
            var c = t.Customer;
            var evidence = new { reason = decision.Reason, clearSanctions = decision.ClearSanctions ? true : (bool?)null };
            switch (decision.Decision, c.State)
            {
                case ("approve", KycStates.PendingEdd or KycStates.SuspendedPendingReview) when c.SanctionsHold && !decision.ClearSanctions:
                    throw new KycException(409, "the customer has a potential sanctions match: approving needs clearSanctions: true, with the reason the match is someone else", "clearSanctions");
                case ("approve", KycStates.PendingEdd):
                    c.SanctionsHold = false;
                    var step = c.ReviewStep;
                    c.ReviewStep = null;
                    if (step == "document")
                    {
                        await t.GoAsync(KycStates.DocumentVerified, "review_approved", reviewer, evidence, cancellation);
                    }
                    else if (step == "liveness")
                    {
                        await t.GoAsync(KycStates.SanctionsScreening, "review_approved", reviewer, evidence, cancellation);
                        await ScreenAndScoreAsync(t, cancellation);
                    }
                    else
                    {
                        await t.GoAsync(KycStates.Approved, "edd_approved", reviewer, evidence, cancellation);
                        await t.GoAsync(KycStates.ApprovedStandard, "monitoring_enrolled", SystemActor, null, cancellation);
                    }

                    break;
                case ("approve", KycStates.Suspended):
                    await t.GoAsync(KycStates.PendingEdd, "suspension_lifted", reviewer, evidence, cancellation);
                    break;
                case ("approve", KycStates.ApprovedEddRequired):
                    await t.GoAsync(KycStates.ApprovedStandard, "edd_completed", reviewer, evidence, cancellation);
                    break;
                case ("approve", KycStates.SuspendedPendingReview):
                    c.SanctionsHold = false;
                    c.ReviewStep = null;
                    await t.GoAsync(decision.Edd ? KycStates.ApprovedEddRequired : KycStates.ApprovedStandard, "review_reinstated", reviewer, evidence, cancellation);
                    break;
                case ("reject", KycStates.PendingEdd or KycStates.Suspended):
                    await t.GoAsync(KycStates.Rejected, "review_rejected", reviewer, evidence, cancellation);
                    break;
                case ("reject", KycStates.SuspendedPendingReview):
                    await t.GoAsync(KycStates.Rejected, "offboarded", reviewer, evidence, cancellation);
                    break;
                case ("suspend", KycStates.PendingEdd):
                    await t.GoAsync(KycStates.Suspended, "review_suspended", reviewer, evidence, cancellation);
                    break;
                case ("suspend", KycStates.ApprovedStandard or KycStates.ApprovedEddRequired):
                    c.ReviewStep = "monitoring";
                    await t.GoAsync(KycStates.SuspendedPendingReview, "review_suspended", reviewer, evidence, cancellation);
                    break;
                case ("require_edd", KycStates.ApprovedStandard):
                    await t.GoAsync(KycStates.ApprovedEddRequired, "edd_requested", reviewer, evidence, cancellation);
                    break;
                case ("approve" or "reject" or "suspend" or "require_edd", _):
                    throw new KycException(409, $"a customer in {c.State} cannot be given '{decision.Decision}'", "decision");
                default:
                    throw new KycException(400, "decision is approve, reject, suspend or require_edd", "decision");
            }

            await t.CommitAsync(cancellation);
            await AfterCommitAsync(t, cancellation);
        }

        return (await store.GetAsync(customerId, cancellation))!;
    }

    /// <summary>
    /// Gives the customer an account: an existing authorizer account is linked, an absent one is opened in the
    /// customer's program. Its customer status follows the customer's state from then on, so its cards cannot be
    /// activated before approval.
    /// </summary>
    public async Task<CustomerView> AddAccountAsync(string customerId, string? accountId, string? programId, string? currency, CancellationToken cancellation)
    {
        if (accounts is null)
        {
            throw new KycException(503, "no authorizer is reachable from KYC (run it in this process or give --authorizer-url)");
        }

        var customer = await store.GetAsync(customerId, cancellation) ?? throw new KycException(404, $"no customer {customerId}");
        if (customer.State == KycStates.Rejected)
        {
            throw new KycException(409, "the customer was rejected; no account can be opened", "state");
        }

        if (accountId is null || !await accounts.ExistsAsync(accountId, cancellation))
        {
            var program = programId ?? customer.ProgramId ?? throw new KycException(400, "programId is required (the customer has none)", "programId");
            accountId = await accounts.OpenAsync(accountId, program, currency ?? "USD", cancellation);
        }

        await using (var t = await store.BeginAsync(customerId, cancellation))
        {
            await t.LinkAccountAsync(accountId, cancellation);
            await t.CommitAsync(cancellation);
        }

        await SyncAccountsAsync(cancellation);
        if (KycStates.IsApproved(customer.State))
        {
            await RegisterSubjectAsync(customerId, cancellation);
        }

        return (await store.GetAsync(customerId, cancellation))!;
    }

    /// <summary>
    /// Ongoing monitoring's escalation: <c>edd</c> moves an approved customer to <c>APPROVED_EDD_REQUIRED</c>;
    /// <c>suspend</c> moves them to <c>SUSPENDED_PENDING_REVIEW</c> (a sanctions cause also sets the hold). Returns
    /// false when the customer is already at or beyond that level, or not approved.
    /// </summary>
    internal static async Task<bool> EscalateAsync(CustomerTransaction t, bool suspend, string cause, object? evidence, CancellationToken cancellation)
    {
        var c = t.Customer;
        if (suspend && c.State is KycStates.ApprovedStandard or KycStates.ApprovedEddRequired)
        {
            c.ReviewStep = "monitoring";
            c.SanctionsHold |= cause == "sanctions_match";
            await t.GoAsync(KycStates.SuspendedPendingReview, cause, SystemActor, evidence, cancellation);
            return true;
        }

        if (!suspend && c.State == KycStates.ApprovedStandard)
        {
            await t.GoAsync(KycStates.ApprovedEddRequired, cause, SystemActor, evidence, cancellation);
            return true;
        }

        return false;
    }

    /// <summary>Escalates one customer in its own transaction (sweeps and compliance's feed).</summary>
    public async Task<bool> EscalateAsync(string customerId, bool suspend, string cause, object? evidence, CancellationToken cancellation)
    {
        await using var t = await store.BeginAsync(customerId, cancellation);
        if (!await EscalateAsync(t, suspend, cause, evidence, cancellation))
        {
            return false;
        }

        await t.CommitAsync(cancellation);
        await AfterCommitAsync(t, cancellation);
        return true;
    }

    /// <summary>
    /// Periodic work: customers left in <c>SANCTIONS_SCREENING</c> (the service was down) are screened again; EDD
    /// not completed within the policy's days suspends; an expired identity document asks for EDD.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellation)
    {
        var changed = 0;
        var now = store.Time.GetUtcNow();
        foreach (var id in await store.InStateSinceAsync(KycStates.SanctionsScreening, now.AddSeconds(-5), 100, cancellation))
        {
            await using var t = await store.BeginAsync(id, cancellation);
            if (t.Customer.State != KycStates.SanctionsScreening)
            {
                continue;
            }

            await ScreenAndScoreAsync(t, cancellation);
            await t.CommitAsync(cancellation);
            await AfterCommitAsync(t, cancellation);
            changed += t.Made.Count > 0 ? 1 : 0;
        }

        foreach (var id in await store.InStateSinceAsync(KycStates.ApprovedEddRequired, now.AddDays(-policy.Monitoring.EddReviewDays), 100, cancellation))
        {
            changed += await EscalateAsync(id, suspend: true, "edd_overdue", new { days = policy.Monitoring.EddReviewDays }, cancellation) ? 1 : 0;
        }

        foreach (var id in await store.ExpiredDocumentsAsync(DateOnly.FromDateTime(now.UtcDateTime), 100, cancellation))
        {
            changed += await EscalateAsync(id, suspend: false, "document_expired", null, cancellation) ? 1 : 0;
        }

        return changed;
    }

    /// <summary>Pushes every account whose authorizer status is behind its customer's state; returns how many were pushed.</summary>
    public async Task<int> SyncAccountsAsync(CancellationToken cancellation)
    {
        if (accounts is null)
        {
            return 0;
        }

        var pushed = 0;
        foreach (var (accountId, customerId, status) in await store.UnsyncedAsync(500, cancellation))
        {
            try
            {
                await accounts.SetCustomerStatusAsync(accountId, status, $"kyc {customerId}", cancellation);
                await store.MarkSyncedAsync(accountId, status, null, cancellation);
                pushed++;
            }
            catch (Exception e) when (e is KycException or HttpRequestException or IOException or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                LogSyncFailed(logger, accountId, e.Message);
                await store.MarkSyncedAsync(accountId, status, e.Message, cancellation);
            }
        }

        return pushed;
    }

    /// <summary>After a commit: the authorizer learns the new status at once (the sync loop retries failures every second), and an approved customer is registered for re-screening.</summary>
    internal async Task AfterCommitAsync(CustomerTransaction t, CancellationToken cancellation)
    {
        if (t.Made.Count == 0)
        {
            return;
        }

        foreach (var (from, to, cause) in t.Made)
        {
            LogTransition(logger, t.Customer.Id, from, to, cause);
        }

        if (KycStates.AuthorizerStatus(t.InitialState) != KycStates.AuthorizerStatus(t.Customer.State))
        {
            await SyncAccountsAsync(cancellation);
        }

        if (KycStates.IsApproved(t.Customer.State) && !KycStates.IsApproved(t.InitialState))
        {
            await RegisterSubjectAsync(t.Customer.Id, cancellation);
        }
    }

    private async Task RegisterSubjectAsync(string customerId, CancellationToken cancellation)
    {
        if (sanctions is null)
        {
            return;
        }

        await using var command = store.DataSource.CreateCommand(
            """
            SELECT first_name || ' ' || last_name, date_of_birth, nationality,
                (SELECT account_id FROM kyc.accounts a WHERE a.customer_id = c.id ORDER BY created_at, account_id LIMIT 1)
            FROM kyc.customers c WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", customerId);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation))
        {
            return;
        }

        try
        {
            await sanctions.RegisterAsync(customerId, reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2), active: true, cancellation);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or ArgumentException or Npgsql.NpgsqlException)
        {
            LogScreeningUnavailable(logger, customerId, "registering for re-screening failed: " + e.Message);
        }
    }

    private static string Name(ProviderOutcome outcome) => outcome switch
    {
        ProviderOutcome.Pass => "pass",
        ProviderOutcome.Review => "review",
        ProviderOutcome.Retry => "retry",
        _ => "fail",
    };

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "kyc {CustomerId}: {From} -> {To} ({Cause})")]
    private static partial void LogTransition(ILogger logger, string customerId, string from, string to, string cause);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "kyc {CustomerId}: rejected before any provider call ({Cause})")]
    private static partial void LogRejectedByChecks(ILogger logger, string customerId, string cause);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "kyc {CustomerId}: sanctions screening unavailable, will retry: {Reason}")]
    private static partial void LogScreeningUnavailable(ILogger logger, string customerId, string reason);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "kyc: webhook from {Provider} refused: {Problem}")]
    private static partial void LogWebhookRefused(ILogger logger, string provider, string problem);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "kyc: account {AccountId} status not yet at the authorizer: {Reason}")]
    private static partial void LogSyncFailed(ILogger logger, string accountId, string reason);
}
