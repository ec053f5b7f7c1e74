using Baas.Iso8583.Samples;
using Baas.Iso8583.Specs;

namespace Baas.Iso8583.Tests;

/// <summary>Custom profiles load from JSON; built-ins are the same data.</summary>
public sealed class ProfileJsonTests
{
    [Theory]
    [InlineData("ascii")]
    [InlineData("mixed")]
    [InlineData("bcd")]
    [InlineData("bcd-ebcdic")]
    public void Built_in_profiles_survive_a_trip_through_json(string name)
    {
        var spec = Profiles.Resolve(name);
        var back = ProfileJson.Parse(ProfileJson.Write(spec));
        Assert.Equal(spec.Mti, back.Mti);
        Assert.Equal(spec.Bitmap, back.Bitmap);
        Assert.Equal(spec.Fields.Count, back.Fields.Count);
        foreach (var f in spec.Fields)
        {
            var g = back[f.Number]!;
            Assert.Equal(f with { Subfields = null }, g with { Subfields = null });
            Assert.Equal(f.Subfields?.Kind, g.Subfields?.Kind);
        }

        // And the codecs agree byte for byte.
        var message = new IsoMessage();
        SampleMessages.TypicalAuthorization(message);
        var a = new byte[1024];
        var b = new byte[1024];
        Assert.True(IsoCodec.For(spec).TryPack(message, a, out var na, out _));
        Assert.True(IsoCodec.For(back).TryPack(message, b, out var nb, out _));
        Assert.Equal(a[..na], b[..nb]);
    }

    [Fact]
    public void Custom_profile_overrides_fields_of_a_base()
    {
        const string Json = """
        {
          // A network that sends DE48 with a binary two-byte prefix and DE62 as raw TLV bytes.
          "name": "acme",
          "base": "bcd",
          "fields": [
            { "number": 48, "content": "ans", "encoding": "ascii", "length": { "digits": 3, "encoding": "binary", "unit": "bytes" }, "max": 500,
              "subfields": { "kind": "tlv", "tagLength": 2, "lengthDigits": 2 } },
            { "number": 62, "content": "b", "encoding": "binary", "length": { "digits": 2, "encoding": "bcd", "unit": "bytes" }, "max": 99 }
          ]
        }
        """;
        var spec = ProfileJson.Parse(Json);
        Assert.Equal("acme", spec.Name);
        Assert.Equal(MtiEncoding.Bcd, spec.Mti);
        Assert.Equal(SubfieldKind.Tlv, spec[48]!.Subfields!.Kind);

        var message = new IsoMessage { Mti = 100 };
        message.Set(3, "000000");
        message.Set(48, "0105HELLO");
        message.Set(62, [0xDE, 0xAD]);
        var buffer = new byte[256];
        var codec = IsoCodec.For(spec);
        Assert.True(codec.TryPack(message, buffer, out var n, out _));
        Assert.Equal("0100" + "2000000000010004" + "000000" + "0009" + "30313035" + "48454C4C4F" + "02" + "DEAD", Convert.ToHexString(buffer, 0, n));
        var parsed = new IsoMessage();
        Assert.True(codec.TryParse(buffer.AsSpan(0, n), parsed, out var error), error.ToString());
        Assert.Equal("0105HELLO", parsed.GetString(48));
    }

    [Theory]
    [InlineData("""{"fields":[{"number":65,"content":"b","encoding":"binary","max":8}]}""", "field 65")]
    [InlineData("""{"fields":[{"number":4,"content":"ans","encoding":"bcd","max":12}]}""", "BCD holds only")]
    [InlineData("""{"fields":[{"number":4,"content":"n","encoding":"hex","max":12}]}""", "cannot use encoding")]
    [InlineData("""{"fields":[{"number":55,"content":"b","encoding":"hex","length":{"digits":2,"encoding":"ascii","unit":"characters"},"max":255}]}""", "does not fit")]
    [InlineData("""{"base":"nope"}""", "unknown base")]
    [InlineData("""{"fields":[{"number":4,"content":"q"}]}""", "not valid")]
    public void Bad_profiles_are_refused_with_a_reason(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => ProfileJson.Parse(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
