using System.Buffers.Binary;
using System.Diagnostics;
using Baas.Events.Log;

namespace Baas.Events.Tests;

/// <summary>
/// The segment log on real files: append, group commit and read back; numbering across reopen; a torn tail cut
/// at open; segment rollover; seeking; a reader following a log that is being written.
/// </summary>
public sealed class SegmentLogTests
{
    private const int SmallRing = 1 << 20;

    [Fact]
    public void Appended_records_are_committed_and_read_back_in_order()
    {
        using var dir = new TempDirectory();
        var committed = new List<long>();
        void OnCommitted(long seq, double seconds)
        {
            Assert.True(seconds >= 0);
            lock (committed)
            {
                committed.Add(seq);
            }
        }

        using (var writer = new SegmentLogWriter(dir.Path, new SegmentLogOptions { BufferBytes = SmallRing, Committed = OnCommitted }))
        {
            Assert.Equal(0, writer.RecoveredLastSeq);
            Assert.Equal(1, writer.NextSeq);
            Assert.Equal(0, writer.CommittedSeq);
            for (long seq = 1; seq <= 1_000; seq++)
            {
                Assert.Equal(seq, Append(writer, seq));
                if (seq % 37 == 0)
                {
                    writer.Commit();
                }
            }

            writer.CommitAndWait(1_000);
            Assert.Equal(1_000, writer.CommittedSeq);
            Assert.Equal(1_001, writer.NextSeq);
        }

        lock (committed)
        {
            Assert.NotEmpty(committed);
            Assert.Equal(1_000, committed[^1]);
            Assert.True(committed.SequenceEqual(committed.Order()), "commits are reported in order");
        }

        Assert.Equal(1_000, ReadAll(dir.Path, 1));
        Assert.Single(SegmentFiles.List(dir.Path));
        Assert.Equal(SegmentFiles.NameFor(1), Path.GetFileName(SegmentFiles.List(dir.Path)[0].Path));
        Assert.Equal("00000000000000000001.seg", SegmentFiles.NameFor(1));
    }

    [Fact]
    public void Records_are_readable_while_the_writer_is_open()
    {
        using var dir = new TempDirectory();
        using var writer = new SegmentLogWriter(dir.Path, new SegmentLogOptions { BufferBytes = SmallRing });
        using var reader = new SegmentLogReader(dir.Path);
        Assert.False(reader.TryReadNext());
        for (long seq = 1; seq <= 10; seq++)
        {
            Append(writer, seq);
        }

        writer.CommitAndWait(10);
        for (long seq = 1; seq <= 10; seq++)
        {
            Assert.True(reader.TryReadNext());
            AssertRecord(seq, reader);
        }

        Assert.False(reader.TryReadNext());
        Assert.Equal(10, reader.LastSeq);
    }

    [Fact]
    public void Dispose_flushes_what_was_appended_but_not_committed()
    {
        using var dir = new TempDirectory();
        var writer = new SegmentLogWriter(dir.Path, new SegmentLogOptions { BufferBytes = SmallRing });
        for (long seq = 1; seq <= 50; seq++)
        {
            Append(writer, seq);
        }

        writer.Dispose();
        writer.Dispose();
        Assert.Equal(50, ReadAll(dir.Path, 1));
    }

    [Fact]
    public void Reopening_continues_the_numbering()
    {
        using var dir = new TempDirectory();
        for (var round = 0; round < 3; round++)
        {
            using var writer = new SegmentLogWriter(dir.Path, new SegmentLogOptions { BufferBytes = SmallRing });
            var first = (round * 100) + 1L;
            Assert.Equal(first - 1, writer.RecoveredLastSeq);
            Assert.Equal(first, writer.NextSeq);
            Assert.Equal(first - 1, writer.CommittedSeq);
            for (var seq = first; seq < first + 100; seq++)
            {
                Assert.Equal(seq, Append(writer, seq));
            }

            writer.CommitAndWait(first + 99);
        }

        Assert.Equal(300, ReadAll(dir.Path, 1));
    }

    public static TheoryData<string> Tears => new() { "mid_payload", "mid_header", "length_only", "garbage", "zeros", "flipped_byte", "huge_length" };

