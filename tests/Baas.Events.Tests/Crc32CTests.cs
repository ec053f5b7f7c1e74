using System.Text;
using Baas.Events.Log;

namespace Baas.Events.Tests;

/// <summary>CRC-32C (Castagnoli): published check values, and the hardware path agrees with the table.</summary>
public sealed class Crc32CTests
{
    [Fact]
    public void Check_value_of_123456789()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, Crc32C.ComputePortable("123456789"u8));
    }

    public static TheoryData<string, uint> Rfc3720Vectors => new()
    {
        // RFC 3720 appendix B.4 (iSCSI): 32 bytes each.
        { "zeros", 0x8A9136AAu },
        { "ones", 0x62A8AB43u },
        { "ascending", 0x46DD794Eu },
        { "descending", 0x113FDB5Cu },
    };

    [Theory]
    [MemberData(nameof(Rfc3720Vectors))]
    public void Rfc3720_vectors(string name, uint expected)
    {
        var data = name switch
        {
            "zeros" => new byte[32],
            "ones" => Enumerable.Repeat((byte)0xFF, 32).ToArray(),
            "ascending" => Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
            _ => Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(),
        };
        Assert.Equal(expected, Crc32C.Compute(data));
        Assert.Equal(expected, Crc32C.ComputePortable(data));
    }

    [Fact]
    public void Empty_input_and_short_strings()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
        Assert.Equal(0u, Crc32C.ComputePortable([]));
        Assert.Equal(0xC1D04330u, Crc32C.Compute("a"u8));
        Assert.Equal(0x22620404u, Crc32C.Compute(Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog")));
    }

    [Fact]
    public void Hardware_and_portable_agree_on_every_length_and_alignment()
    {
        var random = new Random(32);
        var data = new byte[4096 + 16];
        random.NextBytes(data);
        for (var offset = 0; offset < 16; offset++)
        {
            for (var length = 0; length <= 300; length++)
            {
                var slice = data.AsSpan(offset, length);
                Assert.Equal(Crc32C.ComputePortable(slice), Crc32C.Compute(slice));
            }
        }

        Assert.Equal(Crc32C.ComputePortable(data), Crc32C.Compute(data));
    }

    [Fact]
    public void A_single_flipped_bit_changes_the_crc()
    {
        var data = Encoding.ASCII.GetBytes("authorization log record payload");
        var crc = Crc32C.Compute(data);
        for (var bit = 0; bit < data.Length * 8; bit++)
        {
            data[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(crc, Crc32C.Compute(data));
            data[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }
}
