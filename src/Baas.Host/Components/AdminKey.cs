using System.Security.Cryptography;
using System.Text;
using Baas.Events;
using Microsoft.AspNetCore.Http;

namespace Baas.Host.Components;

/// <summary>The administrator's bearer key check and the error body shared by the ledger and compliance APIs.</summary>
internal static class AdminKey
{
    /// <summary>True when the request carries <c>Authorization: Bearer {adminKey}</c> (compared in constant time); false when no key is configured.</summary>
    public static bool IsAdmin(HttpContext http, string? adminKey)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(adminKey) || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(adminKey));
    }

    /// <summary><c>{"error": message}</c> with <paramref name="status"/>.</summary>
    public static IResult Error(int status, string message) => Results.Json(new { error = message }, EventJson.Options, statusCode: status);
}