    [Theory]
    [MemberData(nameof(Tears))]
    public void A_torn_tail_is_cut_at_open_and_new_records_follow_the_last_good_one(string tear)
    {
        using var dir = new TempDirectory();
        WriteRecords(dir.Path, 1, 100, new SegmentLogOptions { BufferBytes = SmallRing });
        var path = SegmentFiles.List(dir.Path)[^1].Path;
        var goodLength = new FileInfo(path).Length;
        var lastRecordStart = RecordStarts(path)[^1];
        long expectedLast = 100;
        long expectedLength = goodLength;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            switch (tear)
            {
                case "mid_payload":
                    file.SetLength(goodLength - 5);
                    (expectedLast, expectedLength) = (99, lastRecordStart);
                    break;
                case "mid_header":
                    file.SetLength(lastRecordStart + 5);
                    (expectedLast, expectedLength) = (99, lastRecordStart);
                    break;
                case "length_only":
                    file.SetLength(lastRecordStart + 4);
                    (expectedLast, expectedLength) = (99, lastRecordStart);
                    break;
                case "garbage":
                    file.Seek(0, SeekOrigin.End);
                    var garbage = new byte[777];
                    new Random(1).NextBytes(garbage);
                    file.Write(garbage);
                    break;
                case "zeros":
                    file.SetLength(goodLength + 4096);
                    break;
                case "flipped_byte":
                    file.Seek(goodLength - 3, SeekOrigin.Begin);
                    var b = file.ReadByte();
                    file.Seek(goodLength - 3, SeekOrigin.Begin);
                    file.WriteByte((byte)(b ^ 0x40));
                    (expectedLast, expectedLength) = (99, lastRecordStart);
                    break;
                default:
                    file.Seek(0, SeekOrigin.End);
                    Span<byte> header = stackalloc byte[8];
                    BinaryPrimitives.WriteInt32LittleEndian(header, int.MaxValue);
                    file.Write(header);
                    break;
            }
        }

        Assert.Equal(expectedLast, SegmentFiles.Scan(path).LastSeq);
        using (var writer = new SegmentLogWriter(dir.Path, new SegmentLogOptions { BufferBytes = SmallRing }))
        {
            Assert.Equal(expectedLast, writer.RecoveredLastSeq);
            Assert.Equal(expectedLength, new FileInfo(path).Length);
            for (var seq = expectedLast + 1; seq <= expectedLast + 20; seq++)
            {
                Assert.Equal(seq, Append(writer, seq));
            }

            writer.CommitAndWait(expectedLast + 20);
        }

