using System.Security.Cryptography;
using System.Text;
using Baas.Authorizer.State;
using Microsoft.AspNetCore.Http;

namespace Baas.Authorizer.Api;

/// <summary>Who is calling: the administrator (every program) or one program's key.</summary>
public sealed record ApiScope(bool Admin, int? ProgramNo, string? ProgramId)
{
    private const string ItemKey = "baas.scope";

    public static ApiScope Get(HttpContext context) => (ApiScope)context!.Items[ItemKey]!;

    /// <summary>Checks the bearer key; null when it is missing or unknown.</summary>
    public static ApiScope? Authenticate(HttpContext context, string adminKey, ProgramRegistry registry)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        var key = header["Bearer ".Length..].Trim();
        ApiScope? scope = null;
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(adminKey)))
        {
            scope = new ApiScope(true, null, null);
        }
        else if (key.Length > 0 && registry.TryGetByKeyHash(Engine.Engine.KeyHash(key), out var program))
        {
            scope = new ApiScope(false, program.ProgramNo, program.ProgramId);
        }

        if (scope is not null)
        {
            context.Items[ItemKey] = scope;
        }

        return scope;
    }
}
