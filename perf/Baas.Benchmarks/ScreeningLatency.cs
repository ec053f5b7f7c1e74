using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Baas.Compliance.Screening;
using Baas.Compliance.Screening.Lists;
using Baas.Compliance.Screening.Matching;

namespace Baas.Benchmarks;

/// <summary>
/// <c>Baas.Benchmarks --screening-latency [--queries N] [--warmup N] [--sanctions DIR]</c>: per-name latency
/// percentiles of screening against the full 2021 SDN list with aliases, at the default threshold and hit cap
/// (what <c>POST /v1/screening</c> does, without HTTP). BenchmarkDotNet reports means; a p99 needs every call
/// timed. Each call is timed twice: wall-clock (Stopwatch), and on Linux the thread's CPU time, which leaves
/// out the time the thread waited for a core on a shared machine. The query mix is seeded: 60% names not on the list (common people and companies), 20% list names
/// (primary or alias) written naturally, 20% list names with one typo. One thread, after a warm-up that lets
/// tiered compilation finish.
/// </summary>
public static class ScreeningLatency
{
    private const int Seed = 20210701;
    private const int DistinctQueries = 4000;
    private const int ClockThreadCpuTime = 3;

    private static readonly string[] FirstNames =
    [
        "James", "John", "Robert", "Michael", "William", "David", "Mary", "Patricia", "Jennifer", "Linda",
        "Jose", "Juan", "Carlos", "Maria", "Carmen", "Mohammed", "Ahmed", "Ali", "Omar", "Fatima",
        "Wei", "Jun", "Ming", "Hiroshi", "Raj", "Priya", "Ivan", "Olga", "Pierre", "Hans",
        "Giuseppe", "Kwame", "Chinedu", "Oksana", "Fernando", "Sofia", "Lars", "Tariq", "Elena", "Reza",
    ];

    private static readonly string[] MiddleNames = ["", "", "", "A.", "Lee", "Marie", "Jose", "Ann", "Paul", "Kumar"];

