using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Baas.Benchmarks;

/// <summary>The configuration every benchmark runs with: in-process, memory diagnoser, median column.</summary>
public static class BenchConfig
{
    public static (IConfig Config, string[] Remaining) FromArgs(string[] args)
    {
        var rest = new List<string>(args);
        var job = Job.Default;
        var at = rest.IndexOf("--job");
        if (at >= 0 && at + 1 < rest.Count)
        {
            job = rest[at + 1].ToLowerInvariant() switch
            {
                "short" => Job.ShortRun,
                "dry" => Job.Dry,
                "medium" => Job.MediumRun,
                _ => Job.Default,
            };
            rest.RemoveRange(at, 2);
        }

        var config = DefaultConfig.Instance
            .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        return (config, [.. rest]);
    }
}
