using System.Text.Json;
using Baas.Authorizer.Engine;
using Baas.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Baas.Authorizer.Api;

/// <summary>
/// The management API (HTTP JSON, amounts in minor units). Every change is a command on the engine thread,
/// appended to the authorization log before it takes effect. Program keys see only their own program's
/// objects: anything else is 404. Bad input is a 400 naming the field, never a 500.
/// </summary>
public static class ManagementApi
{
    private const int ImportBatch = 1000;

    /// <summary>Batches submitted and not yet durable: the engine applies one while an earlier one's group commit runs.</summary>
    private const int ImportBatchesInFlight = 3;

    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder app, string adminKey)
    {
        ArgumentNullException.ThrowIfNull(app);
        var engine = app.ServiceProvider.GetRequiredService<Engine.Engine>();
        var v1 = app.MapGroup("/v1");
        v1.AddEndpointFilter(async (context, next) =>
        {
            if (ApiScope.Authenticate(context.HttpContext, adminKey, engine.Registry) is null)
            {
                return Error(401, null, "a valid bearer key is required");
            }

            try
            {
                return await next(context);
            }
            catch (CommandException e)
            {
                return Error(e.Status, e.Field, e.Message);
            }
        });

        v1.MapPost("/programs", async (HttpContext http) =>
        {
            if (!ApiScope.Get(http).Admin)
            {
                return Error(403, null, "only the administrator creates programs");
            }

            var (body, error) = await Read<CreateProgramRequest>(http);
            if (error is not null)
            {
                return error;
            }

            var program = await engine.ExecuteAsync(c => c.Engine.CreateProgram(body!.Id!, body.Name!, body.Bins, body.Settings));
            return Results.Json(new { id = program.ProgramId, name = program.Name, bins = program.Bins, settings = program.Settings }, EventJson.Options, statusCode: 201);
        });

        v1.MapPost("/programs/{id}/keys", async (HttpContext http, string id) =>
        {
            if (!ApiScope.Get(http).Admin)
            {
                return Error(403, null, "only the administrator creates program keys");
            }

            var key = await engine.ExecuteAsync(c => c.Engine.CreateProgramKey(id));
            return Results.Json(key, EventJson.Options, statusCode: 201);
        });

        v1.MapPost("/accounts", async (HttpContext http) =>
        {
            var (body, error) = await Read<CreateAccountRequest>(http);
            if (error is not null)
            {
                return error;
            }

            var programId = Scoped(http, body!.ProgramId);
            var account = await engine.ExecuteAsync(c => c.Engine.OpenAccount(body.Id, programId, body.Currency, body.OverdraftLimit));
            return Results.Json(account, EventJson.Options, statusCode: 201);
        });

        v1.MapGet("/accounts", async (HttpContext http, string? cursor, string? limit) =>
        {
            long after = 0;
            if (cursor is not null && (!long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after) || after <= 0))
            {
                return Error(400, "cursor", "cursor must be the nextCursor of an earlier page");
            }

            var size = 100;
            if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > 1000))
            {
                return Error(400, "limit", "limit must be 1 to 1000");
            }

            var scope = ApiScope.Get(http);
            return Results.Json(await engine.ExecuteAsync(c => c.Engine.ListAccounts(after, size, scope.ProgramNo)), EventJson.Options);
        });

        v1.MapGet("/accounts/{id}", async (HttpContext http, string id) =>
            Results.Json(await engine.ExecuteAsync(c => c.Engine.GetAccount(id, ApiScope.Get(http).ProgramNo)), EventJson.Options));

        v1.MapPost("/accounts/{id}/credits", (HttpContext http, string id) => Money(http, engine, id, credit: true));
        v1.MapPost("/accounts/{id}/debits", (HttpContext http, string id) => Money(http, engine, id, credit: false));

        v1.MapGet("/accounts/{id}/holds", async (HttpContext http, string id, string? state, int? limit) =>
            Results.Json(await engine.ExecuteAsync(c => c.Engine.GetHolds(id, ApiScope.Get(http).ProgramNo, state != "all", Math.Clamp(limit ?? 100, 1, 1000))), EventJson.Options));

        v1.MapPost("/accounts/{id}/reservations", async (HttpContext http, string id) =>
        {
            var (body, error) = await Read<ReserveRequest>(http);
            if (error is not null)
            {
                return error;
            }

            var scope = ApiScope.Get(http);
            var result = await engine.ExecuteAsync(c => c.Engine.Reserve(id, scope.ProgramNo, body!.Amount ?? 0, body.Reference, body.ExpiresInDays));
            return Results.Json(result, EventJson.Options, statusCode: 201);
        });

        v1.MapPost("/accounts/{id}/reservations/{reservationId:long}/release", async (HttpContext http, string id, long reservationId) =>
        {
            var (body, error) = await Read<ReleaseRequest>(http, allowEmpty: true);
            if (error is not null)
            {
                return error;
            }

            var scope = ApiScope.Get(http);
            return Results.Json(await engine.ExecuteAsync(c => c.Engine.Release(id, scope.ProgramNo, reservationId, body?.Amount, body?.Post ?? false, body?.Reference)), EventJson.Options);
        });

        v1.MapPost("/accounts/{id}/state", async (HttpContext http, string id) =>
        {
            var (body, error) = await Read<AccountStateRequest>(http);
            if (error is not null)
            {
                return error;
            }

            var scope = ApiScope.Get(http);
            return Results.Json(await engine.ExecuteAsync(c => c.Engine.SetAccountState(id, scope.ProgramNo, body!.State, body.CustomerStatus, body.Reason)), EventJson.Options);
        });

        v1.MapPost("/cards", async (HttpContext http) =>
        {
            var (body, error) = await Read<CreateCardRequest>(http);
            if (error is not null)
            {
                return error;
            }

            var scope = ApiScope.Get(http);
            var card = await engine.ExecuteAsync(c => c.Engine.IssueCard(body!.AccountId!, scope.ProgramNo, body.Pan, body.Expiry, body.Type, body.State, body.Controls, body.Cvv2, body.Pin, body.Id));
            return Results.Json(card, EventJson.Options, statusCode: 201);
        });

        v1.MapGet("/cards/{id}", async (HttpContext http, string id) =>
            Results.Json(await engine.ExecuteAsync(c => c.Engine.GetCard(id, ApiScope.Get(http).ProgramNo)), EventJson.Options));

        v1.MapPost("/cards/{id}/state", async (HttpContext http, string id) =>
        {
            var (body, error) = await Read<CardStateRequest>(http);
            if (error is not null)
            {
                return error;
            }

            var scope = ApiScope.Get(http);
            return Results.Json(await engine.ExecuteAsync(c => c.Engine.ChangeCardState(id, scope.ProgramNo, body!.State, body.Reason)), EventJson.Options);
        });

        v1.MapPut("/cards/{id}/controls", async (HttpContext http, string id) =>
        {
            var (body, error) = await Read<CardControls>(http);
            if (error is not null)
            {
                return error;
            }

            var scope = ApiScope.Get(http);
            return Results.Json(await engine.ExecuteAsync(c => c.Engine.SetControls(id, scope.ProgramNo, body)), EventJson.Options);
        });

        v1.MapPost("/import", async Task<IResult> (HttpContext http) => await Import(Unlimited(http), engine));
        v1.MapPost("/clearing", async Task<IResult> (HttpContext http) => await Clearing(Unlimited(http), engine));
        return app;
    }

    /// <summary>
    /// Bulk files stream through line by line, so Kestrel's 30 MB body limit (which a million-card file, about
    /// 350 MB, exceeds) does not apply to them; every other endpoint keeps it.
    /// </summary>
    private static HttpContext Unlimited(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        return http;
    }

    private static async Task<IResult> Money(HttpContext http, Engine.Engine engine, string id, bool credit)
    {
        var (body, error) = await Read<MoneyRequest>(http);
        if (error is not null)
        {
            return error;
        }

        if (body!.Amount is null)
        {
            return Error(400, "amount", "amount is required");
        }

        MoneyDetails? details = null;
        if (body.Method is not null || body.Country is not null || body.Counterparty is not null)
        {
            if (body.Method is not null && !MoneyDetails.Methods.Contains(body.Method))
            {
                return Error(400, "method", "method must be one of " + string.Join(", ", MoneyDetails.Methods));
            }

            if (body.Country is not null && (body.Country.Length != 2 || !body.Country.All(char.IsAsciiLetterUpper)))
            {
                return Error(400, "country", "country must be an ISO 3166 alpha-2 code such as US");
            }

            if (body.Counterparty is not null && (body.Counterparty.Length is 0 or > 64 || body.Counterparty.Any(char.IsControl)))
            {
                return Error(400, "counterparty", "counterparty must be 1 to 64 characters");
            }

            details = new MoneyDetails(body.Method, body.Country, body.Counterparty);
        }

        var scope = ApiScope.Get(http);
        var result = await engine.ExecuteAsync(c => c.Engine.MoveMoney(id, scope.ProgramNo, body.Amount.Value, body.Reference, credit, body.Force == true && scope.Admin, details));
        return Results.Json(result, EventJson.Options);
    }

    /// <summary>
    /// Bulk provisioning. Lines are parsed, checked and (for cards) tokenized and hashed on this request's thread
    /// while the engine applies earlier batches, so the engine thread does only the stateful part and never waits
    /// for a batch's group commit before starting the next. Batches are applied, and their results read, in order.
    /// </summary>
    private static async Task<IResult> Import(HttpContext http, Engine.Engine engine)
    {
        var scope = ApiScope.Get(http);
        var errors = new List<ImportError>();
        int lines = 0, imported = 0, failed = 0;
        var batch = new List<ImportWork>(ImportBatch);
        var running = new Queue<Task<ImportError?[]>>();
        using var reader = new StreamReader(http.Request.Body);
        while (true)
        {
            var text = await reader.ReadLineAsync(http.RequestAborted);
            if (text is not null && string.IsNullOrWhiteSpace(text))
            {
                lines++;
                continue;
            }

            if (text is not null)
            {
                lines++;
                batch.Add(Prepare(engine, lines, text));
            }

            if (batch.Count == ImportBatch || (text is null && batch.Count > 0))
            {
                var work = batch.ToArray();
                batch.Clear();
                if (running.Count == ImportBatchesInFlight)
                {
                    Tally(await running.Dequeue());
                }

                running.Enqueue(engine.ExecuteAsync(c => Array.ConvertAll(work, w => ImportOne(c.Engine, scope, w))));
            }

            if (text is null)
            {
                break;
            }
        }

        while (running.Count > 0)
        {
            Tally(await running.Dequeue());
        }

        if (lines == 0)
        {
            return Error(400, null, "the body holds no lines");
        }

        return Results.Json(new ImportResult(lines, imported, failed, errors), EventJson.Options);

        void Tally(ImportError?[] results)
        {
            foreach (var r in results)
            {
                if (r is null)
                {
                    imported++;
                    continue;
                }

                failed++;
                if (errors.Count < 100)
                {
                    errors.Add(r);
                }
            }
        }
    }

    private static ImportWork Prepare(Engine.Engine engine, int line, string text)
    {
        ImportLine? item;
        try
        {
            item = JsonSerializer.Deserialize<ImportLine>(text, EventJson.Options);
        }
        catch (JsonException e)
        {
            return new ImportWork(line, null, "line is not valid JSON: " + e.Message, null);
        }

        var card = item?.Type == "card"
            ? Engine.Engine.PrepareCard(engine.Tokenizer, item.Pan, item.Expiry, item.CardType, item.State, item.Controls, item.Cvv2, item.Pin, item.Id)
            : null;
        return new ImportWork(line, item, null, card);
    }

    private static ImportError? ImportOne(Engine.Engine engine, ApiScope scope, ImportWork work)
    {
        var (line, item, parseError, card) = work;
        if (parseError is not null || item is null)
        {
            return new ImportError(line, null, parseError ?? "empty line");
        }

        try
        {
            switch (item.Type)
            {
                case "program":
                    if (!scope.Admin)
                    {
                        return new ImportError(line, "type", "only the administrator creates programs");
                    }

                    engine.CreateProgram(item.Id!, item.Name!, item.Bins, item.Settings);
                    return null;
                case "account":
                    engine.OpenAccountOnly(item.Id, scope.Admin ? item.ProgramId! : scope.ProgramId!, item.Currency, item.OverdraftLimit);
                    return null;
                case "card":
                    engine.IssueCard(item.AccountId!, scope.ProgramNo, card!);
                    return null;
                case "credit":
                    engine.MoveMoney(item.AccountId ?? "", scope.ProgramNo, item.Amount ?? 0, item.Reference, credit: true);
                    return null;
                default:
                    return new ImportError(line, "type", "type must be program, account, card or credit");
            }
        }
        catch (CommandException e)
        {
            return new ImportError(line, e.Field, e.Message);
        }
    }

    /// <summary>One parsed import line; a card's stateless checks and hashes are already done.</summary>
    private sealed record ImportWork(int Line, ImportLine? Item, string? ParseError, PreparedCard? Card);

    private static async Task<IResult> Clearing(HttpContext http, Engine.Engine engine)
    {
        if (!ApiScope.Get(http).Admin)
        {
            return Error(403, null, "only the administrator imports clearing files");
        }

        var results = new List<object>();
        var line = 0;
        using var reader = new StreamReader(http.Request.Body);
        while (await reader.ReadLineAsync(http.RequestAborted) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            ClearingRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<ClearingRecord>(text, EventJson.Options);
            }
            catch (JsonException e)
            {
                results.Add(new ImportError(line, null, "line is not valid JSON: " + e.Message));
                continue;
            }

            if (record is null)
            {
                results.Add(new ImportError(line, null, "line is not a clearing record"));
                continue;
            }

            try
            {
                results.Add(await engine.ExecuteAsync(c => c.Engine.Clear(record)));
            }
            catch (CommandException e)
            {
                results.Add(new ImportError(line, e.Field, e.Message));
            }
        }

        return Results.Json(results, EventJson.Options);
    }

    /// <summary>A program key may only act in its own program; the administrator names one.</summary>
    private static string Scoped(HttpContext http, string? programId)
    {
        var scope = ApiScope.Get(http);
        if (scope.Admin)
        {
            return programId ?? throw CommandException.BadRequest("programId", "programId is required");
        }

        if (programId is not null && programId != scope.ProgramId)
        {
            throw CommandException.NotFound("program");
        }

        return scope.ProgramId!;
    }

    private static async Task<(T? Value, IResult? Error)> Read<T>(HttpContext http, bool allowEmpty = false)
        where T : class
    {
        try
        {
            if (allowEmpty && http.Request.ContentLength is 0 or null && !http.Request.Headers.ContainsKey("Transfer-Encoding"))
            {
                return (null, null);
            }

            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, EventJson.Options, http.RequestAborted);
            return value is null && !allowEmpty ? (null, Error(400, null, "a JSON body is required")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            return (null, Error(400, field, "the body is not valid JSON for this request: " + e.Message));
        }
    }

    private static IResult Error(int status, string? field, string message) =>
        Results.Json(new { error = new { field, message } }, EventJson.Options, statusCode: status);
}
