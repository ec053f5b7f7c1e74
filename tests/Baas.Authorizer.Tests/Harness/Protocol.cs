using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Baas.Events;
using Baas.Events.Log;
using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Specs;
using Baas.Iso8583.Subfields;

namespace Baas.Authorizer.Tests.Harness;

/// <summary>More requests an acquirer sends: incrementals, advices, PIN transactions, network management.</summary>
public static class MoreRequests
{
    /// <summary>The zone PIN key the test authorizer runs with (the default).</summary>
    public const string ZonePinKey = "0123456789ABCDEFFEDCBA9876543210";

    /// <summary>Sets DE90 of <paramref name="message"/> to point at <paramref name="original"/>.</summary>
    public static IsoMessage PointingAt(this IsoMessage message, IsoMessage original)
    {
        original.TryGetInt64(IsoField.Stan, out var stan);
        original.TryGetInt64(IsoField.TransmissionDateTime, out var time);
        original.TryGetInt64(IsoField.AcquirerId, out var acquirer);
        Span<byte> de90 = stackalloc byte[OriginalDataElements.Length];
        new OriginalDataElements(original.Mti, (int)stan, time, acquirer, 0).WriteTo(de90);
        message.Set(IsoField.OriginalDataElements, de90);
        return message;
    }

    /// <summary>An incremental authorization (AI=I) for <paramref name="original"/>: by DE90, or only by the same RRN.</summary>
    public static IsoMessage Incremental(IsoMessage original, long amount, bool byRrnOnly = false)
    {
        var m = Requests.Authorization(original.GetString(IsoField.Pan)!, amount, mcc: original.GetString(IsoField.MerchantType)!, de48: "AI001I");
        if (byRrnOnly)
        {
            m.Set(IsoField.Rrn, original.Get(IsoField.Rrn));
        }
        else
        {
            m.PointingAt(original);
        }

        return m;
    }

    /// <summary>An authorization advice (0120) of a stand-in decision; <paramref name="networkCode"/> is the network's DE39.</summary>
    public static IsoMessage Advice(string pan, long amount, string networkCode = "00", int mti = 120)
    {
        var m = Requests.Authorization(pan, amount, mti: mti);
        m.Set(IsoField.ResponseCode, networkCode);
        if (networkCode == "00")
        {
            m.Set(IsoField.ApprovalCode, "SI1234");
        }

        return m;
    }

    /// <summary>Adds DE52: an ISO 9564 format-0 PIN block under the zone PIN key.</summary>
    public static IsoMessage WithPin(this IsoMessage message, string pin)
    {
        var pan = message.GetString(IsoField.Pan)!;
        // The double-length key in its triple-length form (K1 K2 K1): the same cipher, and OpenSSL 3 takes only this form.
        var key = Convert.FromHexString(ZonePinKey);
        message.Set(IsoField.PinData, Engine.Security.EncryptPinBlock(key, pan, pin));
        return message;
    }

    /// <summary>The framed bytes of a request (binary2, ascii profile) as the test client sends them.</summary>
    public static byte[] Frame(IsoMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        if (!FrameFormat.Binary2.TryWrite(IsoCodec.For(Profiles.Resolve("ascii")), message, default, writer, out var error))
        {
            throw new InvalidOperationException("cannot pack: " + error);
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The framed bytes of <paramref name="request"/> with DE3 or DE4 overwritten by <paramref name="text"/> (same
    /// length, not digits): the MTI and DE11 stay readable, the field is malformed.
    /// </summary>
    public static byte[] FrameWithBadField(IsoMessage request, int field, string text)
    {
        Assert.True(field is IsoField.ProcessingCode or IsoField.AmountTransaction);
        var bytes = Frame(request);
        var pan = request.GetString(IsoField.Pan)!;

        // Length prefix (2), MTI (4), primary bitmap (16 hex), DE2 (LL + PAN), DE3 (6), DE4 (12).
        var at = 2 + 4 + 16 + 2 + pan.Length + (field == IsoField.AmountTransaction ? 6 : 0);
        var original = request.GetString(field)!;
        Assert.Equal(original.Length, text.Length);
        Assert.Equal(original, System.Text.Encoding.ASCII.GetString(bytes, at, original.Length));
        System.Text.Encoding.ASCII.GetBytes(text).CopyTo(bytes, at);
        return bytes;
    }

    /// <summary>DE54 entries (20 characters each): account type, amount type, currency, signed amount.</summary>
    public static IReadOnlyList<(string AccountType, string AmountType, string Currency, long Amount)> AdditionalAmounts(this IsoMessage response)
    {
        var text = response.GetString(IsoField.AdditionalAmounts) ?? "";
        var list = new List<(string, string, string, long)>();
        for (var i = 0; i + 20 <= text.Length; i += 20)
        {
            var entry = text.Substring(i, 20);
            var amount = long.Parse(entry[8..], CultureInfo.InvariantCulture) * (entry[7] == 'D' ? -1 : 1);
            list.Add((entry[..2], entry[2..4], entry[4..7], amount));
        }

        Assert.Equal(text.Length, list.Count * 20);
        return list;
    }
}

/// <summary>The authorization log as tests read it: every record decoded and turned into JSON.</summary>
public static class AuthLog
{
    public static List<JsonElement> Read(TestAuthorizer auth)
    {
        var list = new List<JsonElement>();
        using var reader = new SegmentLogReader(auth.Engine.LogDirectory);
        var decoded = new LogEvent();
        while (reader.TryReadNext())
        {
            Assert.True(decoded.TryDecode(reader.Current), $"record {reader.LastSeq} does not decode");
            using var doc = JsonDocument.Parse(decoded.ToJson());
            list.Add(doc.RootElement.Clone());
        }

        return list;
    }

    /// <summary>The sequence of the last record in the log (0 when empty).</summary>
    public static long Head(TestAuthorizer auth)
    {
        var events = Read(auth);
        return events.Count == 0 ? 0 : events[^1].GetProperty("seq").GetInt64();
    }

    /// <summary>Card events of one account, oldest first, optionally of one type.</summary>
    public static List<JsonElement> ForAccount(TestAuthorizer auth, string accountId, string? type = null) =>
        [.. Read(auth).Where(e => e.Str("accountId") == accountId && e.TryGetProperty("mti", out _) && (type is null || e.Str("type") == type))];

    /// <summary>The newest card event of one account (of one type).</summary>
    public static JsonElement Last(TestAuthorizer auth, string accountId, string? type = null)
    {
        var events = ForAccount(auth, accountId, type);
        Assert.NotEmpty(events);
        return events[^1];
    }

    /// <summary>A string property, or null when absent.</summary>
    public static string? Str(this JsonElement e, string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    /// <summary>A boolean flag (flags are omitted from the JSON when false).</summary>
    public static bool Flag(this JsonElement e, string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.True;

    /// <summary>A number property.</summary>
    public static long Num(this JsonElement e, string name) => e.GetProperty(name).GetInt64();
}
