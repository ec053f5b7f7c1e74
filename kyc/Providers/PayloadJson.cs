using System.Globalization;
using System.Text.Json;

namespace Baas.Kyc.Providers;

/// <summary>Strict reading of vendor JSON: every problem becomes a <see cref="ProviderPayloadException"/> naming the field.</summary>
internal static class PayloadJson
{
    /// <summary>Bodies above this are refused before parsing; verification results are small.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>At most this many reasons are kept.</summary>
    public const int MaxReasons = 20;

    /// <summary>Each kept reason is cut to this many characters.</summary>
    public const int MaxReasonLength = 100;

    /// <summary>Ids (check, customer, event) are at most this long.</summary>
    public const int MaxIdLength = 100;

    private const int MaxTextLength = 200;

    // Duplicate keys are refused: two readers of one signed body must never see different values.
    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 16,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses the whole body as one JSON object.</summary>
    public static JsonDocument ParseObject(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new ProviderPayloadException("the body is empty", "");
        }

        if (body.Length > MaxBodyBytes)
        {
            throw new ProviderPayloadException($"the body is larger than {MaxBodyBytes} bytes", "");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), Options);
        }
        catch (JsonException e)
        {
            // The position, not the parser's message: that message quotes the body.
            throw new ProviderPayloadException($"the body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", "");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Checking for duplicate names unescapes them, and an escaped unpaired surrogate cannot be unescaped.
            throw new ProviderPayloadException("the body is not valid UTF-8 JSON text", "");
        }

        try
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ProviderPayloadException("the body must be a JSON object", "");
            }

            CheckText(document.RootElement, "");
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The last line of the "only ProviderPayloadException" contract: what System.Text.Json throws for data it
    /// cannot read, turned into a payload error that names no value.
    /// </summary>
    public static bool IsReadFailure(Exception e) =>
        e is JsonException or InvalidOperationException or FormatException or ArgumentException;

    /// <summary>The payload error for a failure <see cref="IsReadFailure"/> accepted.</summary>
    public static ProviderPayloadException ReadFailure(Exception e) =>
        new($"the payload could not be read ({e.GetType().Name})", "");

    /// <summary>A required object member.</summary>
    public static JsonElement RequiredObject(JsonElement parent, string name, string path) =>
        OptionalObject(parent, name, path) ?? throw Missing(path, "an object");

    /// <summary>An optional object member; absent or null gives null.</summary>
    public static JsonElement? OptionalObject(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw WrongType(path, "an object");
    }

    /// <summary>A required, non-blank string member of at most <paramref name="maxLength"/> characters.</summary>
    public static string RequiredString(JsonElement parent, string name, string path, int maxLength = MaxTextLength) =>
        OptionalString(parent, name, path, maxLength) ?? throw Missing(path, "a string");

    /// <summary>An optional string member; absent or null gives null, blank is refused.</summary>
    public static string? OptionalString(JsonElement parent, string name, string path, int maxLength = MaxTextLength)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = StringOf(value, path);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ProviderPayloadException($"{path} must not be blank", path);
        }

        return text.Length <= maxLength
            ? text
            : throw new ProviderPayloadException($"{path} is longer than {maxLength} characters", path);
    }

    /// <summary>A required string member that must be one of <paramref name="allowed"/> (compared exactly).</summary>
    public static string RequiredChoice(JsonElement parent, string name, string path, params string[] allowed)
    {
        var text = RequiredString(parent, name, path);
        return Array.IndexOf(allowed, text) >= 0
            ? text
            : throw new ProviderPayloadException($"{path} must be one of: {string.Join(", ", allowed)}", path);
    }

    /// <summary>An optional string member that must be one of <paramref name="allowed"/> when present.</summary>
    public static string? OptionalChoice(JsonElement parent, string name, string path, params string[] allowed)
    {
        var text = OptionalString(parent, name, path);
        return text is null || Array.IndexOf(allowed, text) >= 0
            ? text
            : throw new ProviderPayloadException($"{path} must be one of: {string.Join(", ", allowed)}", path);
    }

    /// <summary>An optional boolean member.</summary>
    public static bool? OptionalBoolean(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(path, "true or false"),
        };
    }

    /// <summary>An optional number member between 0 and 1 inclusive.</summary>
    public static double? OptionalScore(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var score) || !double.IsFinite(score))
        {
            throw WrongType(path, "a number");
        }

        return score is >= 0 and <= 1
            ? score
            : throw new ProviderPayloadException($"{path} must be between 0 and 1", path);
    }

    /// <summary>An optional calendar date written <c>YYYY-MM-DD</c>.</summary>
    public static DateOnly? OptionalDate(JsonElement parent, string name, string path)
    {
        var text = OptionalString(parent, name, path, 10);
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ProviderPayloadException($"{path} must be a date written YYYY-MM-DD", path);
    }

    /// <summary>
    /// An array of strings (absent or null gives an empty list); every item must be a string, and the list is capped
    /// at <see cref="MaxReasons"/> items of <see cref="MaxReasonLength"/> characters, lowercased when asked.
    /// </summary>
    public static IReadOnlyList<string> StringList(JsonElement parent, string name, string path, bool lowercase)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(path, "an array of strings");
        }

        var list = new List<string>(Math.Min(value.GetArrayLength(), MaxReasons));
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                throw WrongType(itemPath, "a string");
            }

            var text = StringOf(item, itemPath).Trim();
            if (text.Length == 0 || list.Count == MaxReasons)
            {
                continue;
            }

            text = Cut(text, MaxReasonLength);
            list.Add(lowercase ? text.ToLowerInvariant() : text);
        }

        return list;
    }

    /// <summary>An optional address object; <paramref name="postalCodeName"/> is the vendor's spelling of the postal code.</summary>
    public static PostalAddress? OptionalAddress(JsonElement parent, string name, string path, string postalCodeName)
    {
        if (OptionalObject(parent, name, path) is not { } address)
        {
            return null;
        }

        // A document may not show every part; line 1, city and country are what a comparison needs.
        return new PostalAddress(
            RequiredString(address, "line1", path + ".line1"),
            OptionalString(address, "line2", path + ".line2"),
            RequiredString(address, "city", path + ".city"),
            OptionalString(address, "state", path + ".state") ?? "",
            OptionalString(address, postalCodeName, path + "." + postalCodeName) ?? "",
            RequiredString(address, "country", path + ".country", 2));
    }

    /// <summary>A missing member.</summary>
    public static ProviderPayloadException Missing(string path, string what) => new($"{path} is required ({what})", path);

    /// <summary>A member of the wrong JSON type.</summary>
    public static ProviderPayloadException WrongType(string path, string what) => new($"{path} must be {what}", path);

    // Every string is decoded once up front, so an escaped unpaired surrogate ("\ud800") is refused here, naming
    // where it is, instead of surfacing later as an InvalidOperationException.
    private static void CheckText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // Names were decoded by the duplicate check in Parse; an undecodable one never gets here.
                foreach (var property in element.EnumerateObject())
                {
                    CheckText(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckText(item, $"{path}[{index++}]");
                }

                break;
            case JsonValueKind.String:
                StringOf(element, path);
                break;
        }
    }

    private static string StringOf(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongType(path, "a string");
        }

        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw new ProviderPayloadException($"{path} is not valid UTF-16 text (an unpaired surrogate)", path);
        }
    }

    private static string Cut(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        // Never leave half of a surrogate pair at the end.
        var end = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return text[..end];
    }
}
