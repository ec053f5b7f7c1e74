using System.Text;

namespace Baas.Iso8583;

/// <summary>
/// EBCDIC code page 1047 to and from Latin-1, one byte each way. The tables come from .NET's own code-page
/// provider once at start-up, so they cannot drift from IBM's definition.
/// </summary>
public static class Ebcdic
{
    private static readonly byte[] ToLatin1Table = new byte[256];
    private static readonly byte[] FromLatin1Table = new byte[256];

#pragma warning disable CA1810 // the two tables are filled together from one encoding
    static Ebcdic()
#pragma warning restore CA1810
    {
        var cp1047 = CodePagesEncodingProvider.Instance.GetEncoding(1047)
            ?? throw new InvalidOperationException("code page 1047 is not available");
        Span<char> chars = stackalloc char[256];
        for (var i = 0; i < 256; i++)
        {
            chars[i] = (char)i;
        }

        Span<byte> ebcdic = stackalloc byte[256 * 2];
        var n = cp1047.GetBytes(chars, ebcdic);
        if (n != 256)
        {
            throw new InvalidOperationException("code page 1047 does not map Latin-1 one to one");
        }

        for (var i = 0; i < 256; i++)
        {
            FromLatin1Table[i] = ebcdic[i];
            ToLatin1Table[ebcdic[i]] = (byte)i;
        }
    }

    /// <summary>Translates EBCDIC bytes into Latin-1 bytes (same length).</summary>
    public static void ToLatin1(ReadOnlySpan<byte> ebcdic, Span<byte> latin1)
    {
        var table = ToLatin1Table;
        for (var i = 0; i < ebcdic.Length; i++)
        {
            latin1[i] = table[ebcdic[i]];
        }
    }

    /// <summary>Translates Latin-1 bytes into EBCDIC bytes (same length).</summary>
    public static void FromLatin1(ReadOnlySpan<byte> latin1, Span<byte> ebcdic)
    {
        var table = FromLatin1Table;
        for (var i = 0; i < latin1.Length; i++)
        {
            ebcdic[i] = table[latin1[i]];
        }
    }

    /// <summary>The Latin-1 byte for one EBCDIC byte.</summary>
    public static byte ToLatin1(byte ebcdic) => ToLatin1Table[ebcdic];

    /// <summary>The EBCDIC byte for one Latin-1 byte.</summary>
    public static byte FromLatin1(byte latin1) => FromLatin1Table[latin1];
}
