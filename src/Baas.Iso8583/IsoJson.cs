using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Baas.Iso8583.Specs;

namespace Baas.Iso8583;

/// <summary>
/// The JSON shape of a message used by the command line and tests:
/// <c>{"mti":"0100","fields":{"2":"...","3":"000000"}}</c>. Values are strings as carried: numerics keep
/// leading zeros, binary fields are upper-case hex. Card numbers (DE2, DE34, and the PAN inside DE35 and DE45)
/// are masked unless asked otherwise.
/// </summary>
public static class IsoJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the message as one JSON object.</summary>
    public static string Write(IsoMessage message, MessageSpec spec, bool unmask = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(spec);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            if (message.Mti >= 0)
            {
                w.WriteString("mti", message.Mti.ToString("D4"));
            }

            w.WriteStartObject("fields");
            foreach (var field in message.Fields)
            {
                w.WriteString(field.ToString(), Display(message, spec, field, unmask));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The display string of one field: hex for binary content, masked where it holds a PAN.</summary>
    public static string Display(IsoMessage message, MessageSpec spec, int field, bool unmask = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(spec);
        var value = message.Get(field);
        if (spec[field]?.Content == ContentClass.B)
        {
            return Hex.ToString(value);
        }

        if (unmask || field is not (IsoField.Pan or 34 or IsoField.Track2 or IsoField.Track1))
        {
            return System.Text.Encoding.Latin1.GetString(value);
        }

        var masked = value.ToArray();
        switch (field)
        {
            case IsoField.Track2:
                PanMask.MaskTrack2(value, masked);
                break;
            case IsoField.Track1:
                PanMask.MaskTrack1(value, masked);
                break;
            default:
                PanMask.Mask(value, masked);
                break;
        }

        return System.Text.Encoding.Latin1.GetString(masked);
    }

    /// <summary>
    /// Reads the JSON shape into <paramref name="message"/>. Returns false with the field and a reason when the
    /// JSON does not describe a message of this profile (a missing MTI, an unknown field, bad hex).
    /// </summary>
    public static bool TryRead(string json, MessageSpec spec, IsoMessage message, out int errorField, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(message);
        message.Clear();
        errorField = 0;
        reason = null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            reason = "input is not valid JSON: " + e.Message;
            return false;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("mti", out var mtiElement)
                || mtiElement.ValueKind != JsonValueKind.String
                || mtiElement.GetString() is not { Length: 4 } mtiText
                || !int.TryParse(mtiText, System.Globalization.NumberStyles.None, null, out var mti))
            {
                reason = "\"mti\" must be a string of 4 digits";
                return false;
            }

            message.Mti = mti;
            if (!root.TryGetProperty("fields", out var fields))
            {
                return true;
            }

            if (fields.ValueKind != JsonValueKind.Object)
            {
                reason = "\"fields\" must be an object";
                return false;
            }

            foreach (var property in fields.EnumerateObject())
            {
                if (!int.TryParse(property.Name, System.Globalization.NumberStyles.None, null, out var field)
                    || field is < 2 or > IsoMessage.MaxField || field == 65)
                {
                    reason = $"field key '{property.Name}' must be a field number 2-192 other than 65";
                    return false;
                }

                errorField = field;
                var spec1 = spec[field];
                if (spec1 is null)
                {
                    reason = "field not defined in profile";
                    return false;
                }

                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    reason = "value must be a string";
                    return false;
                }

                var text = property.Value.GetString()!;
                if (spec1.Content == ContentClass.B)
                {
                    var bytes = new byte[text.Length / 2];
                    if (!Hex.TryDecode(System.Text.Encoding.ASCII.GetBytes(text), bytes))
                    {
                        reason = "bad hex";
                        return false;
                    }

                    message.Set(field, bytes);
                }
                else
                {
                    if (text.Any(c => c > 0xFF))
                    {
                        reason = "value has characters outside Latin-1";
                        return false;
                    }

                    message.Set(field, text);
                }
            }

            errorField = 0;
            return true;
        }
    }
}
