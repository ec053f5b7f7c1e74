using System.Text.Json;
using Baas.Compliance.Screening.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Baas.Compliance.Screening;

/// <summary>
/// The screening HTTP API: <c>POST /v1/screening</c> screens one party, <c>GET /v1/screening/list</c> shows the
/// list version in use. Bad input is a 400 naming the field, never a 500.
/// </summary>
public static class ScreeningEndpoints
{
    /// <summary>Largest request body accepted.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Maps the endpoints (needs <see cref="ScreeningServiceCollectionExtensions.AddScreening"/>) and returns their
    /// group, so the host can add authentication: <c>app.MapScreening().RequireAuthorization()</c>.
    /// </summary>
    public static RouteGroupBuilder MapScreening(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var service = endpoints.ServiceProvider.GetRequiredService<ScreeningService>();
        var group = endpoints.MapGroup("/v1/screening");
        group.MapPost("", async Task<IResult> (HttpContext http) => await ScreenAsync(http, service));
        group.MapGet("/list", () =>
        {
            var list = service.Provider.Current;
            return Results.Json(
                new ScreeningListResponse(list.Version.Id, list.Version.LoadedAt, list.Entries.Count, list.NameCount, list.Sources),
                ScreeningJson.Context.ScreeningListResponse);
        });
        return group;
    }

    private static async Task<IResult> ScreenAsync(HttpContext http, ScreeningService service)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge(http);
        }

        if (!http.Request.HasJsonContentType())
        {
            return Error(null, "the body must be JSON (Content-Type: application/json)");
        }

        ScreeningRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(http.Request.Body, ScreeningJson.Context.ScreeningRequest, http.RequestAborted);
        }
        catch (JsonException e)
        {
            // A value of the wrong type names its field; anything else is a body that is not JSON.
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            return field is not null && e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                ? Error(field, $"{field} has the wrong JSON type")
                : Error(null, "the body is not valid JSON");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(http);
        }

        if (request is null)
        {
            return Error(null, "a JSON object is required");
        }

        if (!request.TryCreateQuery(out var query, out var error))
        {
            return Results.Json(new ScreeningErrorResponse(error!), ScreeningJson.Context.ScreeningErrorResponse, statusCode: StatusCodes.Status400BadRequest);
        }

        var result = service.Screen(query!);
        return Results.Json(ScreeningResponse.From(result), ScreeningJson.Context.ScreeningResponse);
    }

    /// <summary>The rest of the body is not read, so the connection cannot carry another request.</summary>
    private static IResult TooLarge(HttpContext http)
    {
        http.Response.Headers.Connection = "close";
        return Error(null, $"the body is larger than {MaxBodyBytes} bytes");
    }

    private static IResult Error(string? field, string message) =>
        Results.Json(new ScreeningErrorResponse(new ScreeningError(field, message)), ScreeningJson.Context.ScreeningErrorResponse, statusCode: StatusCodes.Status400BadRequest);
}
