using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baas.Authorizer.Engine;
using Baas.Compliance.Cases;
using Baas.Kyc;
using Baas.Ledger;
using Baas.Payments.Orchestration;

namespace Baas.Host.Components;

/// <summary>The authorizer in the same process: commands on its engine thread (the ledger's reads and adjustments, compliance's restrictions).</summary>
internal sealed class EngineAuthorizerClient(Engine engine) : IAuthorizerClient, IAccountActions, ICustomerAccounts, IPaymentAccounts
{
    public async Task<long> ReserveAsync(string accountId, long amount, string reference, CancellationToken cancellation)
    {
        try
        {
            return (await engine.ExecuteAsync(c => c.Engine.Reserve(accountId, null, amount, reference, 30))).ReservationId;
        }
        catch (CommandException e)
        {
            throw AuthorizerPayments.Refused(e.Status, e.Message);
        }
    }

    public async Task ReleaseAsync(string accountId, long reservationId, bool post, string reference, CancellationToken cancellation)
    {
        try
        {
            await engine.ExecuteAsync(c => c.Engine.Release(accountId, null, reservationId, null, post, reference));
        }
        catch (CommandException e) when (!AuthorizerPayments.AlreadyReleased(e.Status, e.Message))
        {
            throw AuthorizerPayments.Refused(e.Status, e.Message);
        }
    }

    public async Task<long> MoveAsync(string accountId, long amount, string reference, string method, string? country, string counterparty, CancellationToken cancellation)
    {
        try
        {
            var details = new Baas.Events.MoneyDetails(method, country, counterparty);
            return (await engine.ExecuteAsync(c => c.Engine.MoveMoney(accountId, null, Math.Abs(amount), reference, credit: amount > 0, force: true, details))).Seq;
        }
        catch (CommandException e)
        {
            throw AuthorizerPayments.Refused(e.Status, e.Message);
        }
    }

    public async Task<bool> ExistsAsync(string accountId, CancellationToken cancellation) => await GetAccountAsync(accountId, cancellation) is not null;

    public async Task<string> OpenAsync(string? accountId, string programId, string currency, CancellationToken cancellation)
    {
        try
        {
            return (await engine.ExecuteAsync(c => c.Engine.OpenAccount(accountId, programId, currency, null))).Id;
        }
        catch (CommandException e)
        {
            throw new KycException(e.Status, "the authorizer refused the account: " + e.Message, e.Field);
        }
    }

    public Task<long> CommittedAsync(CancellationToken cancellation) => Task.FromResult(engine.CommittedSeq);

    public async Task<AuthorizerAccount?> GetAccountAsync(string accountId, CancellationToken cancellation)
    {
        try
        {
            return ToAccount(await engine.ExecuteAsync(c => c.Engine.GetAccount(accountId, null)));
        }
        catch (CommandException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<AuthorizerAccountPage> ListAccountsAsync(string? cursor, int limit, CancellationToken cancellation)
    {
        var after = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);
        var page = await engine.ExecuteAsync(c => c.Engine.ListAccounts(after, limit, null));
        return new AuthorizerAccountPage([.. page.Accounts.Select(ToAccount)], page.NextCursor);
    }

    public async Task<long> MoveMoneyAsync(string accountId, long amount, string reference, CancellationToken cancellation)
    {
        try
        {
            var result = await engine.ExecuteAsync(c => c.Engine.MoveMoney(accountId, null, Math.Abs(amount), reference, credit: amount > 0, force: true));
            return result.Seq;
        }
        catch (CommandException e)
        {
            throw new AuthorizerRefusedException(e.Status, e.Message);
        }
    }

    public async Task SetCustomerStatusAsync(string accountId, string customerStatus, string reason, CancellationToken cancellation)
    {
        try
        {
            await engine.ExecuteAsync(c => c.Engine.SetAccountState(accountId, null, null, customerStatus, reason));
        }
        catch (CommandException e)
        {
            throw new CaseException(e.Status is 404 ? 404 : 409, "the authorizer refused: " + e.Message);
        }
    }

    private static AuthorizerAccount ToAccount(AccountView a) => new(a.Id, a.ProgramId, a.Currency, a.Posted, a.Held);
}

/// <summary>An authorizer in another process, over its management API with the administrator's key.</summary>
internal sealed class HttpAuthorizerClient(HttpClient http) : IAuthorizerClient, IAccountActions, ICustomerAccounts, IPaymentAccounts
{
    public async Task<long> ReserveAsync(string accountId, long amount, string reference, CancellationToken cancellation)
    {
        using var response = await http.PostAsJsonAsync(new Uri($"/v1/accounts/{Uri.EscapeDataString(accountId)}/reservations", UriKind.Relative), new { amount, reference, expiresInDays = 30 }, cancellation);
        try
        {
            using var doc = await ReadAsync(response, cancellation);
            return doc.RootElement.GetProperty("reservationId").GetInt64();
        }
        catch (AuthorizerRefusedException e)
        {
            throw AuthorizerPayments.Refused(e.Status, e.Message);
        }
    }

