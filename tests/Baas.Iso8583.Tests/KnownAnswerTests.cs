using Baas.Iso8583.Specs;
using Baas.Iso8583.Subfields;

namespace Baas.Iso8583.Tests;

/// <summary>
/// Byte-for-byte vectors written from the standard's layout (built independently of this codec), parsed and
/// packed in every profile.
/// </summary>
public sealed class KnownAnswerTests
{
    private const string Pan = "4000001234567899";

    public static TheoryData<string, string, string> Vectors => new()
    {
        // 0800 echo: secondary bitmap for DE70.
        {
            "ascii", "ascii_0800",
            "30383030383232303030303030303030303030303034303030303030303030303030303031313231313433303135303030303031333031"
        },
        // 0100: LLVAR PAN, z track 2, DE55 as hex text whose LLL counts hex characters.
        {
            "ascii", "ascii_0100",
            "3031303037303234303430303230383038323030313634303030303031323334353637383939303030303030303030303030303130303030303030303432323831323035313234343030303030313233343536373839393D323831323230315445524D3030303138343030343039463236303841414242434344444545464630303131394632373031383035463241303230383430"
        },
        // 0400 reversal: DE90 original data and DE95 replacement amounts in the secondary bitmap.
        {
            "ascii", "ascii_0400",
            "30343030463232303030303030303030303030303030303030303432303030303030303031363430303030303132333435363738393930303030303030303030303030313030303031313231313433303135303030303433303130303030303034323131323131343330313530303030303031323334353030303030303030303030303030303030303035303030303030303030303030303030433030303030303030433030303030303030"
        },
        // Raw bitmap, raw DE52, raw DE55 whose ASCII LLL counts bytes.
        {
            "mixed", "mixed_0100",
            "3031303070200000000012003136343030303030313233343536373839393030303030303030303030303031303030303030303034320123456789ABCDEF3032309F2608AABBCCDDEEFF00119F2701805F2A020840"
        },
        // BCD: odd-length PAN left-padded with 0, x+n DE28, odd track 2 right-padded with F, n3 DE49, DE90 n42.
        {
            "bcd", "bcd_0100",
            "0100F0200010208082000000004000000000150378282246310005000000000000010000000042430000015023378282246310005D2812201F5445524D30303031084000209F2608AABBCCDDEEFF00119F2701805F2A020840010000004211211430150000001234500000000000"
        },
        // BCD with EBCDIC text: DE38, DE39, DE41, DE43 in code page 1047.
        {
            "bcd-ebcdic", "bcdebcdic_0110",
            "01103020000006A00000000000000000010000000042C1F1C2F2C3F3F0F0E3C5D9D4F0F0F0F1C3D6D9D5C5D940C7D9D6C3C5D9E840E2E3D6D9C54040404040E2D7D9C9D5C7C6C9C5D3C44040E4E2"
        },
        // Tertiary bitmap (field 130).
        {
            "ascii", "ascii_tertiary",
            "3038303041303030303030303030303030303030383430303030303030303030303030303430303030303030303030303030303039393030303033303130303548454C4C4F"
        },
        // LLL BCD prefix (two bytes) before ASCII text.
        { "bcd", "bcd_de48", "010020000000000100000000000012303130303331324142433132" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_parses_and_packs_back_to_the_same_bytes(string profile, string name, string hex)
    {
        var spec = Profiles.Resolve(profile);
        var codec = IsoCodec.For(spec);
        var bytes = Convert.FromHexString(hex);
        var message = new IsoMessage();

        Assert.True(codec.TryParse(bytes, message, out var error), $"{name}: {error}");

        var expected = Expected(name);
        Assert.Equal(expected.Mti, message.Mti);
        Assert.Equal(expected.Fields.Keys.Order(), Fields(message));
        foreach (var (field, value) in expected.Fields)
        {
            Assert.Equal(value, IsoJson.Display(message, spec, field, unmask: true));
        }

        var packed = new byte[bytes.Length + 16];
        Assert.True(codec.TryPack(message, packed, out var written, out error), $"{name}: {error}");
        Assert.Equal(hex, Convert.ToHexString(packed, 0, written));
    }

    [Fact]
    public void Bcd_reversal_exposes_de90_and_x_n_amount()
    {
        var message = Parse("bcd", "0100F0200010208082000000004000000000150378282246310005000000000000010000000042430000015023378282246310005D2812201F5445524D30303031084000209F2608AABBCCDDEEFF00119F2701805F2A020840010000004211211430150000001234500000000000");

        Assert.True(OriginalDataElements.TryParse(message.Get(90), out var ode));
        Assert.Equal(new OriginalDataElements(100, 42, 1121143015, 12345, 0), ode);
        Assert.Equal("C00000150", message.GetString(28));
        Assert.True(BerTlv.TryFind(message.Get(55), 0x9F26, out var arqc));
        Assert.Equal("AABBCCDDEEFF0011", Convert.ToHexString(arqc));
    }

    [Fact]
    public void Ascii_bitmap_in_lower_case_is_accepted_and_written_upper_case()
    {
        var hex = "30383030383232303030303030303030303030303034303030303030303030303030303031313231313433303135303030303031333031";
        var lower = Convert.FromHexString(hex);
        // "8220000000000000": nothing to lower-case there, so use a bitmap with letters: fields 1, 5, 7 => "8A...".
        var codec = IsoCodec.For(Profiles.Ascii);
        var message = new IsoMessage();
        message.Mti = 800;
        message.Set(5, "000000000100");
        message.Set(7, "1121143015");
        message.Set(70, "301");
        var packed = new byte[256];
        Assert.True(codec.TryPack(message, packed, out var written, out _));
        var text = System.Text.Encoding.ASCII.GetString(packed, 0, written);
        Assert.StartsWith("08008A00000000000000", text, StringComparison.Ordinal);

        var lowered = System.Text.Encoding.ASCII.GetBytes(text[..4] + text.Substring(4, 32).ToLowerInvariant() + text[36..]);
        Assert.True(codec.TryParse(lowered, message, out var error), error.ToString());
        Assert.Equal("000000000100", message.GetString(5));
        Assert.True(codec.TryParse(lower, message, out error), error.ToString());
    }

    [Fact]
    public void All_zero_secondary_bitmap_is_accepted_on_input_and_not_emitted()
    {
        // 0800 with DE1 set but an all-zero secondary bitmap, DE7 and DE11 only.
        var text = "0800" + "8220000000000000" + "0000000000000000" + "1121143015" + "000001";
        var codec = IsoCodec.For(Profiles.Ascii);
        var message = new IsoMessage();
        Assert.True(codec.TryParse(System.Text.Encoding.ASCII.GetBytes(text), message, out var error), error.ToString());
        Assert.Equal([7, 11], Fields(message));

        var packed = new byte[128];
        Assert.True(codec.TryPack(message, packed, out var written, out _));
        Assert.Equal("0800" + "0220000000000000" + "1121143015" + "000001", System.Text.Encoding.ASCII.GetString(packed, 0, written));
    }

    [Fact]
    public void Ebcdic_text_decodes_to_latin1()
    {
        var message = Parse("bcd-ebcdic", "01103020000006A00000000000000000010000000042C1F1C2F2C3F3F0F0E3C5D9D4F0F0F0F1C3D6D9D5C5D940C7D9D6C3C5D9E840E2E3D6D9C54040404040E2D7D9C9D5C7C6C9C5D3C44040E4E2");
        Assert.True(MerchantLocation.TryParse(message.Get(43), out var location));
        Assert.Equal("CORNER GROCERY STORE"u8.ToArray(), location.Name.ToArray());
        Assert.Equal("SPRINGFIELD"u8.ToArray(), location.City.ToArray());
        Assert.Equal("US"u8.ToArray(), location.Country.ToArray());
        Assert.Equal("A1B2C3", message.GetString(38));
    }

    [Fact]
    public void Ebcdic_table_matches_code_page_1047_known_points()
    {
        Assert.Equal(0xC1, Ebcdic.FromLatin1((byte)'A'));
        Assert.Equal(0xF0, Ebcdic.FromLatin1((byte)'0'));
        Assert.Equal(0x40, Ebcdic.FromLatin1((byte)' '));
        // The characters where 1047 differs from 037.
        Assert.Equal(0xAD, Ebcdic.FromLatin1((byte)'['));
        Assert.Equal(0xBD, Ebcdic.FromLatin1((byte)']'));
        Assert.Equal(0x5F, Ebcdic.FromLatin1((byte)'^'));
        for (var i = 0; i < 256; i++)
        {
            Assert.Equal(i, Ebcdic.ToLatin1(Ebcdic.FromLatin1((byte)i)));
        }
    }

    private static IsoMessage Parse(string profile, string hex)
    {
        var message = new IsoMessage();
        Assert.True(IsoCodec.For(Profiles.Resolve(profile)).TryParse(Convert.FromHexString(hex), message, out var error), error.ToString());
        return message;
    }

    private static int[] Fields(IsoMessage message)
    {
        var list = new List<int>();
        foreach (var f in message.Fields)
        {
            list.Add(f);
        }

        return [.. list];
    }

    private static (int Mti, Dictionary<int, string> Fields) Expected(string name)
    {
        const string Emv = "9F2608AABBCCDDEEFF00119F2701805F2A020840";
        const string De90 = "010000004211211430150000001234500000000000";
        return name switch
        {
            "ascii_0800" => (800, new() { [7] = "1121143015", [11] = "000001", [70] = "301" }),
            "ascii_0100" => (100, new()
            {
                [2] = Pan,
                [3] = "000000",
                [4] = "000000010000",
                [11] = "000042",
                [14] = "2812",
                [22] = "051",
                [35] = Pan + "=2812201",
                [41] = "TERM0001",
                [49] = "840",
                [55] = Emv,
            }),
            "ascii_0400" => (400, new()
            {
                [2] = Pan,
                [3] = "000000",
                [4] = "000000010000",
                [7] = "1121143015",
                [11] = "000043",
                [90] = De90,
                [95] = "000000005000000000000000C00000000C00000000",
            }),
            "mixed_0100" => (100, new()
            {
                [2] = Pan,
                [3] = "000000",
                [4] = "000000010000",
                [11] = "000042",
                [52] = "0123456789ABCDEF",
                [55] = Emv,
            }),
            "bcd_0100" => (100, new()
            {
                [2] = "378282246310005",
                [3] = "000000",
                [4] = "000000010000",
                [11] = "000042",
                [28] = "C00000150",
                [35] = "378282246310005=2812201",
                [41] = "TERM0001",
                [49] = "840",
                [55] = Emv,
                [90] = De90,
            }),
            "bcdebcdic_0110" => (110, new()
            {
                [3] = "000000",
                [4] = "000000010000",
                [11] = "000042",
                [38] = "A1B2C3",
                [39] = "00",
                [41] = "TERM0001",
                [43] = "CORNER GROCERY STORE     SPRINGFIELD  US",
            }),
            "ascii_tertiary" => (800, new() { [3] = "990000", [70] = "301", [130] = "HELLO" }),
            "bcd_de48" => (100, new() { [3] = "000000", [48] = "0100312ABC12" }),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
