using System.Buffers;
using Baas.Iso8583.Samples;
using Baas.Iso8583.Specs;

namespace Baas.Iso8583.Tests;

/// <summary>Malformed input gives an error naming the field and the problem, plus what could still be read.</summary>
public sealed class ErrorTests
{
    private static readonly IsoCodec Ascii = IsoCodec.For(Profiles.Ascii);

    private static string Typical()
    {
        var message = new IsoMessage();
        SampleMessages.TypicalAuthorization(message);
        var buffer = new byte[1024];
        Assert.True(Ascii.TryPack(message, buffer, out var n, out _));
        return System.Text.Encoding.Latin1.GetString(buffer, 0, n);
    }

    private static (bool Ok, IsoError Error, IsoMessage Message) Parse(string text)
    {
        var message = new IsoMessage();
        var ok = Ascii.TryParse(System.Text.Encoding.Latin1.GetBytes(text), message, out var error);
        return (ok, error, message);
    }

    [Fact]
    public void Non_numeric_amount_is_named_and_the_stan_is_still_read()
    {
        var text = Typical();
        // MTI(4) + bitmap(16) + "16" + PAN(16) + DE3(6) = 44: DE4 starts there.
        var broken = text[..44] + "00000001234X" + text[56..];
        var (ok, error, message) = Parse(broken);
        Assert.False(ok);
        Assert.Equal(new IsoError(IsoErrorReason.NonNumeric, 4, 44), error);
        Assert.Equal(100, message.Mti);
        Assert.Equal("123456", message.GetString(IsoField.Stan));
        Assert.Equal("non-numeric in n", error.Description);
    }

    [Fact]
    public void Bad_length_prefix_stops_with_the_field_named()
    {
        var text = Typical();
        var (ok, error, message) = Parse(text[..20] + "1X" + text[22..]);
        Assert.False(ok);
        Assert.Equal(IsoErrorReason.BadLengthPrefix, error.Reason);
        Assert.Equal(2, error.Field);
        Assert.Equal(100, message.Mti);
    }

    [Fact]
    public void Over_max_length_is_refused()
    {
        var text = Typical();
        // DE2 is n..19: declare 20 digits.
        var (ok, error, _) = Parse(text[..20] + "20" + "40000012345678990000" + text[38..]);
        Assert.False(ok);
        Assert.Equal(IsoErrorReason.OverMaxLength, error.Reason);
        Assert.Equal(2, error.Field);
    }

    [Fact]
    public void Trailing_bytes_are_an_error()
    {
        var (ok, error, message) = Parse(Typical() + "XX");
        Assert.False(ok);
        Assert.Equal(IsoErrorReason.TrailingBytes, error.Reason);
        Assert.Equal("123456", message.GetString(IsoField.Stan));
    }

    [Fact]
    public void Truncated_message_names_the_field_it_ended_in()
    {
        var text = Typical();
        var (ok, error, message) = Parse(text[..50]);
        Assert.False(ok);
        Assert.Equal(new IsoError(IsoErrorReason.Truncated, 4, 44), error);
        Assert.Equal(100, message.Mti);
    }

    [Fact]
    public void Bad_bitmap_and_bad_mti()
    {
        var text = Typical();
        Assert.Equal(IsoErrorReason.BadBitmap, Parse(text[..4] + "G" + text[5..]).Error.Reason);
        Assert.Equal(new IsoError(IsoErrorReason.BadMti, 0, 0), Parse("01A0" + text[4..]).Error);
        Assert.Equal(IsoErrorReason.Truncated, Parse("01").Error.Reason);
        Assert.Equal(IsoErrorReason.Truncated, Parse("").Error.Reason);
    }

    [Fact]
    public void Field_missing_from_a_custom_profile_is_unknown()
    {
        var spec = new MessageSpec("tiny", MtiEncoding.Ascii, BitmapEncoding.Hex, Profiles.Ascii.Fields.Where(f => f.Number != 43));
        var message = new IsoMessage();
        var ok = IsoCodec.For(spec).TryParse(System.Text.Encoding.Latin1.GetBytes(Typical()), message, out var error);
        Assert.False(ok);
        Assert.Equal(IsoErrorReason.UnknownField, error.Reason);
        Assert.Equal(43, error.Field);
        Assert.Equal("123456", message.GetString(IsoField.Stan));
    }

    [Fact]
    public void Packing_refuses_over_long_empty_short_and_non_numeric_values_and_writes_nothing()
    {
        var message = new IsoMessage();
        var writer = new ArrayBufferWriter<byte>();

        void Refused(Action<IsoMessage> change, IsoErrorReason reason, int field)
        {
            SampleMessages.TypicalAuthorization(message);
            change(message);
            Assert.False(Ascii.TryPack(message, writer, out var error));
            Assert.Equal(reason, error.Reason);
            Assert.Equal(field, error.Field);
            Assert.Equal(0, writer.WrittenCount);
        }

        Refused(m => m.Set(2, "40000012345678990000"), IsoErrorReason.OverMaxLength, 2);
        Refused(m => m.Set(11, ""), IsoErrorReason.EmptyValue, 11);
        Refused(m => m.Set(11, "1234567"), IsoErrorReason.OverMaxLength, 11);
        Refused(m => m.Set(4, "12X"), IsoErrorReason.NonNumeric, 4);
        Refused(m => m.Set(52, [1, 2, 3]), IsoErrorReason.ShortValue, 52);
        Refused(m => m.Set(41, "TERM\u0001"), IsoErrorReason.InvalidCharacter, 41);
        Refused(m => m.Mti = -1, IsoErrorReason.BadMti, 0);
    }

    [Fact]
    public void Short_fixed_values_are_padded_by_the_profile()
    {
        var message = new IsoMessage();
        SampleMessages.TypicalAuthorization(message);
        message.Set(4, "500");
        message.Set(41, "T1");
        var buffer = new byte[1024];
        Assert.True(Ascii.TryPack(message, buffer, out var n, out _));
        var parsed = new IsoMessage();
        Assert.True(Ascii.TryParse(buffer.AsSpan(0, n), parsed, out _));
        Assert.Equal("000000000500", parsed.GetString(4));
        Assert.Equal("T1      ", parsed.GetString(41));
        Assert.True(parsed.TryGetInt64(4, out var amount));
        Assert.Equal(500, amount);
    }
}
