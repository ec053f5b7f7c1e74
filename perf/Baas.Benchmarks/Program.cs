using Baas.Benchmarks;
using BenchmarkDotNet.Running;

// In-process: BenchmarkDotNet 0.14 predates .NET 10 and cannot generate a net10.0 child project,
// and in-process runs are quicker on a 2-core CI machine. "--job short" is taken here so the short
// job keeps the in-process toolchain; every other option (--filter, --exporters json) goes to BenchmarkDotNet.
// "--screening-latency" is not BenchmarkDotNet: every call timed for percentiles (ScreeningLatency).
if (args.Contains("--screening-latency"))
{
    return ScreeningLatency.Run(args, Console.Out);
}

var (config, rest) = BenchConfig.FromArgs(args);
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(rest, config);
return 0;
