using System.Buffers;
using System.IO.Pipelines;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Samples;
using Baas.Iso8583.Specs;

namespace Baas.Iso8583.Tests;

/// <summary>Frames over real pipes: whole, byte by byte, split, several per read, oversize and bad prefixes.</summary>
public sealed class FramingTests
{
    private static readonly IsoCodec Codec = IsoCodec.For(Profiles.Ascii);

    public static TheoryData<string, int> Framings => new()
    {
        { "binary2", 0 },
        { "ascii4", 0 },
        { "binary2", 5 },
        { "ascii4", 5 },
    };

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task Frames_arrive_whole_byte_by_byte_and_in_random_chunks(string kind, int header)
    {
        var format = FrameFormat.Parse(kind, header);
        var stream = Frames(format, 5, out var expectedStans);

        foreach (var chunking in new[] { 0, 1, 7, 13, 1000 })
        {
            var pipe = new Pipe();
            var writer = Task.Run(async () =>
            {
                var rng = new Random(chunking);
                var pos = 0;
                while (pos < stream.Length)
                {
                    var n = chunking switch { 0 => stream.Length, 1 => 1, _ => Math.Min(stream.Length - pos, rng.Next(1, chunking + 1)) };
                    n = Math.Min(n, stream.Length - pos);
                    await pipe.Writer.WriteAsync(stream.AsMemory(pos, n));
                    pos += n;
                }

                await pipe.Writer.CompleteAsync();
            });

            var stans = await ReadAll(format, pipe.Reader);
            await writer;
            Assert.Equal(expectedStans, stans);
        }
    }

    [Fact]
    public void Several_frames_in_one_buffer_and_split_across_segments()
    {
        var format = FrameFormat.Binary2;
        var stream = Frames(format, 3, out var expected);
        for (var cut = 1; cut < stream.Length; cut += 3)
        {
            var buffer = Segments.Split(stream, cut, cut + 1, cut + 50);
            var stans = new List<string>();
            var message = new IsoMessage();
            while (format.TryRead(ref buffer, out _, out var body) == FrameStatus.Complete)
            {
                Assert.True(Codec.TryParse(body, message, out var error), error.ToString());
                stans.Add(message.GetString(IsoField.Stan)!);
            }

            Assert.Equal(expected, stans);
            Assert.True(buffer.IsEmpty);
        }
    }

    [Theory]
    [InlineData("binary2", new byte[] { 0xFF, 0xFF })]
    [InlineData("ascii4", new byte[] { (byte)'9', (byte)'9', (byte)'9', (byte)'9' })]
    public void Oversize_declared_length_is_refused_before_the_body_arrives(string kind, byte[] prefix)
    {
        var format = FrameFormat.Parse(kind, 0, maxLength: 4096);
        var buffer = new ReadOnlySequence<byte>(prefix);
        Assert.Equal(FrameStatus.TooLarge, format.TryRead(ref buffer, out _, out _));
    }

    [Fact]
    public void Ascii4_prefix_that_is_not_digits_is_a_bad_prefix()
    {
        var buffer = new ReadOnlySequence<byte>("00A1"u8.ToArray());
        Assert.Equal(FrameStatus.BadPrefix, FrameFormat.Ascii4.TryRead(ref buffer, out _, out _));
    }

    [Fact]
    public void Partial_prefix_and_partial_body_need_more_data_and_consume_nothing()
    {
        var stream = Frames(FrameFormat.Binary2, 1, out _);
        for (var n = 0; n < stream.Length; n++)
        {
            var buffer = new ReadOnlySequence<byte>(stream, 0, n);
            Assert.Equal(FrameStatus.NeedMoreData, FrameFormat.Binary2.TryRead(ref buffer, out _, out _));
            Assert.Equal(n, buffer.Length);
        }
    }

    [Fact]
    public void Zero_length_frame_is_a_keep_alive()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0 });
        Assert.Equal(FrameStatus.Empty, FrameFormat.Binary2.TryRead(ref buffer, out _, out _));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Header_is_kept_separate_from_the_message()
    {
        var format = FrameFormat.Parse("binary2", 5);
        var message = new IsoMessage();
        SampleMessages.TypicalAuthorization(message);
        var writer = new ArrayBufferWriter<byte>();
        Assert.True(format.TryWrite(Codec, message, [0x60, 0x00, 0x01, 0x00, 0x00], writer, out _));
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.Equal(FrameStatus.Complete, format.TryRead(ref buffer, out var header, out var body));
        Assert.Equal("6000010000", Convert.ToHexString(header.ToArray()));
        Assert.True(Codec.TryParse(body, new IsoMessage(), out var error), error.ToString());
    }

    private static byte[] Frames(FrameFormat format, int count, out List<string> stans)
    {
        var writer = new ArrayBufferWriter<byte>();
        var message = new IsoMessage();
        stans = [];
        for (var i = 0; i < count; i++)
        {
            SampleMessages.TypicalAuthorization(message);
            var stan = (100000 + i).ToString();
            message.Set(IsoField.Stan, stan);
            stans.Add(stan);
            Assert.True(format.TryWrite(Codec, message, [0x60, 0, 0, 0, 0], writer, out var error), error.ToString());
        }

        return writer.WrittenSpan.ToArray();
    }

    private static async Task<List<string>> ReadAll(FrameFormat format, PipeReader reader)
    {
        var stans = new List<string>();
        var message = new IsoMessage();
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            while (true)
            {
                var status = format.TryRead(ref buffer, out _, out var body);
                if (status != FrameStatus.Complete)
                {
                    Assert.Equal(FrameStatus.NeedMoreData, status);
                    break;
                }

                Assert.True(Codec.TryParse(body, message, out var error), error.ToString());
                stans.Add(message.GetString(IsoField.Stan)!);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                Assert.True(buffer.IsEmpty);
                break;
            }
        }

        await reader.CompleteAsync();
        return stans;
    }
}
