using System.Globalization;
using System.Text.Json;
using Baas.Kyc.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Baas.Kyc.Api;

/// <summary>
/// The KYC HTTP API: <c>POST /v1/customers</c> (optional <c>Idempotency-Key</c>), <c>GET /v1/customers[/{id}]</c>,
/// <c>POST /v1/customers/{id}/documents|liveness|review|accounts</c>, and provider webhooks at
/// <c>POST /v1/kyc/webhooks/{provider}</c> (authenticated by their signature, not the administrator's key).
/// Bad input is a 400 naming the field; errors are <c>{"error": message, "field"?: name}</c>.
/// </summary>
public static class KycEndpoints
{
    /// <summary>Largest request body accepted.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Maps the API. <paramref name="authorize"/> decides who may call the customer endpoints (the webhooks check signatures instead).</summary>
    public static IEndpointRouteBuilder MapKyc(this IEndpointRouteBuilder endpoints, KycService service, Func<HttpContext, bool> authorize)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var customers = endpoints.MapGroup("/v1/customers");
        customers.AddEndpointFilter(async (context, next) =>
            authorize(context.HttpContext) ? await next(context) : Error(401, "the administrator's bearer key is required", null));

        customers.MapPost("", Task<IResult> (HttpContext http) => Guard(http, async body =>
        {
            var application = CustomerRequest.Parse(body);
            var key = http.Request.Headers["Idempotency-Key"].ToString();
            if (key.Length > 200)
            {
                throw new KycException(400, "Idempotency-Key is at most 200 characters", "Idempotency-Key");
            }

            var (customer, created) = await service.CreateAsync(application, key.Length == 0 ? null : key, "api", http.RequestAborted);
            return Results.Json(customer, KycStore.Json, statusCode: created ? 201 : 200);
        }));
        customers.MapGet("", async (string? state, string? limit, CancellationToken cancellation) =>
        {
            if (state is not null && !KycStates.Transitions.ContainsKey(state))
            {
                return Error(400, $"state must be one of {string.Join(", ", KycStates.All)}", "state");
            }

            var size = 100;
            if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 1000))
            {
                return Error(400, "limit must be 1 to 1000", "limit");
            }

            var list = await service.Store.ListAsync(state, size, cancellation);
            return Results.Json(new { customers = list.Select(c => new { id = c.Id, state = c.State, name = c.Name, updatedAt = c.UpdatedAt }) }, KycStore.Json);
        });
        customers.MapGet("/{id}", async (string id, CancellationToken cancellation) =>
            await service.Store.GetAsync(id, cancellation) is { } customer ? Results.Json(customer, KycStore.Json) : Error(404, $"no customer {id}", null));
        customers.MapPost("/{id}/documents", Task<IResult> (HttpContext http, string id) => Guard(http, async body =>
            Results.Json(await service.SubmitAsync(id, "document", body, "api", http.RequestAborted), KycStore.Json)));
        customers.MapPost("/{id}/liveness", Task<IResult> (HttpContext http, string id) => Guard(http, async body =>
            Results.Json(await service.SubmitAsync(id, "liveness", body, "api", http.RequestAborted), KycStore.Json)));
        customers.MapPost("/{id}/review", Task<IResult> (HttpContext http, string id) => Guard(http, async body =>
        {
            var decision = Deserialize<ReviewDecision>(body);
            return Results.Json(await service.ReviewAsync(id, decision, "admin", http.RequestAborted), KycStore.Json);
        }));
        customers.MapPost("/{id}/accounts", Task<IResult> (HttpContext http, string id) => Guard(http, async body =>
        {
            var request = body.Length == 0 ? new AccountRequest(null, null, null) : Deserialize<AccountRequest>(body);
            if (request.Currency is { } currency && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            {
                throw new KycException(400, "currency is an ISO 4217 alphabetic code", "currency");
            }

            return Results.Json(await service.AddAccountAsync(id, request.AccountId, request.ProgramId, request.Currency, http.RequestAborted), KycStore.Json, statusCode: 201);
        }, allowEmpty: true));

        endpoints.MapPost("/v1/kyc/webhooks/{provider}", async (HttpContext http, string provider) =>
        {
            var body = await ReadAsync(http);
            if (body is null)
            {
                return Error(413, $"the body is larger than {MaxBodyBytes} bytes", null);
            }

            var (status, message, customerId) = await service.WebhookAsync(provider, h => http.Request.Headers[h].ToString() is { Length: > 0 } v ? v : null, body.Value, http.RequestAborted);
            return status < 300
                ? Results.Json(new { status = message, customerId }, KycStore.Json, statusCode: status)
                : Error(status, message, null);
        });
        endpoints.MapGet("/v1/kyc/states", () => Results.Json(KycStates.Transitions.ToDictionary(t => t.Key, t => t.Value.Order(StringComparer.Ordinal).ToArray()), KycStore.Json));
        return endpoints;
    }

    private static T Deserialize<T>(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body.Span, KycStore.Json) ?? throw new KycException(400, "a JSON object is required");
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            throw new KycException(400, field is null ? "the body is not valid JSON" : $"{field} has the wrong JSON type", field);
        }
    }

    private static async Task<IResult> Guard(HttpContext http, Func<ReadOnlyMemory<byte>, Task<IResult>> handle, bool allowEmpty = false)
    {
        var body = await ReadAsync(http);
        if (body is null)
        {
            return Error(413, $"the body is larger than {MaxBodyBytes} bytes", null);
        }

        if (body.Value.Length == 0 && !allowEmpty)
        {
            return Error(400, "a JSON body is required", null);
        }

        try
        {
            return await handle(body.Value);
        }
        catch (KycException e)
        {
            return Error(e.Status, e.Message, e.Field);
        }
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.Length > MaxBodyBytes ? null : buffer.ToArray();
    }

    private static IResult Error(int status, string message, string? field) =>
        Results.Json(new { error = message, field }, KycStore.Json, statusCode: status);

    private sealed record AccountRequest(string? AccountId, string? ProgramId, string? Currency);
}
