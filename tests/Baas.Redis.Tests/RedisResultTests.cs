using System.Buffers;
using System.Numerics;

namespace Baas.Redis.Tests;

/// <summary>Reading a reply as the type a caller wants, across the RESP2 and RESP3 shapes of the same value.</summary>
public sealed class RedisResultTests
{
    [Fact]
    public void Scalars_convert_between_the_shapes_redis_uses()
    {
        Assert.Equal(123, Parse("$3\r\n123\r\n").AsInt64());
        Assert.Equal(-5, Parse(":-5\r\n").AsInt64());
        Assert.Equal(1, Parse("#t\r\n").AsInt64());
        Assert.Equal(2.5, Parse("$3\r\n2.5\r\n").AsDouble());
        Assert.Equal(double.NegativeInfinity, Parse("$4\r\n-inf\r\n").AsDouble());
        Assert.Equal(3.0, Parse(":3\r\n").AsDouble());
        Assert.True(Parse(":1\r\n").AsBoolean());
        Assert.Equal(BigInteger.Parse("1234567999999999999999999999999999999"), Parse("(1234567999999999999999999999999999999\r\n").AsBigInteger());
        Assert.Equal("42", Parse(":42\r\n").AsString());
        Assert.Equal("txt", Parse("=8\r\ntxt:abcd\r\n").VerbatimFormat);
        Assert.Equal("abcd", Parse("=8\r\ntxt:abcd\r\n").AsString());
        Assert.Null(Parse("$-1\r\n").AsString());
        Assert.Null(Parse("_\r\n").AsBytes());
        Assert.Null(Parse("$-1\r\n").AsNullableInt64());
    }

    [Fact]
    public void Nulls_of_every_kind_are_null_and_read_as_empty_aggregates()
    {
        foreach (var wire in new[] { "$-1\r\n", "*-1\r\n", "_\r\n" })
        {
            var result = Parse(wire);
            Assert.True(result.IsNull, wire);
            Assert.Equal(0, result.Count);
        }

        Assert.False(Parse("$0\r\n\r\n").IsNull);
        Assert.False(Parse("*0\r\n").IsNull);
    }

    [Fact]
    public void Errors_carry_their_message()
    {
        var simple = Parse("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        var bulk = Parse("!10\r\nERR broken\r\n");

        Assert.True(simple.IsError);
        Assert.StartsWith("WRONGTYPE", simple.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(RespType.BulkError, bulk.Type);
        Assert.Equal("ERR broken", bulk.ErrorMessage);
        Assert.Null(Parse("+OK\r\n").ErrorMessage);
        Assert.Equal("WRONGTYPE", new RedisServerException(simple.ErrorMessage!).ErrorCode);
    }

    [Fact]
    public void Maps_and_flat_arrays_both_read_as_pairs()
    {
        var map = Parse("%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n").AsPairs();
        var flat = Parse("*4\r\n+a\r\n:1\r\n+b\r\n:2\r\n").AsPairs();

        Assert.Equal(["a:1", "b:2"], map.Select(p => $"{p.Key.AsString()}:{p.Value.AsInt64()}"));
        Assert.Equal(["a:1", "b:2"], flat.Select(p => $"{p.Key.AsString()}:{p.Value.AsInt64()}"));
        Assert.Throws<RedisProtocolException>(() => Parse("*1\r\n+a\r\n").AsPairs());
    }

    [Fact]
    public void Reading_a_value_as_the_wrong_type_throws_invalid_cast()
    {
        Assert.Throws<InvalidCastException>(() => Parse("*1\r\n:1\r\n").AsInt64());
        Assert.Throws<InvalidCastException>(() => Parse("$3\r\nabc\r\n").AsInt64());
        Assert.Throws<InvalidCastException>(() => Parse(":1\r\n").Items.Length);
        Assert.Throws<InvalidCastException>(() => Parse("+OK\r\n").AsBoolean());
        Assert.Throws<InvalidCastException>(() => Parse("*0\r\n").AsString());
    }

    [Fact]
    public void ToString_is_short_and_escapes_binary()
    {
        Assert.Equal("*3 [+OK, :1, $2 \"\\x00\\xff\"]", Parse("*3\r\n+OK\r\n:1\r\n$2\r\n\0\u00ff\r\n").ToString());
        Assert.Equal("%1 [+a: #t]", Parse("%1\r\n+a\r\n#t\r\n").ToString());
        Assert.Equal("$-1", Parse("$-1\r\n").ToString());
        Assert.EndsWith("...]", Parse("*20\r\n" + string.Concat(Enumerable.Repeat(":1\r\n", 20))).ToString(), StringComparison.Ordinal);
    }

    private static RedisResult Parse(string wire) =>
        RespReaderTests.ReadOne(new ReadOnlySequence<byte>(RespFixtures.Bytes(wire))).Result;
}
