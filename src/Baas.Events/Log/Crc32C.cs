using System.Runtime.Intrinsics.X86;

namespace Baas.Events.Log;

/// <summary>CRC-32C (Castagnoli) of log records: SSE4.2 instructions where present, a table otherwise.</summary>
public static class Crc32C
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFFu, data);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        var i = 0;
        if (Sse42.X64.IsSupported)
        {
            ulong c = crc;
            for (; i + 8 <= data.Length; i += 8)
            {
                c = Sse42.X64.Crc32(c, BitConverter.ToUInt64(data.Slice(i, 8)));
            }

            crc = (uint)c;
        }

        if (Sse42.IsSupported)
        {
            for (; i < data.Length; i++)
            {
                crc = Sse42.Crc32(crc, data[i]);
            }

            return crc;
        }

        for (; i < data.Length; i++)
        {
            crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>The portable implementation, for tests that compare it with the hardware one.</summary>
    internal static uint ComputePortable(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        const uint Polynomial = 0x82F63B78u;
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
