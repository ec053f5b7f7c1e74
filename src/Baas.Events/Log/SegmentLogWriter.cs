using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Baas.Events.Log;

/// <summary>
/// The durable authorization log. One thread (the authorizer's engine) appends records into a staging ring;
/// a committer thread writes everything appended since the last commit with as few writes as possible, then
/// one fsync, then reports the committed sequence (group commit: one flush covers every record appended
/// since the last). On open, the last segment is scanned and a torn tail is cut off.
/// </summary>
public sealed class SegmentLogWriter : IDisposable
{
    private readonly string _directory;
    private readonly SegmentLogOptions _options;
    private readonly byte[] _ring;
    private readonly Thread _committer;
    // No spinning before the committer sleeps on a machine of two cores or fewer: the spin would take the core
    // the engine and the network threads need.
    private readonly ManualResetEventSlim _work = new(false, Environment.ProcessorCount > 2 ? 35 : 0);
    private readonly ManualResetEventSlim _space = new(false);
    private readonly ManualResetEventSlim _committed = new(false);
    private readonly Lock _publish = new();
    private byte[] _scratch = new byte[8192];

    // Appender side (engine thread only).
    private long _appendPos;
    private long _nextSeq;

    // Published by the appender for the committer.
    private long _publishedPos;
    private long _publishedSeq;

    // Committer side.
    private long _committedPos;
    private long _committedSeq;
    private SafeFileHandle _file;
    private long _fileOffset;
    private volatile bool _stopping;
    private Exception? _failure;

    /// <summary>Opens (or creates) the log in <paramref name="directory"/>, recovering its end.</summary>
    public SegmentLogWriter(string directory, SegmentLogOptions? options = null)
    {
        _directory = directory;
        _options = options ?? new SegmentLogOptions();
        _ring = new byte[_options.BufferBytes];
        System.IO.Directory.CreateDirectory(directory);

        var segments = SegmentFiles.List(directory);
        long lastSeq = 0;
        string path;
        if (segments.Count == 0)
        {
            path = Path.Combine(directory, SegmentFiles.NameFor(1));
            _fileOffset = 0;
        }
        else
        {
            (var first, path) = segments[^1];
            var (end, seq, _) = SegmentFiles.Scan(path);
            _fileOffset = end;
            lastSeq = seq != 0 ? seq : first - 1;
        }

        var created = !File.Exists(path);
        _file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        if (created)
        {
            DirectorySync.Flush(directory);
        }

        if (RandomAccess.GetLength(_file) != _fileOffset)
        {
            // A torn or partly-written tail from a crash: cut it off so new records follow the last good one.
            RandomAccess.SetLength(_file, _fileOffset);
            RandomAccess.FlushToDisk(_file);
        }

        _nextSeq = lastSeq + 1;
        _publishedSeq = _committedSeq = lastSeq;
        RecoveredLastSeq = lastSeq;
        _committer = new Thread(CommitLoop) { IsBackground = true, Name = "authlog-commit" };
        _committer.Start();
    }

    /// <summary>The last sequence found in the log when it was opened (0 for a new log).</summary>
    public long RecoveredLastSeq { get; }

    /// <summary>The sequence the next append will get.</summary>
    public long NextSeq => _nextSeq;

    /// <summary>The highest sequence known durable.</summary>
    public long CommittedSeq => Volatile.Read(ref _committedSeq);

    /// <summary>The directory of the segment files.</summary>
    public string LogDirectory => _directory;

    /// <summary>
    /// Appends a record (envelope header plus <paramref name="body"/>) and returns its sequence. Engine thread
    /// only. Waits, without allocating, when the staging ring is full.
    /// </summary>
    public long Append(EventType type, byte version, long timestampMicros, ReadOnlySpan<byte> body)
    {
        ThrowIfFailed();
        var payload = LogEvent.HeaderSize + body.Length;
        var size = SegmentFiles.FrameHeader + payload;
        if (payload > SegmentFiles.MaxPayload)
        {
            throw new ArgumentException("record too large", nameof(body));
        }

        if (_scratch.Length < size)
        {
            _scratch = new byte[Math.Max(size, _scratch.Length * 2)];
        }

        var seq = _nextSeq;
        var record = _scratch.AsSpan(0, size);
        LogEvent.WriteHeader(record[SegmentFiles.FrameHeader..], seq, timestampMicros, type, version);
        body.CopyTo(record[(SegmentFiles.FrameHeader + LogEvent.HeaderSize)..]);
        BinaryPrimitives.WriteInt32LittleEndian(record, payload);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32C.Compute(record[SegmentFiles.FrameHeader..]));

