using BenchmarkDotNet.Attributes;

namespace Baas.Benchmarks;

/// <summary>The cost of one durable group commit of the authorization log (write plus fsync), by batch size.</summary>
public class GroupCommitBenchmarks
{
    private readonly byte[] _body = new byte[400];
    private string _directory = "";
    private Authorizer.Engine.Engine _engine = null!;

    [Params(1, 16, 256)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "baas-bench-" + Guid.NewGuid().ToString("N"));
        _engine = AuthorizerBenchmarks.CreateEngine(_directory);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public long GroupCommit() => _engine.AppendAndCommitInline(Records, _body);
}
