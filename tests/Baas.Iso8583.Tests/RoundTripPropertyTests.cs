using Baas.Iso8583.Specs;
using FsCheck;
using FsCheck.Fluent;

namespace Baas.Iso8583.Tests;

/// <summary>decode(encode(x)) == x over generated messages, for every profile.</summary>
public sealed class RoundTripPropertyTests
{
    public static TheoryData<string> ProfileNames => new() { "ascii", "mixed", "bcd", "bcd-ebcdic" };

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Pack_then_parse_gives_back_the_message(string profile)
    {
        var spec = Profiles.Resolve(profile);
        var codec = IsoCodec.For(spec);
        var message = new IsoMessage();
        var parsed = new IsoMessage();
        var buffer = new byte[64 * 1024];

        var property = Prop.ForAll(MessageGen.For(spec).ToArbitrary(), sample =>
        {
            sample.CopyTo(message);
            if (!codec.TryPack(message, buffer, out var written, out var error))
            {
                throw new InvalidOperationException($"pack refused a valid message: {error}");
            }

            if (!codec.TryParse(buffer.AsSpan(0, written), parsed, out error))
            {
                throw new InvalidOperationException($"parse refused its own output: {error}");
            }

            return sample.SameAs(parsed);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400).WithName(profile), property);
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Json_shape_round_trips(string profile)
    {
        var spec = Profiles.Resolve(profile);
        var message = new IsoMessage();
        var back = new IsoMessage();

        var property = Prop.ForAll(MessageGen.For(spec).ToArbitrary(), sample =>
        {
            sample.CopyTo(message);
            var json = IsoJson.Write(message, spec, unmask: true);
            return IsoJson.TryRead(json, spec, back, out _, out _) && sample.SameAs(back);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithName(profile), property);
    }
}