        WaitForSpace(size);
        CopyIntoRing(_appendPos, record);
        _appendPos += size;
        _nextSeq = seq + 1;
        return seq;
    }

    /// <summary>Hands everything appended so far to the committer (call once per batch).</summary>
    public void Commit()
    {
        lock (_publish)
        {
            _publishedPos = _appendPos;
            _publishedSeq = _nextSeq - 1;
        }

        _work.Set();
    }

    /// <summary>Commits and waits until <paramref name="seq"/> is durable.</summary>
    public void CommitAndWait(long seq)
    {
        Commit();
        while (CommittedSeq < seq)
        {
            ThrowIfFailed();
            _committed.Reset();
            if (CommittedSeq >= seq)
            {
                break;
            }

            _committed.Wait(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Flushes everything and stops the committer.</summary>
    public void Dispose()
    {
        if (!_stopping)
        {
            Commit();
            _stopping = true;
            _work.Set();
            _committer.Join();
            _file.Dispose();
        }

        _work.Dispose();
        _space.Dispose();
        _committed.Dispose();
    }

    private void WaitForSpace(int size)
    {
        while (_ring.Length - (_appendPos - Volatile.Read(ref _committedPos)) < size)
        {
            ThrowIfFailed();
            _space.Reset();
            Commit();
            if (_ring.Length - (_appendPos - Volatile.Read(ref _committedPos)) >= size)
            {
                break;
            }

            _space.Wait(10);
        }
    }

    private void CopyIntoRing(long position, ReadOnlySpan<byte> data)
    {
        var at = (int)(position % _ring.Length);
        var first = Math.Min(data.Length, _ring.Length - at);
        data[..first].CopyTo(_ring.AsSpan(at));
        if (first < data.Length)
        {
            data[first..].CopyTo(_ring);
        }
    }

    private void CopyFromRing(long position, Span<byte> data)
    {
        var at = (int)(position % _ring.Length);
        var first = Math.Min(data.Length, _ring.Length - at);
        _ring.AsSpan(at, first).CopyTo(data);
        if (first < data.Length)
        {
            _ring.AsSpan(0, data.Length - first).CopyTo(data[first..]);
        }
    }

    private void CommitLoop()
    {
        Span<byte> frame = stackalloc byte[SegmentFiles.FrameHeader + 8];
        try
        {
            while (true)
            {
                // Once stopping, never wait again: Dispose's wake-up may have been consumed by the Reset below
                // while the last batch was being written, and a Wait here would then never return.
                if (!_stopping)
                {
                    _work.Wait();
                }

                _work.Reset();
                long targetPos;
                long targetSeq;
                lock (_publish)
                {
                    targetPos = _publishedPos;
                    targetSeq = _publishedSeq;
                }

                if (targetPos == _committedPos)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    continue;
                }

                var started = System.Diagnostics.Stopwatch.GetTimestamp();

                // Walk the records to find where a segment must roll, writing contiguous runs in between.
                var runStart = _committedPos;
                var pos = _committedPos;
                while (pos < targetPos)
                {
                    CopyFromRing(pos, frame);
                    var length = SegmentFiles.FrameHeader + BinaryPrimitives.ReadInt32LittleEndian(frame);
                    var recordSeq = BinaryPrimitives.ReadInt64LittleEndian(frame[SegmentFiles.FrameHeader..]);
                    var runBytes = pos - runStart;
                    if (_fileOffset + runBytes > 0 && _fileOffset + runBytes + length > _options.SegmentBytes)
                    {
                        WriteRun(runStart, pos);
                        Roll(recordSeq);
                        runStart = pos;
                    }

                    pos += length;
                }

                WriteRun(runStart, targetPos);
                if (!_options.UnsafeNoFsync)
                {
                    RandomAccess.FlushToDisk(_file);
                }

                Volatile.Write(ref _committedPos, targetPos);
                Volatile.Write(ref _committedSeq, targetSeq);
                _space.Set();
                _committed.Set();
                _options.Committed?.Invoke(targetSeq, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // A failed disk write: the log must not acknowledge anything more. Appenders see the failure.
            _failure = e;
            _space.Set();
            _committed.Set();
        }
    }

    private void WriteRun(long from, long to)
    {
        if (to <= from)
        {
            return;
        }

        var at = (int)(from % _ring.Length);
        var length = (int)(to - from);
        var first = Math.Min(length, _ring.Length - at);
        RandomAccess.Write(_file, _ring.AsSpan(at, first), _fileOffset);
        _fileOffset += first;
        if (first < length)
        {
            RandomAccess.Write(_file, _ring.AsSpan(0, length - first), _fileOffset);
            _fileOffset += length - first;
        }
    }

    private void Roll(long firstSeq)
    {
        if (!_options.UnsafeNoFsync)
        {
            RandomAccess.FlushToDisk(_file);
        }

        _file.Dispose();
        _file = File.OpenHandle(Path.Combine(_directory, SegmentFiles.NameFor(firstSeq)), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        _fileOffset = 0;
        DirectorySync.Flush(_directory);
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new IOException("the authorization log cannot write to disk", _failure);
        }
    }
}