    public async Task ReleaseAsync(string accountId, long reservationId, bool post, string reference, CancellationToken cancellation)
    {
        var path = $"/v1/accounts/{Uri.EscapeDataString(accountId)}/reservations/{reservationId.ToString(CultureInfo.InvariantCulture)}/release";
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), new { post, reference }, cancellation);
        try
        {
            using var _ = await ReadAsync(response, cancellation);
        }
        catch (AuthorizerRefusedException e) when (!AuthorizerPayments.AlreadyReleased(e.Status, e.Message))
        {
            throw AuthorizerPayments.Refused(e.Status, e.Message);
        }
    }

    public async Task<long> MoveAsync(string accountId, long amount, string reference, string method, string? country, string counterparty, CancellationToken cancellation)
    {
        var path = $"/v1/accounts/{Uri.EscapeDataString(accountId)}/{(amount > 0 ? "credits" : "debits")}";
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), new { amount = Math.Abs(amount), reference, force = true, method, country, counterparty }, cancellation);
        try
        {
            using var doc = await ReadAsync(response, cancellation);
            return doc.RootElement.GetProperty("seq").GetInt64();
        }
        catch (AuthorizerRefusedException e)
        {
            throw AuthorizerPayments.Refused(e.Status, e.Message);
        }
    }

    public async Task<bool> ExistsAsync(string accountId, CancellationToken cancellation) => await GetAccountAsync(accountId, cancellation) is not null;

    public async Task<string> OpenAsync(string? accountId, string programId, string currency, CancellationToken cancellation)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/v1/accounts", UriKind.Relative), new { id = accountId, programId, currency }, cancellation);
        try
        {
            using var doc = await ReadAsync(response, cancellation);
            return doc.RootElement.GetProperty("id").GetString()!;
        }
        catch (AuthorizerRefusedException e)
        {
            throw new KycException(e.Status is >= 400 and < 500 ? e.Status : 502, e.Message);
        }
    }

    /// <summary>A client for the API at <paramref name="baseAddress"/> with the bearer key <paramref name="adminKey"/>.</summary>
    public static HttpAuthorizerClient Create(string baseAddress, string? adminKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminKey ?? "");
        return new HttpAuthorizerClient(client);
    }

    public async Task<long> CommittedAsync(CancellationToken cancellation)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("/readyz", UriKind.Relative), cancellation));
        return doc.RootElement.GetProperty("committed").GetInt64();
    }

    public async Task<AuthorizerAccount?> GetAccountAsync(string accountId, CancellationToken cancellation)
    {
        using var response = await http.GetAsync(new Uri($"/v1/accounts/{Uri.EscapeDataString(accountId)}", UriKind.Relative), cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        using var doc = await ReadAsync(response, cancellation);
        return ToAccount(doc.RootElement);
    }

    public async Task<AuthorizerAccountPage> ListAccountsAsync(string? cursor, int limit, CancellationToken cancellation)
    {
        var query = $"/v1/accounts?limit={limit.ToString(CultureInfo.InvariantCulture)}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
        using var response = await http.GetAsync(new Uri(query, UriKind.Relative), cancellation);
        using var doc = await ReadAsync(response, cancellation);
        var accounts = doc.RootElement.GetProperty("accounts").EnumerateArray().Select(ToAccount).ToList();
        var next = doc.RootElement.TryGetProperty("nextCursor", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        return new AuthorizerAccountPage(accounts, next);
    }

    public async Task<long> MoveMoneyAsync(string accountId, long amount, string reference, CancellationToken cancellation)
    {
        var path = $"/v1/accounts/{Uri.EscapeDataString(accountId)}/{(amount > 0 ? "credits" : "debits")}";
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), new { amount = Math.Abs(amount), reference, force = true }, cancellation);
        using var doc = await ReadAsync(response, cancellation);
        return doc.RootElement.GetProperty("seq").GetInt64();
    }

    public async Task SetCustomerStatusAsync(string accountId, string customerStatus, string reason, CancellationToken cancellation)
    {
        using var response = await http.PostAsJsonAsync(new Uri($"/v1/accounts/{Uri.EscapeDataString(accountId)}/state", UriKind.Relative), new { customerStatus, reason }, cancellation);
        try
        {
            using var _ = await ReadAsync(response, cancellation);
        }
        catch (AuthorizerRefusedException e)
        {
            throw new CaseException(e.Status == 404 ? 404 : 502, e.Message);
        }
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        var body = await response.Content.ReadAsStringAsync(cancellation);
        if (!response.IsSuccessStatusCode)
        {
            var message = body;
            try
            {
                using var error = JsonDocument.Parse(body);
                if (error.RootElement.TryGetProperty("error", out var e))
                {
                    message = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) ? m.GetString() ?? body : e.ToString();
                }
            }
            catch (JsonException)
            {
                // Not JSON: the body as it is.
            }

            throw new AuthorizerRefusedException((int)response.StatusCode, $"the authorizer answered {(int)response.StatusCode}: {message}");
        }

        return JsonDocument.Parse(body);
    }

    private static AuthorizerAccount ToAccount(JsonElement a) => new(
        a.GetProperty("id").GetString()!,
        a.GetProperty("programId").GetString() ?? "",
        a.GetProperty("currency").GetString()!,
        a.GetProperty("posted").GetInt64(),
        a.GetProperty("held").GetInt64());
}

/// <summary>How the authorizer's refusals read to payments.</summary>
internal static class AuthorizerPayments
{
    /// <summary>Insufficient funds or a closed account: 422; an unknown account: 404; anything else the authorizer's status.</summary>
    public static PaymentException Refused(int status, string message) =>
        new(status == 409 && message.Contains("insufficient", StringComparison.Ordinal) ? 422 : status, "the authorizer refused: " + message, "accountId");

    /// <summary>A release the authorizer already applied (a repeated operation after a crash).</summary>
    public static bool AlreadyReleased(int status, string message) =>
        status == 409 && (message.Contains("reservation is released", StringComparison.Ordinal) || message.Contains("reservation is cleared", StringComparison.Ordinal));
}
