using System.Buffers;
using System.Text;
using Baas.Redis.Protocol;

namespace Baas.Redis.Tests;

/// <summary>Commands are encoded as arrays of bulk strings, binary-safe, with lengths in bytes.</summary>
public sealed class RespWriterTests
{
    [Fact]
    public void Every_argument_kind_is_encoded_as_a_bulk_string()
    {
        var output = new ArrayBufferWriter<byte>();

        RespWriter.WriteCommand(output, "SET", ["key", new byte[] { 0, 13, 10, 255 }, 42L, -7, 1.5, double.PositiveInfinity, "é"]);

        Assert.Equal(
            "*8\\r\\n$3\\r\\nSET\\r\\n$3\\r\\nkey\\r\\n$4\\r\\n\\x00\\r\\n\\xff\\r\\n$2\\r\\n42\\r\\n$2\\r\\n-7\\r\\n$3\\r\\n1.5\\r\\n$4\\r\\n+inf\\r\\n$2\\r\\n\\xc3\\xa9\\r\\n",
            RespEncoder.Show(output.WrittenSpan));
    }

    [Fact]
    public void A_payload_larger_than_the_buffer_and_every_byte_value_round_trips_through_the_reader()
    {
        var payload = new byte[300_000];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)i;
        }

        var output = new WriteBuffer();
        output.Write(new byte[WriteBuffer.ChunkSize - 10]);
        var mark = output.WrittenCount;
        RespWriter.WriteCommand(output, "XADD", ["stream", "1-1", "e", payload]);

        var written = Written(output)[(int)mark..];
        var (result, consumed) = RespReaderTests.ReadOne(new ReadOnlySequence<byte>(written));
        Assert.Equal(written.Length, consumed);
        Assert.Equal(5, result.Count);
        Assert.Equal(payload, result[4].AsBytes());
    }

    [Fact]
    public void A_null_argument_is_refused()
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentException>(() => RespWriter.WriteCommand(output, "GET", [(string?)null]));
        Assert.Throws<ArgumentException>(() => RespWriter.WriteCommand(output, "GET", [default]));
    }

    [Fact]
    public void Truncating_the_write_buffer_drops_a_half_written_command()
    {
        var buffer = new WriteBuffer();
        RespWriter.WriteCommand(buffer, "PING", []);
        var mark = buffer.WrittenCount;
        RespWriter.WriteCommand(buffer, "ECHO", [new byte[WriteBuffer.ChunkSize * 3]]);

        buffer.Truncate(mark);
        RespWriter.WriteCommand(buffer, "PING", []);

        Assert.Equal("*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n", Encoding.ASCII.GetString(Written(buffer)));
        buffer.Reset();
        Assert.Empty(Written(buffer));
    }

    private static byte[] Written(WriteBuffer buffer)
    {
        var segments = new List<ReadOnlyMemory<byte>>();
        buffer.CollectSegments(segments);
        return [.. segments.SelectMany(s => s.ToArray())];
    }
}
