using System.Globalization;
using System.Text.Json;

namespace Baas.Kyc.Api;

/// <summary>Reads a <c>POST /v1/customers</c> body into a <see cref="CustomerApplication"/>, naming the field of the first problem.</summary>
public static class CustomerRequest
{
    private static readonly string[] SourcesOfFunds = ["salary", "savings", "business", "benefits", "investments", "gift", "crypto", "other"];

    /// <summary>The application; <see cref="KycException"/> (400) with the field when a required field is missing or has the wrong form.</summary>
    public static CustomerApplication Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new KycException(400, "the body is not valid JSON");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new KycException(400, "the body must be a JSON object");
            }

            var firstName = Text(root, "firstName", 100)!;
            var lastName = Text(root, "lastName", 100)!;
            var dob = Text(root, "dateOfBirth", 10)!;
            if (!DateOnly.TryParseExact(dob, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateOfBirth))
            {
                throw new KycException(400, "dateOfBirth must be a date YYYY-MM-DD", "dateOfBirth");
            }

            var address = Object(root, "address");
            var identifier = Object(root, "identifier");
            var funds = Text(root, "sourceOfFunds", 20, required: false);
            if (funds is not null && !SourcesOfFunds.Contains(funds))
            {
                throw new KycException(400, $"sourceOfFunds is one of {string.Join(", ", SourcesOfFunds)}", "sourceOfFunds");
            }

            long? volume = null;
            if (root.TryGetProperty("expectedMonthlyVolume", out var v) && v.ValueKind != JsonValueKind.Null)
            {
                volume = v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n : throw new KycException(400, "expectedMonthlyVolume is a non-negative integer in minor units", "expectedMonthlyVolume");
            }

            return new CustomerApplication(
                firstName,
                lastName,
                dateOfBirth,
                new PostalAddress(
                    Text(address, "line1", 100, prefix: "address.")!,
                    Text(address, "line2", 100, required: false, prefix: "address."),
                    Text(address, "city", 100, prefix: "address.")!,
                    Text(address, "state", 50, prefix: "address.")!,
                    Text(address, "postalCode", 12, prefix: "address.")!,
                    Text(address, "country", 2, prefix: "address.")!.ToUpperInvariant()),
                new PersonIdentifier(Text(identifier, "type", 20, prefix: "identifier.")!.ToLowerInvariant(), Text(identifier, "value", 40, prefix: "identifier.")!),
                Text(root, "nationality", 2)!.ToUpperInvariant(),
                Text(root, "programId", 64, required: false),
                funds,
                volume,
                Text(root, "occupation", 100, required: false));
        }
    }

    private static JsonElement Object(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : throw new KycException(400, $"{name} is required (an object)", name);

    private static string? Text(JsonElement parent, string name, int max, bool required = true, string prefix = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new KycException(400, $"{prefix}{name} is required", prefix + name) : null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new KycException(400, $"{prefix}{name} must be a string", prefix + name);
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0 && required)
        {
            throw new KycException(400, $"{prefix}{name} is required", prefix + name);
        }

        return text.Length > max ? throw new KycException(400, $"{prefix}{name} is at most {max} characters", prefix + name) : text.Length == 0 ? null : text;
    }
}