        Assert.Equal(expectedLast + 20, ReadAll(dir.Path, 1));
        var (end, lastSeq, records) = SegmentFiles.Scan(path);
        Assert.Equal(new FileInfo(path).Length, end);
        Assert.Equal(expectedLast + 20, lastSeq);
        Assert.Equal(expectedLast + 20, records);
    }

    [Fact]
    public void Segments_roll_at_the_size_limit_and_are_named_by_their_first_record()
    {
        using var dir = new TempDirectory();
        var options = new SegmentLogOptions { BufferBytes = SmallRing, SegmentBytes = 4096 };
        WriteRecords(dir.Path, 1, 1_500, options, commitEvery: 13);

        var segments = SegmentFiles.List(dir.Path);
        Assert.True(segments.Count > 10, $"{segments.Count} segments");
        long expectedFirst = 1;
        foreach (var (firstSeq, path) in segments)
        {
            Assert.Equal(expectedFirst, firstSeq);
            Assert.Equal(SegmentFiles.NameFor(firstSeq), Path.GetFileName(path));
            var length = new FileInfo(path).Length;
            Assert.InRange(length, 1, 4096);
            var (end, lastSeq, records) = SegmentFiles.Scan(path);
            Assert.Equal(length, end);
            Assert.Equal(firstSeq + records - 1, lastSeq);
            expectedFirst = lastSeq + 1;
        }

        Assert.Equal(1_501, expectedFirst);
        Assert.Equal(1_500, ReadAll(dir.Path, 1));

        // Reopening continues in the last segment, and rolls again from there.
        WriteRecords(dir.Path, 1_501, 3_000, options, commitEvery: 100);
        Assert.Equal(3_000, ReadAll(dir.Path, 1));
        Assert.True(SegmentFiles.List(dir.Path).Count > segments.Count);
    }

    [Fact]
    public void A_record_bigger_than_a_segment_gets_a_segment_of_its_own()
    {
        using var dir = new TempDirectory();
        using (var writer = new SegmentLogWriter(dir.Path, new SegmentLogOptions { BufferBytes = SmallRing, SegmentBytes = 1024 }))
        {
            Append(writer, 1);
            writer.Append(EventType.AccountOpened, 1, 5, new byte[5000]);
            Append(writer, 3);
            writer.CommitAndWait(3);
        }

        var segments = SegmentFiles.List(dir.Path);
        Assert.Equal([1L, 2L, 3L], segments.Select(s => s.FirstSeq).ToArray());
        using var reader = new SegmentLogReader(dir.Path);
        Assert.True(reader.TryReadNext());
        Assert.True(reader.TryReadNext());
        Assert.Equal(2, reader.LastSeq);
        Assert.Equal(LogEvent.HeaderSize + 5000, reader.Current.Length);
        Assert.True(reader.TryReadNext());
        AssertRecord(3, reader);
        Assert.False(reader.TryReadNext());
    }

    [Fact]
    public void A_crash_right_after_a_roll_leaves_an_empty_or_torn_segment_that_is_reused()
    {
        using var dir = new TempDirectory();
        var options = new SegmentLogOptions { BufferBytes = SmallRing, SegmentBytes = 4096 };
        WriteRecords(dir.Path, 1, 200, options);

        // The next segment was created but nothing (or only part of a record) reached it.
        var next = Path.Combine(dir.Path, SegmentFiles.NameFor(201));
        File.WriteAllBytes(next, [0x10, 0x00, 0x00]);
        Assert.Equal(200, ReadAll(dir.Path, 1));

        using (var writer = new SegmentLogWriter(dir.Path, options))
        {
            Assert.Equal(200, writer.RecoveredLastSeq);
            Assert.Equal(0, new FileInfo(next).Length);
            for (long seq = 201; seq <= 400; seq++)
            {
                Append(writer, seq);
            }

            writer.CommitAndWait(400);
        }

        Assert.Equal(400, ReadAll(dir.Path, 1));
        Assert.Equal(201, SegmentFiles.Scan(next).Records > 0 ? LogEvent.PeekSeq(FirstPayload(next)) : 0);
    }

    [Fact]
    public void Torn_tail_of_the_last_of_many_segments()
    {
        using var dir = new TempDirectory();
        var options = new SegmentLogOptions { BufferBytes = SmallRing, SegmentBytes = 2048 };
        WriteRecords(dir.Path, 1, 500, options);
        var last = SegmentFiles.List(dir.Path)[^1];
        var starts = RecordStarts(last.Path);
        using (var file = new FileStream(last.Path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.SetLength(starts[^1] + 11);
        }

        using (var writer = new SegmentLogWriter(dir.Path, options))
        {
            Assert.Equal(499, writer.RecoveredLastSeq);
            for (long seq = 500; seq <= 800; seq++)
            {
                Append(writer, seq);
            }

            writer.CommitAndWait(800);
        }

        Assert.Equal(800, ReadAll(dir.Path, 1));
    }

    [Fact]
    public void Seek_positions_the_reader_at_any_sequence()
    {
        using var dir = new TempDirectory();
        var options = new SegmentLogOptions { BufferBytes = SmallRing, SegmentBytes = 3000 };
        using var writer = new SegmentLogWriter(dir.Path, options);
        for (long seq = 1; seq <= 400; seq++)
        {
            Append(writer, seq);
        }

        writer.CommitAndWait(400);
        Assert.True(SegmentFiles.List(dir.Path).Count > 5);

        using var reader = new SegmentLogReader(dir.Path);
        foreach (var seq in Enumerable.Range(1, 400).Reverse())
        {
            reader.Seek(seq);
            Assert.True(reader.TryReadNext(), $"seek {seq}");
            AssertRecord(seq, reader);
        }

        reader.Seek(0);
        Assert.True(reader.TryReadNext());
        Assert.Equal(1, reader.LastSeq);
        reader.Seek(-5);
        Assert.True(reader.TryReadNext());
        Assert.Equal(1, reader.LastSeq);

        reader.Seek(350);
        Assert.Equal(51, CountRemaining(reader, 350));

        // Past the end: nothing yet, then the next record once it is written.
        reader.Seek(401);
        Assert.False(reader.TryReadNext());
        Append(writer, 401);
        writer.CommitAndWait(401);
        Assert.True(reader.TryReadNext());
        AssertRecord(401, reader);
    }

    [Fact]
    public async Task A_reader_follows_a_log_written_concurrently_across_segments()
    {
        using var dir = new TempDirectory();
        const long Total = 20_000;
        var options = new SegmentLogOptions { BufferBytes = 64 << 10, SegmentBytes = 64 << 10 };
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        var writerTask = Task.Run(() =>
        {
            var random = new Random(4);
            using var writer = new SegmentLogWriter(dir.Path, options);
            for (long seq = 1; seq <= Total; seq++)
            {
                Append(writer, seq);
                if (random.Next(20) == 0)
                {
                    writer.Commit();
                }

                if (random.Next(2000) == 0)
                {
                    Thread.Sleep(2);
                }
            }

            writer.CommitAndWait(Total);
        });

        var readerTask = Task.Run(() =>
        {
            using var reader = new SegmentLogReader(dir.Path);
            long expected = 1;
            var idle = 0;
            while (expected <= Total)
            {
                done.Token.ThrowIfCancellationRequested();
                if (reader.TryReadNext())
                {
                    AssertRecord(expected, reader);
                    expected++;
                    idle = 0;
                }
                else if (++idle % 100 == 0)
                {
                    Thread.Sleep(1);
                }
            }

            Assert.False(reader.TryReadNext());
            return expected - 1;
        });

        await Task.WhenAll(writerTask, readerTask).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Total, await readerTask);
        Assert.True(SegmentFiles.List(dir.Path).Count > 3);
    }

    [Fact]
    public void A_small_staging_ring_wraps_and_waits_for_space_without_losing_records()
    {
        using var dir = new TempDirectory();
        var options = new SegmentLogOptions { BufferBytes = 4096, UnsafeNoFsync = true };
        WriteRecords(dir.Path, 1, 5_000, options, commitEvery: 1_000_000);
        Assert.Equal(5_000, ReadAll(dir.Path, 1));
    }

    [Fact]
    public void A_record_over_the_maximum_is_refused()
    {
        using var dir = new TempDirectory();
        using var writer = new SegmentLogWriter(dir.Path, new SegmentLogOptions { BufferBytes = 4 << 20 });
        Assert.Throws<ArgumentException>(() => writer.Append(EventType.AccountOpened, 1, 0, new byte[SegmentFiles.MaxPayload]));
        Assert.Equal(1, writer.NextSeq);
        Assert.Equal(1, Append(writer, 1));
    }

    [Fact]
    public void Readers_of_a_missing_or_empty_directory_find_nothing()
    {
        using var dir = new TempDirectory();
        using var missing = new SegmentLogReader(Path.Combine(dir.Path, "nope"));
        Assert.False(missing.TryReadNext());
        using var empty = new SegmentLogReader(dir.Path);
        Assert.False(empty.TryReadNext());
        Assert.Equal(0, empty.LastSeq);
        Assert.Empty(SegmentFiles.List(Path.Combine(dir.Path, "nope")));
    }

    [Fact]
    public async Task Opening_and_closing_many_times_never_hangs()
    {
        using var dir = new TempDirectory();
        var stopwatch = Stopwatch.StartNew();
        for (long seq = 1; seq <= 300; seq++)
        {
            var writer = new SegmentLogWriter(dir.Path, new SegmentLogOptions { BufferBytes = 64 << 10, UnsafeNoFsync = true });
            Append(writer, seq);
            writer.Commit();
            var dispose = Task.Run(writer.Dispose);
            var finished = await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.True(finished == dispose, $"Dispose hung after {seq} rounds");
        }

        Assert.Equal(300, ReadAll(dir.Path, 1));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(25));
    }

    [Fact]
    public void Append_allocates_nothing_once_warm()
    {
        using var dir = new TempDirectory();
        using var writer = new SegmentLogWriter(dir.Path, new SegmentLogOptions { BufferBytes = 8 << 20, UnsafeNoFsync = true });
        var body = new byte[CardEvent.MaxEncodedSize];
        var e = SampleEvents.Purchase();
        var length = e.Encode(body);
        for (var i = 0; i < 1_000; i++)
        {
            writer.Append(EventType.Authorization, CardEvent.Version, i, body.AsSpan(0, length));
            writer.Commit();
        }

        writer.CommitAndWait(writer.NextSeq - 1);
        var appended = 1_000;
        var allocated = Allocations.Steady(() =>
        {
            length = e.Encode(body);
            writer.Append(EventType.Authorization, CardEvent.Version, appended, body.AsSpan(0, length));
            if (appended++ % 16 == 0)
            {
                writer.Commit();
            }
        }, iterations: 2_000);

        writer.CommitAndWait(writer.NextSeq - 1);
        Assert.Equal(0, allocated);
        Assert.Equal(appended, writer.CommittedSeq);
    }

    // Helpers. Record n has a body derived from n, so any misplaced or corrupted record is noticed.
    private static long Append(SegmentLogWriter writer, long seq)
    {
        Span<byte> body = stackalloc byte[300];
        var length = Body(seq, body);
        return writer.Append(EventType.Authorization, CardEvent.Version, seq * 1000, body[..length]);
    }

    private static int Body(long seq, Span<byte> body)
    {
        var length = 1 + (int)(seq * 37 % 250);
        for (var i = 0; i < length; i++)
        {
            body[i] = (byte)(seq + (i * 7));
        }

        return length;
    }

    private static void AssertRecord(long seq, SegmentLogReader reader)
    {
        var record = reader.Current;
        Assert.Equal(seq, reader.LastSeq);
        Assert.Equal(seq, LogEvent.PeekSeq(record));
        Assert.Equal(EventType.Authorization, LogEvent.PeekType(record));
        Assert.Equal(seq * 1000, BinaryPrimitives.ReadInt64LittleEndian(record[8..]));
        Span<byte> body = stackalloc byte[300];
        var length = Body(seq, body);
        Assert.True(body[..length].SequenceEqual(record[LogEvent.HeaderSize..]), $"body of {seq} differs");
    }

    private static void WriteRecords(string directory, long from, long to, SegmentLogOptions options, int commitEvery = 50)
    {
        using var writer = new SegmentLogWriter(directory, options);
        Assert.Equal(from, writer.NextSeq);
        for (var seq = from; seq <= to; seq++)
        {
            Assert.Equal(seq, Append(writer, seq));
            if (seq % commitEvery == 0)
            {
                writer.Commit();
            }
        }

        writer.CommitAndWait(to);
    }

    /// <summary>Reads everything from <paramref name="from"/>, checking each record; returns the last sequence.</summary>
    private static long ReadAll(string directory, long from)
    {
        using var reader = new SegmentLogReader(directory);
        reader.Seek(from);
        var expected = from;
        while (reader.TryReadNext())
        {
            AssertRecord(expected, reader);
            expected++;
        }

        return expected - 1;
    }

    private static int CountRemaining(SegmentLogReader reader, long from)
    {
        var count = 0;
        while (reader.TryReadNext())
        {
            AssertRecord(from + count, reader);
            count++;
        }

        return count;
    }

    private static List<long> RecordStarts(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var starts = new List<long>();
        var offset = 0;
        while (offset + SegmentFiles.FrameHeader <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            if (length <= 0 || offset + SegmentFiles.FrameHeader + length > bytes.Length)
            {
                break;
            }

            starts.Add(offset);
            offset += SegmentFiles.FrameHeader + length;
        }

        return starts;
    }

    private static byte[] FirstPayload(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        return bytes.AsSpan(SegmentFiles.FrameHeader, length).ToArray();
    }
}
