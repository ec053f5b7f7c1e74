using System.Buffers;
using Baas.Iso8583.Samples;
using Baas.Iso8583.Specs;
using Baas.Iso8583.Subfields;

namespace Baas.Iso8583.Tests;

/// <summary>Parsing into a reused message and packing into a reused buffer allocate nothing.</summary>
public sealed class AllocationTests
{
    public static TheoryData<string> ProfileNames => new() { "ascii", "mixed", "bcd", "bcd-ebcdic" };

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Parse_read_and_pack_allocate_zero_bytes(string profile)
    {
        var codec = IsoCodec.For(Profiles.Resolve(profile));
        var message = new IsoMessage();
        SampleMessages.TypicalAuthorization(message);
        var frame = new byte[1024];
        Assert.True(codec.TryPack(message, frame, out var length, out _));
        var parsed = new IsoMessage();
        var output = new byte[1024];
        var writer = new ArrayBufferWriter<byte>(4096);

        long checksum = 0;
        void Round()
        {
            codec.TryParse(frame.AsSpan(0, length), parsed, out _);
            parsed.TryGetInt64(IsoField.AmountTransaction, out var amount);
            BerTlv.TryFind(parsed.Get(IsoField.IccData), 0x9F26, out var arqc);
            checksum += amount + arqc.Length + parsed.Get(IsoField.Pan).Length;
            codec.TryPack(parsed, output, out var written, out _);
            writer.ResetWrittenCount();
            codec.TryPack(parsed, writer, out _);
            checksum += written;
        }

        Assert.Equal(0, Allocations.Steady(Round, iterations: 5_000));
        Assert.True(checksum > 0);
    }

    [Fact]
    public void Multi_segment_parse_allocates_zero_bytes_once_warm()
    {
        var codec = IsoCodec.For(Profiles.Ascii);
        var message = new IsoMessage();
        SampleMessages.TypicalAuthorization(message);
        var frame = new byte[1024];
        Assert.True(codec.TryPack(message, frame, out var length, out _));
        var sequence = Segments.Split(frame[..length], 10, 200);
        var parsed = 0;

        Assert.Equal(0, Allocations.Steady(() => parsed += codec.TryParse(sequence, message, out _) ? 1 : 0));
        Assert.True(parsed > 0);
    }
}
