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

        // Eight digits at a time while they are all 0-9 (anything else goes through the table below).
        while (pairs >= 4)
        {
            // Bounds-check the last byte of each block; the unaligned access then stays inside the spans.
            _ = packed[i + 3];
            _ = ascii[o + 7];
            var p = Unsafe.ReadUnaligned<uint>(ref Unsafe.AsRef(in packed[i]));
            ulong x = p;
            x = (x | (x << 16)) & 0x0000FFFF0000FFFFUL;
            x = (x | (x << 8)) & 0x00FF00FF00FF00FFUL;
            var d = ((x >> 4) & 0x000F000F000F000FUL) | ((x & 0x000F000F000F000FUL) << 8);
            if (((d + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL) != 0)
            {
                break;
            }

            Unsafe.WriteUnaligned(ref ascii[o], d | 0x3030303030303030UL);
            i += 4;
            o += 8;
            pairs -= 4;
        }

        if (pairs >= 2)
        {
            _ = packed[i + 1];
            _ = ascii[o + 3];
            uint x = Unsafe.ReadUnaligned<ushort>(ref Unsafe.AsRef(in packed[i]));
            x = (x | (x << 8)) & 0x00FF00FFu;
            var d = ((x >> 4) & 0x000F000Fu) | ((x & 0x000F000Fu) << 8);
            if (((d + 0x06060606u) & 0xF0F0F0F0u) == 0)
            {
                Unsafe.WriteUnaligned(ref ascii[o], d | 0x30303030u);
                i += 2;
                o += 4;
                pairs -= 2;
            }
        }

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

        // Eight digits at a time while they are all 0-9 (anything else goes through the table below).
        while (end - i >= 8)
        {
            _ = ascii[i + 7];
            _ = packed[o + 3];
            var x = Unsafe.ReadUnaligned<ulong>(ref Unsafe.AsRef(in ascii[i]));
            if ((x & 0xF0F0F0F0F0F0F0F0UL) != 0x3030303030303030UL
                || ((x + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL) != 0x3030303030303030UL)
            {
                break;
            }

            var d = x & 0x0F0F0F0F0F0F0F0FUL;
            var t = ((d << 4) | (d >> 8)) & 0x00FF00FF00FF00FFUL;
            t = (t | (t >> 8)) & 0x0000FFFF0000FFFFUL;
            t = (t | (t >> 16)) & 0x00000000FFFFFFFFUL;
            Unsafe.WriteUnaligned(ref packed[o], (uint)t);
            i += 8;
            o += 4;
        }

        if (end - i >= 4)
        {
            _ = ascii[i + 3];
            _ = packed[o + 1];
            var x = Unsafe.ReadUnaligned<uint>(ref Unsafe.AsRef(in ascii[i]));
            if ((x & 0xF0F0F0F0u) == 0x30303030u && ((x + 0x06060606u) & 0xF0F0F0F0u) == 0x30303030u)
            {
                var d = x & 0x0F0F0F0Fu;
                var t = ((d << 4) | (d >> 8)) & 0x00FF00FFu;
                Unsafe.WriteUnaligned(ref packed[o], (ushort)(t | (t >> 8)));
                i += 4;
                o += 2;
            }
        }

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
