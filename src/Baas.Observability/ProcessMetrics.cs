using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Baas.Observability;

/// <summary>
/// Process and .NET runtime metrics under the names Prometheus client libraries use (<c>process_*</c>,
/// <c>dotnet_*</c>), as observable instruments of the meter <see cref="MeterName"/>, read at scrape time.
/// </summary>
public sealed class ProcessMetrics : IDisposable
{
    /// <summary>The meter's name; <see cref="PrometheusExporterOptions.IncludeProcessMetrics"/> exports it.</summary>
    public const string MeterName = "Baas.Process";

    private const string ProcFd = "/proc/self/fd";
    private const string ProcTask = "/proc/self/task";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Process _process = Process.GetCurrentProcess();
    private bool _disposed;
    private readonly double _startTimeSeconds;
    private long _exceptions;

    /// <summary>Creates the meter (through <paramref name="meterFactory"/> when given) and its instruments.</summary>
    public ProcessMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _startTimeSeconds = new DateTimeOffset(_process.StartTime).ToUnixTimeMilliseconds() / 1000.0;
        AppDomain.CurrentDomain.FirstChanceException += OnFirstChanceException;

        _meter.CreateObservableCounter("process_cpu_seconds_total", static () => Environment.CpuUsage.TotalTime.TotalSeconds,
            "s", "Total user and system CPU time spent in seconds.");
        _meter.CreateObservableGauge("process_resident_memory_bytes", () => ReadProcess(static p => p.WorkingSet64),
            "By", "Resident memory size in bytes.");
        _meter.CreateObservableGauge("process_virtual_memory_bytes", () => ReadProcess(static p => p.VirtualMemorySize64),
            "By", "Virtual memory size in bytes.");
        _meter.CreateObservableGauge("process_start_time_seconds", () => _startTimeSeconds,
            "s", "Start time of the process since unix epoch in seconds.");
        if (Directory.Exists(ProcFd))
        {
            _meter.CreateObservableGauge("process_open_fds", static () => CountEntries(ProcFd),
                "{file}", "Number of open file descriptors.");
        }

        _meter.CreateObservableGauge("process_num_threads",
            () => Directory.Exists(ProcTask) ? CountEntries(ProcTask) : ReadProcess(static p => p.Threads.Count),
            "{thread}", "Number of OS threads in the process.");

        _meter.CreateObservableCounter("dotnet_gc_collections_total", static () => (IEnumerable<Measurement<long>>)GcCollections(),
            "{collection}", "Garbage collections since the process started, by the generation collected.");
        _meter.CreateObservableGauge("dotnet_gc_heap_size_bytes", static () => GC.GetTotalMemory(false),
            "By", "Bytes currently thought to be allocated on the managed heap.");
        _meter.CreateObservableCounter("dotnet_gc_allocated_bytes_total", static () => GC.GetTotalAllocatedBytes(false),
            "By", "Bytes allocated on the managed heap since the process started.");
        _meter.CreateObservableCounter("dotnet_gc_pause_seconds_total", static () => GC.GetTotalPauseDuration().TotalSeconds,
            "s", "Time the garbage collector paused the process, in seconds.");
        _meter.CreateObservableGauge("dotnet_threadpool_threads", static () => ThreadPool.ThreadCount,
            "{thread}", "Thread pool threads that currently exist.");
        _meter.CreateObservableGauge("dotnet_threadpool_queue_length", static () => ThreadPool.PendingWorkItemCount,
            "{work_item}", "Work items queued to the thread pool and not yet started.");
        _meter.CreateObservableCounter("dotnet_exceptions_total", () => Volatile.Read(ref _exceptions),
            "{exception}", "Exceptions thrown (first chance) since process metrics were started.");
    }

    /// <summary>Stops counting exceptions and disposes the meter when this instance created it.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.FirstChanceException -= OnFirstChanceException;
        if (_ownsMeter)
        {
            _meter.Dispose();
        }

        lock (_process)
        {
            _disposed = true;
            _process.Dispose();
        }
    }

    private void OnFirstChanceException(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e) =>
        Interlocked.Increment(ref _exceptions);

    private long ReadProcess(Func<Process, long> read)
    {
        // One exporter scrapes one at a time, but two exporters may scrape at once, and an exporter listening to
        // every process meter may observe this instance while it is being disposed (seen in CI: a scrape failed
        // with NullReferenceExceptions from a disposed Process). A disposed instance reads 0 until its meter is gone.
        lock (_process)
        {
            if (_disposed)
            {
                return 0;
            }

            _process.Refresh();
            return read(_process);
        }
    }

    private static int CountEntries(string directory)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(directory).Count();
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary><see cref="GC.CollectionCount"/> counts a generation's collection in every younger one; this does not.</summary>
    private static Measurement<long>[] GcCollections()
    {
        var measurements = new Measurement<long>[GC.MaxGeneration + 1];
        long older = 0;
        for (var generation = GC.MaxGeneration; generation >= 0; generation--)
        {
            long count = GC.CollectionCount(generation);
            measurements[generation] = new Measurement<long>(count - older, new KeyValuePair<string, object?>("generation", "gen" + generation));
            older = count;
        }

        return measurements;
    }
}
