using System.Text.Encodings.Web;
using System.Text.Json;

namespace Baas.Compliance.Screening.Http;

/// <summary>
/// The JSON context the API and the command line write with: <see cref="ScreeningJsonContext"/> with relaxed
/// escaping, so reasons read <c>"name matched primary "X" (+0.02)"</c> rather than <c>\u0022</c> and <c>\u002B</c>
/// (responses are <c>application/json</c>, never embedded in HTML).
/// </summary>
public static class ScreeningJson
{
    /// <summary>The context.</summary>
    public static ScreeningJsonContext Context { get; } = new(new JsonSerializerOptions(ScreeningJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
