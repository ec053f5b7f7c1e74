using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baas.Compliance.Screening.Http;

/// <summary>Source-generated JSON for the screening API: camelCase, nulls omitted (except an error's field).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(ScreeningRequest))]
[JsonSerializable(typeof(ScreeningResponse))]
[JsonSerializable(typeof(ScreeningErrorResponse))]
[JsonSerializable(typeof(ScreeningListResponse))]
public sealed partial class ScreeningJsonContext : JsonSerializerContext;
