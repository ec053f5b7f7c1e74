using System.Buffers;
using System.Globalization;
using System.Text;
using Baas.Redis.Protocol;

namespace Baas.Redis.Tests;

/// <summary>
/// Random trees round-trip through the wire; random mutations of valid replies either parse, stay partial or
/// throw <see cref="RedisProtocolException"/>, and never anything else. Seeds are fixed so a failure repeats;
/// each input a failure prints belongs in <see cref="RespFixtures"/> as a regression test.
/// </summary>
public sealed class RespFuzzTests
{
    [Fact]
    public void Random_reply_trees_round_trip_whole_and_split()
    {
        var random = new Random(20240611);
        for (var i = 0; i < 2_000; i++)
        {
            var tree = RandomTree(random, depth: 0);
            var wire = RespEncoder.Encode(tree);
            var cuts = Enumerable.Range(0, random.Next(0, 6)).Select(_ => random.Next(1, wire.Length)).ToArray();

            var (result, consumed) = RespReaderTests.ReadOne(Segments.Split(wire, emptyBetween: random.Next(2) == 0, cuts));

            Assert.Equal(wire.Length, consumed);
            Assert.True(wire.AsSpan().SequenceEqual(RespEncoder.Encode(result)), $"round trip of {RespEncoder.Show(wire)}");
        }
    }

    [Fact]
    public void Mutated_replies_parse_stay_partial_or_throw_protocol_errors_only()
    {
        var random = new Random(7);
        var seeds = RespFixtures.All.Select(f => RespFixtures.Bytes(f.Wire))
            .Concat(Enumerable.Range(0, 200).Select(_ => RespEncoder.Encode(RandomTree(random, depth: 0))))
            .ToArray();
        for (var i = 0; i < 30_000; i++)
        {
            var input = Mutate(random, seeds[random.Next(seeds.Length)]);
            var cuts = Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(1, Math.Max(2, input.Length))).ToArray();
            ParseEverything(input, Segments.Split(input, emptyBetween: random.Next(4) == 0, cuts));
        }
    }

    [Fact]
    public void Random_bytes_parse_stay_partial_or_throw_protocol_errors_only()
    {
        var random = new Random(99);
        const string Alphabet = "+-:$*_#,(!=%~>|\r\n0123456789-?tfinax ";
        for (var i = 0; i < 20_000; i++)
        {
            var input = new byte[random.Next(1, 40)];
            for (var j = 0; j < input.Length; j++)
            {
                input[j] = random.Next(4) == 0 ? (byte)random.Next(256) : (byte)Alphabet[random.Next(Alphabet.Length)];
            }

            ParseEverything(input, new ReadOnlySequence<byte>(input));
        }
    }

    // The read loop's view: read replies until one is partial; progress every time, never a foreign exception.
    private static void ParseEverything(byte[] input, ReadOnlySequence<byte> sequence)
    {
        try
        {
            var reader = new RespReader(sequence);
            var previous = -1L;
            while (reader.TryReadValue(out var result))
            {
                Assert.True(reader.Consumed > previous, "no progress");
                Assert.NotNull(result);
                _ = result.ToString();
                previous = reader.Consumed;
            }

            Assert.True(reader.Consumed <= input.Length);
        }
        catch (RedisProtocolException)
        {
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{exception.GetType().Name} for input \"{RespEncoder.Show(input)}\": {exception}");
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = seed.ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    bytes.Insert(at, (byte)"\r\n-0123456789?*$"[random.Next(16)]);
                    break;
                case 3:
                    bytes.RemoveAt(at);
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, random.Next(1, 12))));
                    break;
                default:
                    // Inflate a length or count.
                    bytes.InsertRange(at, Encoding.ASCII.GetBytes(random.Next(1, 100000).ToString(CultureInfo.InvariantCulture)));
                    break;
            }
        }

        return [.. bytes];
    }

    internal static RedisResult RandomTree(Random random, int depth)
    {
        var choice = random.Next(depth >= 4 ? 13 : 18);
        switch (choice)
        {
            case 0:
                return RedisResult.SimpleString(RandomText(random, allowNewlines: false));
            case 1:
                return RedisResult.Error("ERR " + RandomText(random, allowNewlines: false));
            case 2:
                return RedisResult.Integer(random.Next(3) switch { 0 => random.Next(-2, 2000), 1 => random.NextInt64(), _ => -random.NextInt64() });
            case 3:
                {
                    var bytes = new byte[random.Next(0, 3) == 0 ? 0 : random.Next(1, 300)];
                    random.NextBytes(bytes);
                    return RedisResult.BulkString(bytes);
                }

            case 4:
                return random.Next(3) switch { 0 => RedisResult.NullBulkString, 1 => RedisResult.NullArray, _ => RedisResult.Null };
            case 5:
                return RedisResult.Boolean(random.Next(2) == 0);
            case 6:
                return RedisResult.Double(random.Next(6) switch
                {
                    0 => double.PositiveInfinity,
                    1 => double.NegativeInfinity,
                    2 => double.NaN,
                    3 => random.Next(-1000, 1000),
                    _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)),
                });
            case 7:
                return RedisResult.BigNumber((random.Next(2) == 0 ? "-" : string.Empty) + random.NextInt64(1, long.MaxValue) + random.NextInt64(0, long.MaxValue));
            case 8:
                return RedisResult.BulkError("SYNTAX " + RandomText(random, allowNewlines: true));
            case 9:
                {
                    var content = new byte[random.Next(0, 50)];
                    random.NextBytes(content);
                    return RedisResult.Verbatim(random.Next(2) == 0 ? "txt"u8 : "mkd"u8, content);
                }

            case 10:
            case 11:
            case 12:
                return RedisResult.Integer(random.Next(0, 10));
            default:
                {
                    var type = (choice - 13) switch { 0 or 1 => RespType.Array, 2 => RespType.Map, 3 => RespType.Set, _ => RespType.Push };
                    var count = random.Next(0, 6) * (type == RespType.Map ? 2 : 1);
                    var items = new RedisResult[count];
                    for (var i = 0; i < count; i++)
                    {
                        items[i] = RandomTree(random, depth + 1);
                    }

                    return RedisResult.Aggregate(type, items);
                }
        }
    }

    private static string RandomText(Random random, bool allowNewlines)
    {
        var chars = new char[random.Next(0, 30)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(10) switch
            {
                0 => 'é',
                1 when allowNewlines => '\n',
                _ => (char)random.Next(0x20, 0x7F),
            };
        }

        return new string(chars);
    }
}
