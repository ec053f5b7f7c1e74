using System.Runtime.CompilerServices;

namespace Baas.Iso8583;

/// <summary>Packed BCD to and from ASCII digits, a byte (two digits) at a time through lookup tables.</summary>
public static class Bcd
{
    private const int DigitsOk = 1; // both nibbles are 0-9
    private const int TrackOk = 2; // both nibbles are 0-9 or D (track separator)
    private const byte Separator = 0x10; // flag in NibbleOf: '=' or 'D'
    private const byte Invalid = 0xFF;

    private static readonly ushort[] PairChars = new ushort[256]; // two ASCII characters, first in the low byte
    private static readonly byte[] PairValid = new byte[256];
    private static readonly byte[] NibbleOf = new byte[256];

#pragma warning disable CA1810 // the three tables are built together
    static Bcd()
#pragma warning restore CA1810
    {
        for (var b = 0; b < 256; b++)
        {
            int hi = b >> 4, lo = b & 0xF;
            PairChars[b] = (ushort)(NibbleChar(hi) | (NibbleChar(lo) << 8));
            var digits = hi <= 9 && lo <= 9;
            var track = (hi <= 9 || hi == 0xD) && (lo <= 9 || lo == 0xD);
            PairValid[b] = (byte)((digits ? DigitsOk : 0) | (track ? TrackOk : 0));
            NibbleOf[b] = b switch
            {
                >= '0' and <= '9' => (byte)(b - '0'),
                '=' or 'D' => Separator | 0xD,
                _ => Invalid,
            };
        }
    }

    /// <summary>
    /// Unpacks <paramref name="digitCount"/> digits from <paramref name="packed"/> into ASCII. When the count is odd
    /// the pad nibble is on the <paramref name="padLeft"/> side and is skipped. Nibbles 0-9 become '0'-'9'; a
    /// nibble 0xD becomes '=' when <paramref name="allowSeparator"/> (track data). Returns false on any other nibble.
    /// </summary>
    public static bool TryUnpack(ReadOnlySpan<byte> packed, int digitCount, bool padLeft, bool allowSeparator, Span<byte> ascii)
    {
        var need = allowSeparator ? TrackOk : DigitsOk;
        var ok = need;
        var o = 0;
        var i = 0;
        var odd = (digitCount & 1) != 0;
        ascii = ascii[..digitCount];
        if (odd && padLeft)
        {
            var lo = packed[0] & 0xF;
            ascii[0] = (byte)(PairChars[lo] >> 8);
            ok &= PairValid[lo];
            i = 1;
            o = 1;
        }

        var pairs = (digitCount - o) >> 1;
        var chars = PairChars;
        var valid = PairValid;
        for (var k = 0; k < pairs; k++)
        {
            var b = packed[i++];
            Unsafe.WriteUnaligned(ref ascii[o], chars[b]);
            ok &= valid[b];
            o += 2;
        }

        if (odd && !padLeft)
        {
            var hi = packed[i] & 0xF0;
            ascii[o] = (byte)PairChars[hi];
            ok &= PairValid[hi];
        }

        return ok == need;
    }

    /// <summary>
    /// Packs ASCII digits into BCD. An odd count gets the <paramref name="padNibble"/> on the
    /// <paramref name="padLeft"/> side. '=' and 'D' pack as 0xD when <paramref name="allowSeparator"/>.
    /// Returns false on any other character.
    /// </summary>
    public static bool TryPack(ReadOnlySpan<byte> ascii, bool padLeft, int padNibble, bool allowSeparator, Span<byte> packed)
    {
        var table = NibbleOf;
        var acc = 0;
        var i = 0;
        var o = 0;
        var odd = (ascii.Length & 1) != 0;
        if (odd && padLeft)
        {
            int lo = table[ascii[0]];
            acc |= lo;
            packed[0] = (byte)((padNibble << 4) | (lo & 0xF));
            i = 1;
            o = 1;
        }

        var end = ascii.Length - (odd && !padLeft ? 1 : 0);
        for (; i < end; i += 2)
        {
            int hi = table[ascii[i]];
            int lo = table[ascii[i + 1]];
            acc |= hi | lo;
            packed[o++] = (byte)(((hi & 0xF) << 4) | (lo & 0xF));
        }

        if (odd && !padLeft)
        {
            int hi = table[ascii[^1]];
            acc |= hi;
            packed[o] = (byte)(((hi & 0xF) << 4) | (padNibble & 0xF));
        }

        return acc != Invalid && (acc & 0xE0) == 0 && (allowSeparator || (acc & Separator) == 0);
    }

    private static int NibbleChar(int nibble) => nibble switch
    {
        <= 9 => '0' + nibble,
        0xD => '=',
        _ => '?',
    };
}
