using System.Globalization;
using Baas.Iso8583;
using Baas.Iso8583.Subfields;

namespace Baas.Authorizer.Tests.Harness;

/// <summary>Builds network requests the way an acquirer would: keys (DE32, DE41, DE11, DE7) unique per call.</summary>
public static class Requests
{
    private static int _stan;

    public const string Acquirer = "123456";

    public static string NextStan() => (Interlocked.Increment(ref _stan) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>A 0100 purchase (or another MTI / processing code) with everything an acquirer sends.</summary>
    public static IsoMessage Authorization(string pan, long amount, string processingCode = "000000", int mti = 100, string mcc = "5411", string? stan = null, string entryMode = "051", string condition = "00", string currency = "840", string? de48 = null, string country = "US", string expiry = "2812")
    {
        var m = new IsoMessage { Mti = mti };
        stan ??= NextStan();
        m.Set(IsoField.Pan, pan);
        m.Set(IsoField.ProcessingCode, processingCode);
        m.SetNumber(IsoField.AmountTransaction, amount, 12);
        m.Set(IsoField.TransmissionDateTime, "1121" + stan[..6]);
        m.Set(IsoField.Stan, stan);
        m.Set(IsoField.LocalTime, "120000");
        m.Set(IsoField.Expiry, expiry);
        m.Set(IsoField.MerchantType, mcc);
        m.Set(IsoField.PosEntryMode, entryMode);
        m.Set(IsoField.PosConditionCode, condition);
        m.Set(IsoField.AcquirerId, Acquirer);
        m.Set(IsoField.Rrn, "6325" + stan.PadLeft(8, '0'));
        m.Set(IsoField.TerminalId, "TERM0001");
        m.Set(IsoField.MerchantId, "MERCHANT0000001");
        Span<byte> location = stackalloc byte[MerchantLocation.Length];
        MerchantLocation.Write("TEST MERCHANT"u8, "SPRINGFIELD"u8, System.Text.Encoding.ASCII.GetBytes(country), location);
        m.Set(IsoField.MerchantLocation, location);
        m.Set(IsoField.CurrencyTransaction, currency);
        if (de48 is not null)
        {
            m.Set(IsoField.AdditionalDataPrivate, de48);
        }

        return m;
    }

    /// <summary>A reversal (0400 or 0420) of <paramref name="original"/>; with <paramref name="actual"/>, partial (DE95).</summary>
    public static IsoMessage Reversal(IsoMessage original, long? actual = null, int mti = 400, bool zeroDe90 = false)
    {
        var m = new IsoMessage { Mti = mti };
        var stan = NextStan();
        foreach (var f in new[] { IsoField.Pan, IsoField.ProcessingCode, IsoField.AmountTransaction, IsoField.MerchantType, IsoField.AcquirerId, IsoField.Rrn, IsoField.TerminalId, IsoField.MerchantId, IsoField.CurrencyTransaction, IsoField.PosEntryMode })
        {
            m.CopyFrom(original, f);
        }

        m.Set(IsoField.Stan, stan);
        m.Set(IsoField.TransmissionDateTime, "1122" + stan[..6]);
        original.TryGetInt64(IsoField.Stan, out var originalStan);
        original.TryGetInt64(IsoField.TransmissionDateTime, out var originalTime);
        var ode = zeroDe90 ? default : new OriginalDataElements(original.Mti, (int)originalStan, originalTime, long.Parse(Acquirer, CultureInfo.InvariantCulture), 0);
        Span<byte> de90 = stackalloc byte[OriginalDataElements.Length];
        ode.WriteTo(de90);
        m.Set(IsoField.OriginalDataElements, de90);
        if (actual is { } a)
        {
            Span<byte> de95 = stackalloc byte[ReplacementAmounts.Length];
            new ReplacementAmounts(a, a, 0, 0).WriteTo(de95);
            m.Set(IsoField.ReplacementAmounts, de95);
        }

        return m;
    }

    /// <summary>A 0220 completion of <paramref name="original"/> for <paramref name="amount"/>.</summary>
    public static IsoMessage Completion(IsoMessage original, long amount, bool final = true)
    {
        var m = Reversal(original, mti: 220);
        m.SetNumber(IsoField.AmountTransaction, amount, 12);
        if (!final)
        {
            m.Set(IsoField.AdditionalDataPrivate, "FC0010");
        }

        return m;
    }

    /// <summary>The same request again: a retransmission with the same matching key.</summary>
    public static IsoMessage Copy(IsoMessage original, int? mti = null)
    {
        var m = new IsoMessage();
        m.CopyAllFrom(original);
        if (mti is { } value)
        {
            m.Mti = value;
        }

        return m;
    }

    /// <summary>A network management request (0800) with DE70 <paramref name="code"/> (001 sign-on, 002 sign-off, 301 echo).</summary>
    public static IsoMessage NetworkManagement(string code)
    {
        var stan = NextStan();
        var m = new IsoMessage { Mti = 800 };
        m.Set(IsoField.TransmissionDateTime, "1121" + stan);
        m.Set(IsoField.Stan, stan);
        m.Set(IsoField.AcquirerId, Acquirer);
        m.Set(IsoField.NetworkManagementCode, code);
        return m;
    }

    public static string Code(this IsoMessage response) => response.GetString(IsoField.ResponseCode) ?? "";
}
