using System.Buffers;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Samples;
using Baas.Iso8583.Specs;
using FsCheck.Fluent;

namespace Baas.Iso8583.Tests;

/// <summary>
/// Corrupts valid messages and frames hundreds of thousands of times. The parser must only ever return a
/// message or an error: no exception, no read past the frame (the frame is a slice of a larger buffer, and
/// spans make any read past it an exception). Whatever parses must pack and parse again to the same message.
/// </summary>
public sealed class MutationTests
{
    private const int MutationsPerProfile = 80_000;

    public static TheoryData<string> ProfileNames => new() { "ascii", "mixed", "bcd", "bcd-ebcdic" };

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Mutated_messages_give_a_message_or_an_error_never_an_exception(string profile)
    {
        var spec = Profiles.Resolve(profile);
        var codec = IsoCodec.For(spec);
        var seeds = SeedMessages(spec, codec);
        var rng = new Random(8583 + profile.Length);
        var message = new IsoMessage();
        var again = new IsoMessage();
        var repacked = new byte[128 * 1024];
        var arena = new byte[64 * 1024];
        int parsed = 0, refused = 0;

        for (var i = 0; i < MutationsPerProfile; i++)
        {
            var seed = seeds[rng.Next(seeds.Count)];
            var mutated = Mutate(seed, rng);

            // The frame sits inside a larger buffer filled with digits, so a parser reading past its end
            // would see plausible data; the span bound is what must stop it.
            arena.AsSpan(0, mutated.Length + 200).Fill((byte)'7');
            mutated.CopyTo(arena, 100);
            var frame = arena.AsSpan(100, mutated.Length);

            bool ok;
            IsoError error;
            try
            {
                ok = codec.TryParse(frame, message, out error);
            }
            catch (Exception e)
            {
                Assert.Fail($"{profile}: parse threw {e.GetType().Name} for {Convert.ToHexString(mutated)}");
                return;
            }

            if (!ok)
            {
                Assert.True(error.IsError);
                refused++;
                continue;
            }

            parsed++;
            if (!codec.TryPack(message, repacked, out var written, out error))
            {
                Assert.Fail($"{profile}: parsed but cannot pack ({error}): {Convert.ToHexString(mutated)}");
            }

            if (!codec.TryParse(repacked.AsSpan(0, written), again, out error) || !SameMessage(message, again))
            {
                Assert.Fail($"{profile}: repacked message does not parse back the same ({error}): {Convert.ToHexString(mutated)}");
            }
        }

        // Both outcomes must actually occur, or the mutations are not exercising anything.
        Assert.True(parsed > 1000, $"only {parsed} mutants parsed");
        Assert.True(refused > 1000, $"only {refused} mutants refused");
    }

    [Theory]
    [InlineData("binary2")]
    [InlineData("ascii4")]
    public void Mutated_frame_streams_never_throw(string kind)
    {
        var format = FrameFormat.Parse(kind, 0, maxLength: 2048);
        var codec = IsoCodec.For(Profiles.Ascii);
        var message = new IsoMessage();
        SampleMessages.TypicalAuthorization(message);
        var writer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 3; i++)
        {
            format.TryWrite(codec, message, default, writer, out _);
        }

        var stream = writer.WrittenSpan.ToArray();
        var rng = new Random(42);
        var statuses = new HashSet<FrameStatus>();
        for (var i = 0; i < 20_000; i++)
        {
            var mutated = Mutate(stream, rng);
            var buffer = Segments.Split(mutated, rng.Next(mutated.Length + 1), rng.Next(mutated.Length + 1));
            while (true)
            {
                var status = format.TryRead(ref buffer, out _, out var body);
                statuses.Add(status);
                if (status == FrameStatus.Complete)
                {
                    codec.TryParse(body, message, out _);
                    continue;
                }

                if (status == FrameStatus.Empty)
                {
                    continue;
                }

                break;
            }
        }

        Assert.Contains(FrameStatus.Complete, statuses);
        Assert.Contains(FrameStatus.NeedMoreData, statuses);
        Assert.Contains(kind == "ascii4" ? FrameStatus.BadPrefix : FrameStatus.TooLarge, statuses);
    }

    private static bool SameMessage(IsoMessage a, IsoMessage b)
    {
        if (a.Mti != b.Mti || a.FieldCount != b.FieldCount)
        {
            return false;
        }

        foreach (var field in a.Fields)
        {
            if (!b.Has(field) || !a.Get(field).SequenceEqual(b.Get(field)))
            {
                return false;
            }
        }

        return true;
    }

    private static List<byte[]> SeedMessages(MessageSpec spec, IsoCodec codec)
    {
        var seeds = new List<byte[]>();
        var message = new IsoMessage();
        var buffer = new byte[64 * 1024];
        SampleMessages.TypicalAuthorization(message);
        message.Set(90, "010000004211211430150000001234500000000000");
        message.Set(28, "C00000150");
        message.Set(130, "TERTIARY");
        Assert.True(codec.TryPack(message, buffer, out var n, out _));
        seeds.Add(buffer[..n]);
        foreach (var sample in MessageGen.For(spec, maxVariable: 40).Sample(20, 30))
        {
            sample.CopyTo(message);
            Assert.True(codec.TryPack(message, buffer, out n, out _));
            seeds.Add(buffer[..n]);
        }

        return seeds;
    }

    private static byte[] Mutate(byte[] seed, Random rng)
    {
        var data = seed.ToList();
        var edits = rng.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            switch (rng.Next(8))
            {
                case 0 when data.Count > 0: // flip a bit
                    var i = rng.Next(data.Count);
                    data[i] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1 when data.Count > 0: // truncate
                    var cut = rng.Next(data.Count);
                    data.RemoveRange(cut, data.Count - cut);
                    break;
                case 2: // extend with junk
                    for (var k = rng.Next(1, 20); k > 0; k--)
                    {
                        data.Add((byte)rng.Next(256));
                    }

                    break;
                case 3 when data.Count > 0: // garble a byte with a digit, as a broken length prefix would be
                    data[rng.Next(data.Count)] = (byte)('0' + rng.Next(10));
                    break;
                case 4 when data.Count > 0: // any byte
                    data[rng.Next(data.Count)] = (byte)rng.Next(256);
                    break;
                case 5 when data.Count > 0: // delete one byte
                    data.RemoveAt(rng.Next(data.Count));
                    break;
                case 6: // insert one byte
                    data.Insert(rng.Next(data.Count + 1), (byte)rng.Next(256));
                    break;
                case 7 when data.Count > 8: // garble a bitmap-ish region
                    var at = rng.Next(Math.Min(40, data.Count));
                    data[at] = (byte)"0123456789ABCDEFabcdefXZ"[rng.Next(24)];
                    break;
                default:
                    break;
            }
        }

        return [.. data];
    }
}
