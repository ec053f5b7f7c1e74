using Baas.Iso8583.Samples;
using Baas.Iso8583.Specs;
using Baas.Iso8583.Subfields;

namespace Baas.Iso8583.Tests;

/// <summary>BER-TLV (DE55), positional DE90/DE95/DE43, decimal TLV (DE48/DE62) and PAN masking.</summary>
public sealed class SubfieldTests
{
    [Fact]
    public void Ber_tlv_reads_multi_byte_tags_long_lengths_nesting_and_unknown_tags()
    {
        var value300 = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var data = Convert.FromHexString(
            "9F2608AABBCCDDEEFF0011" + // two-byte tag
            "DF810103010203" + // three-byte proprietary (unknown) tag
            "5F2481" + "81" + new string('A', 0x81 * 2) + // long form, one length byte
            "0000" + // EMV padding between elements
            "7007" + "9F36020042" + "9C0100" + // constructed template with nested tags
            "9F1082012C" + Convert.ToHexString(value300)); // long form, two length bytes

        var tags = new List<uint>();
        var reader = new BerTlvReader(data);
        while (reader.Read())
        {
            tags.Add(reader.Tag);
        }

        Assert.False(reader.IsMalformed);
        Assert.Equal([0x9F26u, 0xDF8101u, 0x5F24u, 0x70u, 0x9F10u], tags);
        Assert.True(BerTlv.TryFind(data, 0xDF8101, out var unknown));
        Assert.Equal([1, 2, 3], unknown.ToArray());
        Assert.True(BerTlv.TryFind(data, 0x5F24, out var longOne));
        Assert.Equal(0x81, longOne.Length);
        Assert.True(BerTlv.TryFind(data, 0x9F36, out var nested));
        Assert.Equal("0042", Convert.ToHexString(nested));
        Assert.True(BerTlv.TryFind(data, 0x9F10, out var big));
        Assert.Equal(value300, big.ToArray());
    }

    [Theory]
    [InlineData("9F26")] // tag with no length
    [InlineData("9F2608AABB")] // value shorter than its length
    [InlineData("9F")] // tag cut inside
    [InlineData("5F2480")] // indefinite length
    [InlineData("5F2484FFFFFFFF")] // length of four bytes
    public void Ber_tlv_malformed_is_detected(string hex)
    {
        Assert.False(BerTlv.IsWellFormed(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Ber_tlv_write_round_trips()
    {
        var buffer = new byte[1024];
        var n = BerTlv.Write(0x9F26, [1, 2, 3, 4, 5, 6, 7, 8], buffer);
        n += BerTlv.Write(0x9F10, new byte[200], buffer.AsSpan(n));
        n += BerTlv.Write(0x9F4B, new byte[300], buffer.AsSpan(n));
        Assert.Equal(BerTlv.SizeOf(0x9F26, 8) + BerTlv.SizeOf(0x9F10, 200) + BerTlv.SizeOf(0x9F4B, 300), n);
        Assert.True(BerTlv.IsWellFormed(buffer.AsSpan(0, n)));
        Assert.True(BerTlv.TryFind(buffer.AsSpan(0, n), 0x9F4B, out var v));
        Assert.Equal(300, v.Length);
        Assert.True(BerTlv.IsWellFormed(SampleMessages.EmvData));
    }

    [Fact]
    public void Original_data_elements_and_replacement_amounts()
    {
        var ode = new OriginalDataElements(100, 4321, 1121143015, 12345678901, 0);
        var buffer = new byte[42];
        ode.WriteTo(buffer);
        Assert.Equal("010000432111211430151234567890100000000000", System.Text.Encoding.ASCII.GetString(buffer));
        Assert.True(OriginalDataElements.TryParse(buffer, out var back));
        Assert.Equal(ode, back);
        Assert.False(back.IsZero);
        Assert.True(OriginalDataElements.TryParse(new string('0', 42).Select(c => (byte)c).ToArray(), out var zero));
        Assert.True(zero.IsZero);
        Assert.False(OriginalDataElements.TryParse("0100"u8, out _));

        var amounts = new ReplacementAmounts(5000, 5000, -150, 0);
        amounts.WriteTo(buffer);
        Assert.Equal("000000005000000000005000D00000150C00000000", System.Text.Encoding.ASCII.GetString(buffer));
        Assert.True(ReplacementAmounts.TryParse(buffer, out var parsed));
        Assert.Equal(amounts, parsed);
    }

    [Fact]
    public void Decimal_tlv_and_positional_by_name()
    {
        var spec = SubfieldSpec.DecimalTlv(2, 3);
        var data = "01003ABC10005HELLO99000"u8;
        Assert.True(DecimalTlvReader.TryFind(data, spec, "10"u8, out var hello));
        Assert.Equal("HELLO"u8.ToArray(), hello.ToArray());
        Assert.True(DecimalTlvReader.TryFind(data, spec, "99"u8, out var empty));
        Assert.True(empty.IsEmpty);
        Assert.False(DecimalTlvReader.TryFind("01009ABC"u8, spec, "01"u8, out _));

        var de90 = Iso87.SubfieldsOf(90)!;
        Assert.True(Positional.TryGet(de90, "010000432111211430151234567890100000000000"u8, "originalStan", out var stan));
        Assert.Equal("004321"u8.ToArray(), stan.ToArray());
    }

    [Theory]
    [InlineData("4000001234567899", "400000******7899")]
    [InlineData("4000001234567890123", "400000*********0123")]
    [InlineData("378282246310005", "378282*****0005")]
    [InlineData("123456789012", "********9012")]
    [InlineData("12345678", "********")]
    public void Pan_masking(string pan, string masked)
    {
        Assert.Equal(masked, PanMask.Mask(pan));
    }

    [Fact]
    public void Track_masking_keeps_what_follows_the_pan()
    {
        var track2 = "4000001234567899=28122011234567890"u8.ToArray();
        var dest = new byte[track2.Length];
        PanMask.MaskTrack2(track2, dest);
        Assert.Equal("400000******7899=28122011234567890", System.Text.Encoding.ASCII.GetString(dest));

        var track1 = "B4000001234567899^CARDHOLDER/TEST^2812201"u8.ToArray();
        dest = new byte[track1.Length];
        PanMask.MaskTrack1(track1, dest);
        Assert.Equal("B400000******7899^CARDHOLDER/TEST^2812201", System.Text.Encoding.ASCII.GetString(dest));
    }
}
