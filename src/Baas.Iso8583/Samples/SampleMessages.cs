using Baas.Iso8583.Subfields;

namespace Baas.Iso8583.Samples;

/// <summary>
/// Reference messages for demos, tests and benchmarks: realistic field values, test card numbers only.
/// </summary>
public static class SampleMessages
{
    /// <summary>A test PAN (Luhn-valid, in the 400000 test BIN).</summary>
    public const string TestPan = "4000001234567899";

    /// <summary>
    /// The typical chip purchase 0100 the benchmarks use: fields 2, 3, 4, 7, 11, 12, 14, 18, 22, 25, 35, 37, 41,
    /// 42, 43, 49 and a DE55 of 17 EMV tags (110 bytes).
    /// </summary>
    public static void TypicalAuthorization(IsoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Clear();
        message.Mti = 100;
        message.Set(IsoField.Pan, TestPan);
        message.Set(IsoField.ProcessingCode, "000000");
        message.Set(IsoField.AmountTransaction, "000000012345");
        message.Set(IsoField.TransmissionDateTime, "1121143015");
        message.Set(IsoField.Stan, "123456");
        message.Set(IsoField.LocalTime, "093015");
        message.Set(IsoField.Expiry, "2812");
        message.Set(IsoField.MerchantType, "5411");
        message.Set(IsoField.PosEntryMode, "051");
        message.Set(IsoField.PosConditionCode, "00");
        message.Set(IsoField.Track2, TestPan + "=28122011234567890");
        message.Set(IsoField.Rrn, "532514123456");
        message.Set(IsoField.TerminalId, "TERM0001");
        message.Set(IsoField.MerchantId, "MERCHANT0000001");
        Span<byte> location = stackalloc byte[MerchantLocation.Length];
        MerchantLocation.Write("CORNER GROCERY STORE"u8, "SPRINGFIELD"u8, "US"u8, location);
        message.Set(IsoField.MerchantLocation, location);
        message.Set(IsoField.CurrencyTransaction, "840");
        message.Set(IsoField.IccData, EmvData);
    }

    /// <summary>Seventeen EMV tags as a chip card and terminal send them for an online authorization.</summary>
    public static byte[] EmvData { get; } = BuildEmv();

    private static byte[] BuildEmv()
    {
        (uint Tag, string Hex)[] tags =
        [
            (0x9F02, "000000012345"), // amount, authorised
            (0x9F03, "000000000000"), // amount, other
            (0x9F1A, "0840"), // terminal country
            (0x95, "0000008000"), // terminal verification results
            (0x5F2A, "0840"), // transaction currency
            (0x9A, "261121"), // transaction date
            (0x9C, "00"), // transaction type
            (0x9F37, "9BADBCAB"), // unpredictable number
            (0x82, "1980"), // application interchange profile
            (0x84, "A0000000031010"), // dedicated file name (AID)
            (0x9F10, "06010A03A00000"), // issuer application data
            (0x9F26, "0123456789ABCDEF"), // application cryptogram (ARQC)
            (0x9F27, "80"), // cryptogram information data
            (0x9F33, "E0F8C8"), // terminal capabilities
            (0x9F34, "1F0302"), // CVM results
            (0x9F36, "0042"), // application transaction counter
            (0x9F35, "22"), // terminal type
        ];
        var buffer = new byte[256];
        var pos = 0;
        foreach (var (tag, hex) in tags)
        {
            pos += BerTlv.Write(tag, Convert.FromHexString(hex), buffer.AsSpan(pos));
        }

        return buffer.AsSpan(0, pos).ToArray();
    }
}
