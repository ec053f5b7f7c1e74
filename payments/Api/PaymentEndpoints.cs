using System.Globalization;
using Baas.Payments.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Baas.Payments.Api;

/// <summary>
/// The payments HTTP API: <c>POST /v1/payments</c> (<c>Idempotency-Key</c> required), <c>GET /v1/payments[/{id}]</c>,
/// <c>POST /v1/payments/{id}/cancel|review</c>, <c>POST /v1/payments/cutoff?rail=ach</c>, the deposit account number
/// of an account, and the payment events feed. Errors are <c>{"error": message, "field"?: name}</c>.
/// </summary>
public static class PaymentEndpoints
{
    /// <summary>Largest request body accepted.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Maps the API behind <paramref name="authorize"/>.</summary>
    public static RouteGroupBuilder MapPayments(this IEndpointRouteBuilder endpoints, PaymentService service, PaymentDispatcher dispatcher, Func<HttpContext, bool> authorize)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/v1/payments");
        group.AddEndpointFilter(async (context, next) => authorize(context.HttpContext) ? await next(context) : Error(401, "the administrator's bearer key is required", null));
        group.MapPost("", Task<IResult> (HttpContext http) => Guard(http, async body =>
        {
            var key = http.Request.Headers["Idempotency-Key"].ToString();
            if (key.Length is 0 or > 200)
            {
                throw new PaymentException(400, "the Idempotency-Key header is required (up to 200 characters)", "Idempotency-Key");
            }

            var (payment, created) = await service.CreateAsync(PaymentRequestParser.Parse(body.Span), key, "api", http.RequestAborted);
            return Results.Json(payment, PaymentService.Json, statusCode: created ? 201 : 200);
        }));
        group.MapGet("", async (string? accountId, string? state, string? limit, CancellationToken cancellation) =>
        {
            if (state is not null && !PaymentStates.Transitions.ContainsKey(state))
            {
                return Error(400, $"state is one of {string.Join(", ", PaymentStates.All)}", "state");
            }

            var size = 100;
            if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 1000))
            {
                return Error(400, "limit must be 1 to 1000", "limit");
            }

            return Results.Json(new { payments = await service.ListAsync(accountId, state, size, cancellation) }, PaymentService.Json);
        });
        group.MapGet("/{id}", async (string id, CancellationToken cancellation) =>
            await service.GetAsync(id, cancellation) is { } payment ? Results.Json(payment, PaymentService.Json) : Error(404, $"no payment {id}", null));
        group.MapPost("/{id}/cancel", Task<IResult> (HttpContext http, string id) => Guard(http, async body =>
        {
            var reason = body.Length == 0 ? null : System.Text.Json.JsonSerializer.Deserialize<ReviewBody>(body.Span, PaymentService.Json)?.Reason;
            return Results.Json(await service.CancelAsync(id, reason, "api", http.RequestAborted), PaymentService.Json);
        }, allowEmpty: true));
        group.MapPost("/{id}/review", Task<IResult> (HttpContext http, string id) => Guard(http, async body =>
        {
            var review = System.Text.Json.JsonSerializer.Deserialize<ReviewBody>(body.Span, PaymentService.Json);
            return Results.Json(await service.ReviewAsync(id, review?.Decision, review?.Reason, review?.Reviewer is { Length: > 0 } r ? "reviewer:" + r : "admin", http.RequestAborted), PaymentService.Json);
        }));
        group.MapPost("/{id}/recall", Task<IResult> (HttpContext http, string id) => Guard(http, async body =>
        {
            var reason = body.Length == 0 ? null : System.Text.Json.JsonSerializer.Deserialize<ReviewBody>(body.Span, PaymentService.Json)?.Reason;
            return Results.Json(await dispatcher.RecallAsync(id, reason, http.RequestAborted), PaymentService.Json, statusCode: 202);
        }, allowEmpty: true));
        group.MapPost("/cutoff", Task<IResult> (HttpContext http, string? rail) => Guard(http, async _ =>
        {
            if (rail is not ("ach" or "ach_same_day"))
            {
                throw new PaymentException(400, "rail is ach (every waiting ACH payment) or ach_same_day", "rail");
            }

            var result = await dispatcher.CutoffAsync(rail, http.RequestAborted);
            return Results.Json(result is null ? new { file = (string?)null, entries = 0, total = 0L } : new { file = (string?)result.File, entries = result.Entries, total = result.Total }, PaymentService.Json);
        }, allowEmpty: true));
        group.MapGet("/accounts/{accountId}/deposit-instructions", async (string accountId, CancellationToken cancellation) =>
            Results.Json(new { accountId, routingNumber = DispatcherOrigin(dispatcher), accountNumber = await service.AccountNumberAsync(accountId, cancellation) }, PaymentService.Json));
        group.MapGet("/events", async (string? after, CancellationToken cancellation) =>
        {
            long from = 0;
            if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from))
            {
                return Error(400, "after is an event id", "after");
            }

            return Results.Json(new { events = await service.EventsAsync(from, 500, cancellation) }, PaymentService.Json);
        });
        return group;
    }

    private static string DispatcherOrigin(PaymentDispatcher dispatcher) => dispatcher.Originator.BankRoutingNumber;

    private sealed record ReviewBody(string? Decision, string? Reason, string? Reviewer);

    private static async Task<IResult> Guard(HttpContext http, Func<ReadOnlyMemory<byte>, Task<IResult>> handle, bool allowEmpty = false)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(413, $"the body is larger than {MaxBodyBytes} bytes", null);
        }

        if (body.Length == 0 && !allowEmpty)
        {
            return Error(400, "a JSON body is required", null);
        }

        try
        {
            return await handle(body);
        }
        catch (PaymentException e)
        {
            return Error(e.Status, e.Message, e.Field);
        }
        catch (System.Text.Json.JsonException)
        {
            return Error(400, "the body is not valid JSON", null);
        }
    }

    private static IResult Error(int status, string message, string? field) =>
        Results.Json(new { error = message, field }, PaymentService.Json, statusCode: status);
}
