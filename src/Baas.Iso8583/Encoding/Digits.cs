using System.Runtime.CompilerServices;

namespace Baas.Iso8583;

/// <summary>Small decimal helpers over ASCII digits, without allocation.</summary>
public static class Digits
{
    /// <summary>Parses 1-18 ASCII digits as a non-negative integer.</summary>
    public static bool TryParse(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 18)
        {
            return false;
        }

        long v = 0;
        foreach (var b in digits)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            v = (v * 10) + d;
        }

        value = v;
        return true;
    }

    /// <summary>Parses 1-9 ASCII digits as a non-negative integer.</summary>
    public static bool TryParse(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        var v = 0;
        foreach (var b in digits)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            v = (v * 10) + (int)d;
        }

        value = v;
        return true;
    }

    /// <summary>Writes <paramref name="value"/> as exactly <paramref name="dest"/>.Length digits, left-padded with zeros; false if it does not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryWrite(long value, Span<byte> dest)
    {
        if (value < 0)
        {
            return false;
        }

        for (var i = dest.Length - 1; i >= 0; i--)
        {
            dest[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        return value == 0;
    }
}