    private static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Garcia", "Rodriguez", "Martinez", "Lopez",
        "Khan", "Hussain", "Rahman", "Haddad", "Karimi", "Wang", "Li", "Zhang", "Chen", "Kim",
        "Park", "Nguyen", "Sato", "Patel", "Sharma", "Singh", "Ivanov", "Petrov", "Muller", "Rossi",
        "Dubois", "Okafor", "Silva", "Santos", "Novak", "Jensen", "Kowalski", "Yilmaz", "Cohen", "Levy",
    ];

    private static readonly string[] CompanyWords =
    [
        "Global", "Sunrise", "Pacific", "Golden", "Green", "Royal", "United", "Eastern", "Silver", "Summit",
        "Trading", "Logistics", "Shipping", "Holdings", "Foods", "Textiles", "Technologies", "Energy", "Marine", "Capital",
    ];

    private static readonly string[] CompanyForms = ["LLC", "Ltd", "Inc", "GmbH", "S.A.", "Co."];

    /// <summary>Runs the measurement and prints the percentiles; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var queries = IntOption(args, "--queries", 20_000);
        var warmup = IntOption(args, "--warmup", 20_000);
        var directory = StringOption(args, "--sanctions") ?? ScreeningBenchmarks.SdnDirectory();

        var loadStarted = Stopwatch.GetTimestamp();
        var list = SanctionsList.Load(directory);
        var loadTime = Stopwatch.GetElapsedTime(loadStarted);
        var pool = BuildQueries(list);
        var random = new Random(Seed);

        for (var i = 0; i < warmup; i++)
        {
            list.Screen(pool[random.Next(pool.Length)].Query, ScreeningOptions.DefaultThreshold);
        }

        // Tier-1 code replaces tier-0 in the background; give it a moment, then start from a clean heap.
        Thread.Sleep(500);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var cpu = OperatingSystem.IsLinux() ? new double[queries] : null;
        var all = new double[queries];
        var byKind = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var hitCalls = new List<double>(queries);
        var clearCalls = new List<double>(queries);
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < queries; i++)
        {
            var (query, kind) = pool[random.Next(pool.Length)];
            var cpuBefore = cpu is null ? 0 : ThreadCpuNanoseconds();
            var before = Stopwatch.GetTimestamp();
            var result = list.Screen(query, ScreeningOptions.DefaultThreshold);
            var micros = Stopwatch.GetElapsedTime(before).TotalMicroseconds;
            if (cpu is not null)
            {
                cpu[i] = (ThreadCpuNanoseconds() - cpuBefore) / 1000.0;
            }

            all[i] = micros;
            if (!byKind.TryGetValue(kind, out var samples))
            {
                byKind[kind] = samples = new List<double>(queries / 2);
            }

            samples.Add(micros);
            (result.Hits.Count > 0 ? hitCalls : clearCalls).Add(micros);
        }

        var wall = Stopwatch.GetElapsedTime(started);
        gen0 = GC.CollectionCount(0) - gen0;
        gen2 = GC.CollectionCount(2) - gen2;

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"list: {directory}: {list.Entries.Count:N0} entries, {list.NameCount:N0} names with aliases, loaded and indexed in {loadTime.TotalSeconds:0.00} s"));
        output.WriteLine(string.Create(c, $"queries: {queries:N0} timed after {warmup:N0} warm-up, drawn from {pool.Length:N0} distinct names (seed {Seed}); threshold {ScreeningOptions.DefaultThreshold:0.00}, max hits {ScreeningOptions.DefaultMaxHits}"));
        output.WriteLine(string.Create(c, $"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; GCs during the timed run: gen0 {gen0}, gen2 {gen2}; {queries / wall.TotalSeconds:N0} queries/s on one thread"));
        output.WriteLine();
        output.WriteLine("| queries | n | mean µs | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        output.WriteLine(Row("all", all));
        if (cpu is not null)
        {
            output.WriteLine(Row("all, thread CPU time", cpu));
        }


        output.WriteLine(Row("with a hit", [.. hitCalls]));
        output.WriteLine(Row("clear", [.. clearCalls]));
        foreach (var (kind, samples) in byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            output.WriteLine(Row(kind, [.. samples]));
        }

        return 0;
    }

    private static string Row(string label, double[] samples)
    {
        if (samples.Length == 0)
        {
            return $"| {label} | 0 | | | | | | |";
        }

        Array.Sort(samples);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {label} | {samples.Length:N0} | {samples.Average():0} | {Percentile(samples, 0.50):0} | {Percentile(samples, 0.90):0} | {Percentile(samples, 0.99):0} | {Percentile(samples, 0.999):0} | {samples[^1]:0} |");
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>The distinct queries, each with its kind: common-person, common-company, list-name, list-typo.</summary>
    private static (ScreeningQuery Query, string Kind)[] BuildQueries(SanctionsList list)
    {
        var random = new Random(Seed);
        var entries = list.Entries.Where(e => e.Type is EntryType.Individual or EntryType.Entity).ToArray();
        var pool = new List<(ScreeningQuery, string)>(DistinctQueries);
        for (var i = 0; i < DistinctQueries; i++)
        {
            var roll = random.Next(10);
            if (roll < 5)
            {
                var middle = MiddleNames[random.Next(MiddleNames.Length)];
                var name = $"{FirstNames[random.Next(FirstNames.Length)]} {middle} {LastNames[random.Next(LastNames.Length)]}".Replace("  ", " ", StringComparison.Ordinal);
                pool.Add((new ScreeningQuery(name), "common-person"));
            }
            else if (roll < 6)
            {
                var name = $"{CompanyWords[random.Next(10)]} {CompanyWords[10 + random.Next(10)]} {CompanyForms[random.Next(CompanyForms.Length)]}";
                pool.Add((new ScreeningQuery(name), "common-company"));
            }
            else
            {
                var entry = entries[random.Next(entries.Length)];
                var listName = entry.Names[random.Next(entry.Names.Count)];
                var name = Natural(listName.Text, entry.Type);
                pool.Add(roll < 8 ? (new ScreeningQuery(name), "list-name") : (new ScreeningQuery(Typo(name, random)), "list-typo"));
            }
        }

        return [.. pool];
    }

    /// <summary><c>LAST, First</c> as <c>First LAST</c> for individuals; other names as written.</summary>
    private static string Natural(string listName, EntryType type)
    {
        var comma = listName.IndexOf(',', StringComparison.Ordinal);
        return type == EntryType.Individual && comma > 0 ? $"{listName[(comma + 1)..].Trim()} {listName[..comma].Trim()}" : listName;
    }

    /// <summary>One letter of a word of four letters or more replaced by another.</summary>
    private static string Typo(string name, Random random)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Length >= 4 && words[i].All(char.IsLetter)).ToArray();
        if (candidates.Length == 0)
        {
            return name;
        }

        var w = candidates[random.Next(candidates.Length)];
        var chars = words[w].ToCharArray();
        var at = random.Next(chars.Length);
        var replacement = (char)('a' + random.Next(26));
        chars[at] = char.IsUpper(chars[at]) ? char.ToUpperInvariant(replacement) : replacement;
        words[w] = new string(chars);
        return string.Join(' ', words);
    }

    private static long ThreadCpuNanoseconds() =>
        ClockGetTime(ClockThreadCpuTime, out var t) == 0 ? (t.Seconds * 1_000_000_000) + t.Nanoseconds : 0;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clock, out Timespec value);

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    private static string? StringOption(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
