using System.Buffers;
using Baas.Authorizer;
using Baas.Authorizer.Engine;
using Baas.Authorizer.State;
using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Samples;
using Baas.Iso8583.Specs;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baas.Benchmarks;

/// <summary>
/// The authorizer without sockets: a batch of typical 0100s parsed, decided (card, controls, balance, hold),
/// appended to the durable log and packed, per request; and the cost of one group commit (write + fsync) by
/// batch size. The log commits in the background while the next batch is decided, as in production.
/// </summary>
[MemoryDiagnoser]
public class AuthorizerBenchmarks
{
    private const int Batch = 64;

    private readonly WorkItem[] _items = new WorkItem[Batch];
    private readonly byte[][] _frames = new byte[Batch][];
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private string _directory = "";
    private Engine _engine = null!;
    private IsoCodec _codec = null!;
    private int _stanOffset;
    private int _transmissionOffset;
    private long _counter;

    /// <summary>An engine on a throwaway directory with checkpoints and sweeps out of the way.</summary>
    internal static Engine CreateEngine(string directory) => new(
        new AuthorizerOptions
        {
            DataDirectory = directory,
            PanKey = new string('1', 64),
            Sizing = StateSizing.Small with { MemoryBits = 26 },
            CheckpointSeconds = int.MaxValue,
            CheckpointEvents = long.MaxValue,
            SweepSeconds = 3600,
        },
        NullLogger<Engine>.Instance);

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "baas-bench-" + Guid.NewGuid().ToString("N"));
        _engine = CreateEngine(_directory);
        _engine.ExecuteAsync(c => c.Engine.CreateProgram("bench", "Benchmark", ["400000"], null)).GetAwaiter().GetResult();
        _engine.ExecuteAsync(c => c.Engine.OpenAccount("acc", "bench", "USD", 0)).GetAwaiter().GetResult();
        _engine.ExecuteAsync(c => c.Engine.MoveMoney("acc", null, long.MaxValue / 4, "funding", credit: true)).GetAwaiter().GetResult();
        _engine.ExecuteAsync(c => c.Engine.IssueCard("acc", null, SampleMessages.TestPan, "2812", "virtual", null, null, null, null, null)).GetAwaiter().GetResult();

        _codec = IsoCodec.For(Profiles.Ascii);
        var message = new IsoMessage();
        SampleMessages.TypicalAuthorization(message);
        message.Set(IsoField.AcquirerId, "123456");
        var buffer = new byte[2048];
        _codec.TryPack(message, buffer, out var length, out _);
        var frame = buffer[..length];
        _stanOffset = IndexOf(frame, "123456"u8, 100);
        _transmissionOffset = IndexOf(frame, "1121143015"u8, 0);
        for (var i = 0; i < Batch; i++)
        {
            _items[i] = new WorkItem();
            _frames[i] = (byte[])frame.Clone();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One request: parse, decide, append, pack (the batch's commit runs on the committer thread).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int Authorize()
    {
        for (var i = 0; i < Batch; i++)
        {
            // A new matching key every time, so nothing is a retransmission.
            var n = ++_counter;
            Digits.TryWrite(n % 1_000_000, _frames[i].AsSpan(_stanOffset, 6));
            Digits.TryWrite(n / 1_000_000, _frames[i].AsSpan(_transmissionOffset, 10));
            var item = _items[i];
            item.Reset();
            item.DeadlineTicks = long.MaxValue;
            _codec.TryParse(_frames[i], item.Request, out _);
        }

        _engine.ProcessBatchInline(_items, Batch);
        _output.ResetWrittenCount();
        var approved = 0;
        for (var i = 0; i < Batch; i++)
        {
            FrameFormat.Binary2.TryWrite(_codec, _items[i].Response, default, _output, out _);
            approved += _items[i].Approved ? 1 : 0;
        }

        return approved;
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle, int from) =>
        from + haystack.AsSpan(from).IndexOf(needle);
}
