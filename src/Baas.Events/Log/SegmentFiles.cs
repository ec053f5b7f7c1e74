using System.Buffers.Binary;
using System.Globalization;

namespace Baas.Events.Log;

/// <summary>
/// Naming and scanning of segment files. A segment is named by the sequence of its first record
/// (<c>00000000000000000001.seg</c>). A record is framed as length (4), CRC-32C of the payload (4), payload;
/// a zero length, a short read or a CRC mismatch marks the end of valid data.
/// </summary>
public static class SegmentFiles
{
    /// <summary>Bytes of framing before each payload.</summary>
    public const int FrameHeader = 8;

    /// <summary>The largest payload accepted (anything bigger is corruption).</summary>
    public const int MaxPayload = 1 << 20;

    /// <summary>File name of the segment whose first record has <paramref name="firstSeq"/>.</summary>
    public static string NameFor(long firstSeq) => firstSeq.ToString("D20", CultureInfo.InvariantCulture) + ".seg";

    /// <summary>The segments in a directory, by first sequence.</summary>
    public static IReadOnlyList<(long FirstSeq, string Path)> List(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var list = new List<(long, string)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.seg"))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            {
                list.Add((first, path));
            }
        }

        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return list;
    }

    /// <summary>
    /// Scans a segment file from its start: the offset just past the last valid record, the sequence of that
    /// record (0 when none) and the count of valid records.
    /// </summary>
    public static (long EndOffset, long LastSeq, long Records) Scan(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var header = new byte[FrameHeader];
        var payload = new byte[4096];
        long offset = 0;
        long lastSeq = 0;
        long records = 0;
        while (true)
        {
            if (!ReadExactly(stream, header))
            {
                break;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (length <= 0 || length > MaxPayload)
            {
                break;
            }

            if (payload.Length < length)
            {
                payload = new byte[Math.Max(length, payload.Length * 2)];
            }

            if (!ReadExactly(stream, payload.AsSpan(0, length)) || Crc32C.Compute(payload.AsSpan(0, length)) != crc)
            {
                break;
            }

            lastSeq = LogEvent.PeekSeq(payload);
            offset += FrameHeader + length;
            records++;
        }

        return (offset, lastSeq, records);
    }

    internal static bool ReadExactly(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                return false;
            }

            total += n;
        }

        return true;
    }
}
