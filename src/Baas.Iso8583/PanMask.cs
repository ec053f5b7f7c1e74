namespace Baas.Iso8583;

/// <summary>
/// Masks card numbers for display: the first six and last four digits stay, the rest become '*'. Short numbers
/// keep at most the last four. Track data keeps everything after the PAN's separator.
/// </summary>
public static class PanMask
{
    /// <summary>Masks a PAN into <paramref name="dest"/> (same length).</summary>
    public static void Mask(ReadOnlySpan<byte> pan, Span<byte> dest)
    {
        pan.CopyTo(dest);
        var length = pan.Length;
        int keepStart;
        int keepEnd;
        if (length >= 13)
        {
            keepStart = 6;
            keepEnd = 4;
        }
        else
        {
            keepStart = 0;
            keepEnd = length > 8 ? 4 : 0;
        }

        dest[keepStart..(length - keepEnd)].Fill((byte)'*');
    }

    /// <summary>A masked copy of a PAN as a string.</summary>
    public static string Mask(string pan)
    {
        ArgumentNullException.ThrowIfNull(pan);
        var bytes = System.Text.Encoding.Latin1.GetBytes(pan);
        Mask(bytes, bytes);
        return System.Text.Encoding.Latin1.GetString(bytes);
    }

    /// <summary>Masks the PAN inside track 2 data (digits up to '=' or 'D').</summary>
    public static void MaskTrack2(ReadOnlySpan<byte> track, Span<byte> dest)
    {
        track.CopyTo(dest);
        var sep = track.IndexOfAny((byte)'=', (byte)'D');
        var panLength = sep < 0 ? track.Length : sep;
        Mask(track[..panLength], dest[..panLength]);
    }

    /// <summary>Masks the PAN inside track 1 data (after the format code, up to '^').</summary>
    public static void MaskTrack1(ReadOnlySpan<byte> track, Span<byte> dest)
    {
        track.CopyTo(dest);
        if (track.IsEmpty)
        {
            return;
        }

        var start = track[0] is (byte)'B' or (byte)'b' ? 1 : 0;
        var end = track[start..].IndexOf((byte)'^');
        var panLength = end < 0 ? track.Length - start : end;
        Mask(track.Slice(start, panLength), dest.Slice(start, panLength));
    }
}
