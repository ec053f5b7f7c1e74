using System.Numerics;
using System.Text.Json;
using Baas.Payments.Ach;
using Baas.Payments.Orchestration;

namespace Baas.Payments.Api;

/// <summary>Reads a <c>POST /v1/payments</c> body, naming the field of the first problem (400).</summary>
public static class PaymentRequestParser
{
    private static readonly string[] Rails = ["auto", "ach", "ach_same_day", "rtp", "fednow", "wire"];

    /// <summary>The request; <see cref="PaymentException"/> (400) naming the field otherwise.</summary>
    public static PaymentRequest Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(body);
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            throw new PaymentException(400, "the body is not valid JSON");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PaymentException(400, "the body must be a JSON object");
            }

            var accountId = Text(root, "accountId", 64)!;
            var direction = Text(root, "direction", 6)!;
            if (direction is not ("credit" or "debit"))
            {
                throw new PaymentException(400, "direction is credit (push to the counterparty) or debit (pull from them)", "direction");
            }

            if (!root.TryGetProperty("amount", out var a) || a.ValueKind != JsonValueKind.Number || !a.TryGetInt64(out var amount) || amount <= 0)
            {
                throw new PaymentException(400, "amount is a positive integer in minor units", "amount");
            }

            var currency = Text(root, "currency", 3)!;
            if (currency != "USD")
            {
                throw new PaymentException(400, "currency: these rails settle USD", "currency");
            }

            if (!root.TryGetProperty("counterparty", out var c) || c.ValueKind != JsonValueKind.Object)
            {
                throw new PaymentException(400, "counterparty is required (an object)", "counterparty");
            }

            var rail = Text(root, "rail", 12, required: false) ?? "auto";
            if (!Rails.Contains(rail))
            {
                throw new PaymentException(400, $"rail is one of {string.Join(", ", Rails)}", "rail");
            }

            return new PaymentRequest(accountId, direction, amount, currency, Counterparty(c), rail, Text(root, "purpose", 140, required: false), Text(root, "requestedSettlement", 10, required: false));
        }
    }

    private static Counterparty Counterparty(JsonElement c)
    {
        var name = Text(c, "name", 140, prefix: "counterparty.")!;
        var iban = Text(c, "iban", 34, required: false, prefix: "counterparty.");
        var country = Text(c, "country", 2, required: false, prefix: "counterparty.")?.ToUpperInvariant();
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetter)))
        {
            throw new PaymentException(400, "counterparty.country is an ISO 3166 alpha-2 code such as US", "counterparty.country");
        }

        if (iban is not null)
        {
            iban = iban.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            if (!ValidIban(iban))
            {
                throw new PaymentException(400, "counterparty.iban is not a valid IBAN (its check digits do not match)", "counterparty.iban");
            }

            var bic = Text(c, "bic", 11, prefix: "counterparty.")!.ToUpperInvariant();
            if (bic.Length is not (8 or 11) || !bic[..6].All(char.IsAsciiLetter) || !bic.All(char.IsAsciiLetterOrDigit))
            {
                throw new PaymentException(400, "counterparty.bic is 8 or 11 characters (bank, country, location, branch)", "counterparty.bic");
            }

            return new Counterparty(name, null, null, null, iban, bic, country ?? iban[..2]);
        }

        var routing = Text(c, "routingNumber", 9, prefix: "counterparty.")!;
        if (!RoutingNumber.IsValid(routing))
        {
            throw new PaymentException(400, "counterparty.routingNumber is nine digits with a valid ABA check digit", "counterparty.routingNumber");
        }

        var account = Text(c, "accountNumber", 17, prefix: "counterparty.")!.ToUpperInvariant();
        if (account.Length < 4 || !account.All(char.IsAsciiLetterOrDigit))
        {
            throw new PaymentException(400, "counterparty.accountNumber is 4 to 17 letters or digits", "counterparty.accountNumber");
        }

        var type = Text(c, "accountType", 8, required: false, prefix: "counterparty.") ?? "checking";
        if (type is not ("checking" or "savings"))
        {
            throw new PaymentException(400, "counterparty.accountType is checking or savings", "counterparty.accountType");
        }

        return new Counterparty(name, routing, account, type, null, null, country ?? "US");
    }

    /// <summary>ISO 13616: move the first four characters to the end, letters to numbers, mod 97 is 1.</summary>
    private static bool ValidIban(string iban)
    {
        if (iban.Length is < 15 or > 34 || !iban.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetter(iban[0]) || !char.IsAsciiLetter(iban[1]))
        {
            return false;
        }

        var digits = string.Concat((iban[4..] + iban[..4]).Select(ch => char.IsAsciiDigit(ch) ? ch.ToString() : (ch - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) % 97 == 1;
    }

    private static string? Text(JsonElement parent, string name, int max, bool required = true, string prefix = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new PaymentException(400, $"{prefix}{name} is required", prefix + name) : null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new PaymentException(400, $"{prefix}{name} must be a string", prefix + name);
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            return required ? throw new PaymentException(400, $"{prefix}{name} is required", prefix + name) : null;
        }

        return text.Length > max ? throw new PaymentException(400, $"{prefix}{name} is at most {max} characters", prefix + name) : text;
    }
}
