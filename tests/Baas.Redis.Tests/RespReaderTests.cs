using System.Buffers;
using System.Text;
using Baas.Redis.Protocol;

namespace Baas.Redis.Tests;

/// <summary>Every RESP type parsed whole, from every prefix, split across segments, and delivered one byte at a time.</summary>
public sealed class RespReaderTests
{
    public static TheoryData<string> FixtureNames => [.. RespFixtures.All.Select(f => f.Name)];

    public static TheoryData<string> MalformedNames => [.. RespFixtures.Malformed.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Fixture_parses_whole_and_re_encodes_canonically(string name)
    {
        var (wire, canonical) = Fixture(name);

        var (result, consumed) = ReadOne(new ReadOnlySequence<byte>(wire));

        Assert.Equal(wire.Length, consumed);
        Assert.Equal(RespEncoder.Show(canonical), RespEncoder.Show(RespEncoder.Encode(result)));
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Every_proper_prefix_is_incomplete_and_consumes_nothing(string name)
    {
        var (wire, _) = Fixture(name);
        for (var length = 0; length < wire.Length; length++)
        {
            var reader = new RespReader(new ReadOnlySequence<byte>(wire, 0, length));
            Assert.False(reader.TryReadValue(out var result), $"{name}: {length} of {wire.Length} bytes read as {result}");
            Assert.Equal(0, reader.Consumed);
            Assert.False(reader.TrySkipValue());
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Fixture_split_at_every_pair_of_points_parses_the_same(string name)
    {
        var (wire, canonical) = Fixture(name);
        for (var i = 1; i < wire.Length; i++)
        {
            for (var j = i; j < wire.Length; j++)
            {
                var (result, consumed) = ReadOne(Segments.Split(wire, i, j));
                Assert.Equal(wire.Length, consumed);
                Assert.Equal(canonical, RespEncoder.Encode(result));
            }
        }
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Fixture_with_one_byte_per_segment_and_empty_segments_parses_the_same(string name)
    {
        var (wire, canonical) = Fixture(name);
        foreach (var empty in new[] { false, true })
        {
            var (result, consumed) = ReadOne(Segments.OnePerByte(wire, empty));
            Assert.Equal(wire.Length, consumed);
            Assert.Equal(canonical, RespEncoder.Encode(result));
        }
    }

    [Fact]
    public void All_fixtures_back_to_back_delivered_one_byte_at_a_time_come_out_in_order()
    {
        var stream = RespFixtures.All.SelectMany(f => RespFixtures.Bytes(f.Wire)).ToArray();
        var expected = RespFixtures.All.Select(f => RespFixtures.Bytes(f.Canonical)).ToList();

        // What the connection's read loop does: parse everything complete, keep the rest, receive more.
        var results = new List<byte[]>();
        var start = 0;
        for (var end = 1; end <= stream.Length; end++)
        {
            var reader = new RespReader(Segments.Split(stream[start..end], (end - start) / 2));
            while (reader.TryReadValue(out var result))
            {
                results.Add(RespEncoder.Encode(result));
            }

            start += (int)reader.Consumed;
        }

        Assert.Equal(stream.Length, start);
        Assert.Equal(expected.Count, results.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(RespEncoder.Show(expected[i]), RespEncoder.Show(results[i]));
        }
    }

    [Theory]
    [MemberData(nameof(MalformedNames))]
    public void Malformed_input_throws_a_protocol_exception(string name)
    {
        var wire = RespFixtures.Bytes(RespFixtures.Malformed.Single(f => f.Name == name).Wire);

        Assert.Throws<RedisProtocolException>(() => ReadOne(new ReadOnlySequence<byte>(wire)));
        Assert.Throws<RedisProtocolException>(() => new RespReader(new ReadOnlySequence<byte>(wire)).TrySkipValue());
        Assert.Throws<RedisProtocolException>(() => ReadOne(Segments.OnePerByte(wire, emptyBetween: true)));
    }

    [Fact]
    public void Bulk_length_above_the_limit_is_refused_before_its_payload_arrives()
    {
        var header = "$11\r\n"u8.ToArray();

        var exception = Assert.Throws<RedisProtocolException>(() => new RespReader(new ReadOnlySequence<byte>(header), maxBulkLength: 10).TryReadValue(out _));
        Assert.Contains("11", exception.Message, StringComparison.Ordinal);
        Assert.True(new RespReader(new ReadOnlySequence<byte>("$10\r\n0123456789\r\n"u8.ToArray()), maxBulkLength: 10).TryReadValue(out _));
    }

    [Fact]
    public void Nesting_is_accepted_to_the_maximum_depth_and_refused_past_it()
    {
        static byte[] Nested(int depth) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", depth)) + ":7\r\n");

        var (result, _) = ReadOne(new ReadOnlySequence<byte>(Nested(RespReader.MaxDepth)));
        for (var i = 0; i < RespReader.MaxDepth; i++)
        {
            result = result[0];
        }

        Assert.Equal(7, result.AsInt64());
        Assert.Throws<RedisProtocolException>(() => ReadOne(new ReadOnlySequence<byte>(Nested(RespReader.MaxDepth + 1))));

        // Deep enough to overflow the stack if the depth were not checked before recursing.
        Assert.Throws<RedisProtocolException>(() => ReadOne(new ReadOnlySequence<byte>(Nested(100_000))));
    }

    [Fact]
    public void A_line_without_CRLF_is_partial_until_it_is_too_long_to_be_valid()
    {
        var shortLine = Encoding.ASCII.GetBytes("+" + new string('a', 1000));
        var longLine = Encoding.ASCII.GetBytes("+" + new string('a', RespReader.MaxLineLength + 2));
        var longNumber = Encoding.ASCII.GetBytes(":" + new string('1', 40));

        Assert.False(new RespReader(new ReadOnlySequence<byte>(shortLine)).TryReadValue(out _));
        Assert.Throws<RedisProtocolException>(() => ReadOne(new ReadOnlySequence<byte>(longLine)));
        Assert.Throws<RedisProtocolException>(() => ReadOne(new ReadOnlySequence<byte>(longNumber)));
    }

    [Fact]
    public void A_huge_element_count_with_no_elements_is_partial_and_allocates_nothing()
    {
        var header = "*2147483000\r\n:1\r\n:2\r\n"u8.ToArray();
        var complete = true;

        var allocated = Allocations.Steady(() => complete &= new RespReader(new ReadOnlySequence<byte>(header)).TryReadValue(out _), iterations: 10);

        Assert.False(complete);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Several_replies_in_one_buffer_are_read_in_order_and_a_partial_tail_is_left()
    {
        var wire = "+OK\r\n:5\r\n$3\r\nabc\r\n*2\r\n:1\r\n"u8.ToArray();
        var reader = new RespReader(new ReadOnlySequence<byte>(wire));

        Assert.True(reader.TryReadValue(out var ok));
        Assert.True(reader.TryReadValue(out var five));
        Assert.True(reader.TryReadValue(out var abc));
        Assert.False(reader.TryReadValue(out _));

        Assert.Same(RedisResult.Ok, ok);
        Assert.Equal(5, five.AsInt64());
        Assert.Equal("abc", abc.AsString());
        Assert.Equal(wire.Length - "*2\r\n:1\r\n".Length, reader.Consumed);
        Assert.Equal("*2\r\n:1\r\n".Length, reader.Remaining);
    }

    [Fact]
    public void Skipping_a_complete_nested_reply_and_reading_common_scalars_allocates_nothing()
    {
        var nested = RespFixtures.Bytes(RespFixtures.All.Single(f => f.Name == "xreadgroup resp2").Wire);
        byte[][] scalars = ["+OK\r\n"u8.ToArray(), "+PONG\r\n"u8.ToArray(), ":1\r\n"u8.ToArray(), "$-1\r\n"u8.ToArray(),
            "*-1\r\n"u8.ToArray(), "_\r\n"u8.ToArray(), "#t\r\n"u8.ToArray(), "$0\r\n\r\n"u8.ToArray(), "*0\r\n"u8.ToArray()];
        var split = Segments.Split(nested, 7, 19, 40);

        Assert.Equal(0, Allocations.Steady(Exercise, iterations: 100));

        void Exercise()
        {
            Assert.True(new RespReader(new ReadOnlySequence<byte>(nested)).TrySkipValue());
            Assert.True(new RespReader(split).TrySkipValue());
            Assert.False(new RespReader(new ReadOnlySequence<byte>(nested, 0, nested.Length - 1)).TryReadValue(out _));
            foreach (var scalar in scalars)
            {
                Assert.True(new RespReader(new ReadOnlySequence<byte>(scalar)).TryReadValue(out _));
            }
        }
    }

    [Fact]
    public void Bulk_payloads_are_binary_safe_for_every_byte_value()
    {
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var wire = Encoding.ASCII.GetBytes("$256\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();

        var (result, _) = ReadOne(Segments.Split(wire, 3, 6, 20, 140, 260));

        Assert.Equal(payload, result.AsBytes());
    }

    internal static (RedisResult Result, long Consumed) ReadOne(ReadOnlySequence<byte> buffer)
    {
        var reader = new RespReader(buffer);
        Assert.True(reader.TryReadValue(out var result), "expected a complete reply");
        return (result, reader.Consumed);
    }

    private static (byte[] Wire, byte[] Canonical) Fixture(string name)
    {
        var fixture = RespFixtures.All.Single(f => f.Name == name);
        return (RespFixtures.Bytes(fixture.Wire), RespFixtures.Bytes(fixture.Canonical));
    }
}
