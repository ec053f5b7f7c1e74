using System.Buffers;

namespace Baas.Iso8583;

/// <summary>Hexadecimal text to and from bytes (accepts either case, writes upper case).</summary>
public static class Hex
{
    /// <summary>Decodes hex characters into bytes; false on an odd count or a non-hex character.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> hex, Span<byte> bytes)
    {
        if ((hex.Length & 1) != 0)
        {
            return false;
        }

        return Convert.FromHexString(hex, bytes, out var consumed, out var written) == OperationStatus.Done
            && consumed == hex.Length && written == hex.Length / 2;
    }

    /// <summary>Encodes bytes as upper-case hex characters into a span twice as long.</summary>
    public static void Encode(ReadOnlySpan<byte> bytes, Span<byte> hex)
    {
        if (!Convert.TryToHexString(bytes, hex, out _))
        {
            ThrowHelper.ThrowArgument(nameof(hex), "destination too small");
        }
    }

    /// <summary>Upper-case hex string of the bytes (for tools, not hot paths).</summary>
    public static string ToString(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
