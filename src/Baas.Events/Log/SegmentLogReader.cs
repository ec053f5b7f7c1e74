using System.Buffers.Binary;

namespace Baas.Events.Log;

/// <summary>
/// Reads the log in order from any sequence, across segments, and can follow a log that is still being
/// written: at the end of valid data it returns false and can be asked again later. Not thread-safe.
/// </summary>
public sealed class SegmentLogReader : IDisposable
{
    private readonly string _directory;
    private readonly byte[] _header = new byte[SegmentFiles.FrameHeader];
    private byte[] _payload = new byte[8192];
    private FileStream? _stream;
    private long _segmentFirstSeq;
    private long _recordStart;
    private int _payloadLength;
    private long _next = 1;

    /// <summary>A reader positioned at the first record.</summary>
    public SegmentLogReader(string directory) => _directory = directory;

    /// <summary>The sequence of the last record returned (0 before any).</summary>
    public long LastSeq { get; private set; }

    /// <summary>The payload of the last record returned (valid until the next read).</summary>
    public ReadOnlySpan<byte> Current => _payload.AsSpan(0, _payloadLength);

    /// <summary>Positions the reader so that the next record returned has a sequence of at least <paramref name="seq"/>.</summary>
    public void Seek(long seq)
    {
        CloseSegment();
        _next = Math.Max(1, seq);
        LastSeq = 0;
    }

    /// <summary>Reads the next record into <see cref="Current"/>; false at the end of what is durable so far.</summary>
    public bool TryReadNext()
    {
        while (true)
        {
            if (_stream is null && !OpenSegmentFor(_next))
            {
                return false;
            }

            if (TryReadRecord())
            {
                var seq = LogEvent.PeekSeq(Current);
                if (seq < _next)
                {
                    continue;
                }

                _next = seq + 1;
                LastSeq = seq;
                return true;
            }

            // End of valid data in this segment: move on when the next segment starts right here.
            var later = SegmentFiles.List(_directory).FirstOrDefault(s => s.FirstSeq > _segmentFirstSeq && s.FirstSeq <= _next);
            if (later.Path is null)
            {
                _payloadLength = 0;
                return false;
            }

            Open(later.FirstSeq, later.Path);
        }
    }

    /// <summary>
    /// Like <see cref="TryReadNext"/>, but never past <paramref name="committed"/>: a record that is written and not
    /// yet durable is left to be read again once it is (the relay and local consumers must not run ahead of fsync).
    /// </summary>
    public bool TryReadNextCommitted(long committed)
    {
        if (!TryReadNext())
        {
            return false;
        }

        if (LastSeq <= committed)
        {
            return true;
        }

        Seek(LastSeq);
        return false;
    }

    /// <inheritdoc />
    public void Dispose() => CloseSegment();

    private bool TryReadRecord()
    {
        var stream = _stream!;
        stream.Position = _recordStart;
        if (!SegmentFiles.ReadExactly(stream, _header))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(_header);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(4));
        if (length <= 0 || length > SegmentFiles.MaxPayload)
        {
            return false;
        }

        if (_payload.Length < length)
        {
            _payload = new byte[Math.Max(length, _payload.Length * 2)];
        }

        if (!SegmentFiles.ReadExactly(stream, _payload.AsSpan(0, length)) || Crc32C.Compute(_payload.AsSpan(0, length)) != crc)
        {
            return false;
        }

        _payloadLength = length;
        _recordStart += SegmentFiles.FrameHeader + length;
        return true;
    }

    private bool OpenSegmentFor(long seq)
    {
        var segments = SegmentFiles.List(_directory);
        if (segments.Count == 0)
        {
            return false;
        }

        var chosen = segments[0];
        foreach (var s in segments)
        {
            if (s.FirstSeq <= seq)
            {
                chosen = s;
            }
        }

        Open(chosen.FirstSeq, chosen.Path);
        return true;
    }

    private void Open(long firstSeq, string path)
    {
        CloseSegment();
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        _segmentFirstSeq = firstSeq;
        _recordStart = 0;
    }

    private void CloseSegment()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
