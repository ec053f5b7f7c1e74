using System.Text.Json.Serialization;

namespace Baas.Compliance.Screening.Http;

/// <summary>What is wrong with a screening request: the field (null when it is the body itself) and why.</summary>
/// <param name="Field">The request field, e.g. <c>name</c>, <c>dob</c>, <c>ids[2]</c>.</param>
/// <param name="Message">A sentence for a person.</param>
public sealed record ScreeningError([property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Field, string Message);

/// <summary>The body of a 400: <c>{"error":{"field":...,"message":...}}</c>.</summary>
/// <param name="Error">The error.</param>
public sealed record ScreeningErrorResponse(ScreeningError Error);
