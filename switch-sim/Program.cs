using System.CommandLine;
using System.Diagnostics;
using Baas.SwitchSim;
using Baas.SwitchSim.Baseline;
using Baas.SwitchSim.Cards;
using Baas.SwitchSim.Run;

var root = new RootCommand("baas sim: a card-network simulator and load generator for the authorizer.");

// sim cards
var count = new Option<int>("--count") { Description = "How many cards.", DefaultValueFactory = _ => 1000 };
var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same cards.", DefaultValueFactory = _ => 1 };
var program = new Option<string>("--program") { Description = "Program id.", DefaultValueFactory = _ => "sim" };
var bin = new Option<string>("--bin") { Description = "BIN of the generated card numbers.", DefaultValueFactory = _ => "400000" };
var output = new Option<string>("--out") { Description = "Output file (NDJSON for POST /v1/import).", DefaultValueFactory = _ => "cards.jsonl" };
var cards = new Command("cards", "Generate deterministic test cards as the authorizer's import NDJSON.") { count, seed, program, bin, output };
cards.SetAction(r =>
{
    using var writer = new StreamWriter(r.GetValue(output)!);
    CardFile.Generate(writer, r.GetValue(count), r.GetValue(seed), r.GetValue(program)!, r.GetValue(bin)!, DateTimeOffset.UtcNow);
    Console.WriteLine($"wrote {r.GetValue(count)} cards to {r.GetValue(output)}");
    return 0;
});
root.Subcommands.Add(cards);

// sim provision
var http = new Option<string>("--http") { Description = "The authorizer's HTTP address.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
var key = new Option<string?>("--key") { Description = "Administrator key (default BAAS_ADMIN_KEY)." };
var file = new Argument<string>("file") { Description = "Card file from 'sim cards'." };
var provision = new Command("provision", "Load a card file into the authorizer (POST /v1/import).") { http, key, file };
provision.SetAction(async (r, ct) =>
{
    var started = Stopwatch.StartNew();
    var (imported, failed, body) = await Provisioner.ProvisionAsync(r.GetValue(http)!, r.GetValue(key) ?? Environment.GetEnvironmentVariable("BAAS_ADMIN_KEY") ?? "", r.GetValue(file)!, ct);
    if (failed < 0)
    {
        Console.Error.WriteLine("provisioning failed: " + body);
        return 1;
    }

    Console.WriteLine($"imported {imported:N0} lines in {started.Elapsed.TotalSeconds:F1} s ({failed} failed)");
    return failed == 0 ? 0 : 1;
});
root.Subcommands.Add(provision);

// sim run
var target = new Option<string>("--target") { Description = "host:port of the authorizer's ISO listener.", DefaultValueFactory = _ => "127.0.0.1:8583" };
var profile = new Option<string>("--profile") { DefaultValueFactory = _ => "ascii" };
var framing = new Option<string>("--framing") { DefaultValueFactory = _ => "binary2" };
var cardsFile = new Option<string>("--cards") { Description = "Card file from 'sim cards'.", DefaultValueFactory = _ => "cards.jsonl" };
var connections = new Option<int>("--connections") { DefaultValueFactory = _ => 8 };
var inflight = new Option<int>("--inflight") { Description = "Requests in flight per connection.", DefaultValueFactory = _ => 64 };
var rate = new Option<string>("--rate") { Description = "Requests per second (open loop), or max (closed loop).", DefaultValueFactory = _ => "1000" };
var poisson = new Option<bool>("--poisson") { Description = "Exponential gaps between requests instead of constant ones." };
var duration = new Option<string>("--duration") { DefaultValueFactory = _ => "30s" };
var warmup = new Option<string>("--warmup") { Description = "Leading part of the duration left out of the latency percentiles (requests still checked).", DefaultValueFactory = _ => "0s" };
var timeout = new Option<string>("--timeout") { Description = "Request timeout before a repeat or timeout reversal.", DefaultValueFactory = _ => "1s" };
var mix = new Option<string>("--mix") { DefaultValueFactory = _ => "purchase=70,ecommerce=12,atm=5,refund=3,balance=2,incremental=3,reversal=5" };
var report = new Option<string?>("--report") { Description = "Write the JSON report here." };
var html = new Option<string?>("--html") { Description = "Write an HTML report here." };
var runSeed = new Option<int>("--seed") { DefaultValueFactory = _ => 42 };
var noEmv = new Option<bool>("--no-emv") { Description = "Leave DE55 out of chip purchases." };
var run = new Command("run", "Drive traffic at the authorizer and report throughput, latency and correctness.")
{
    target, profile, framing, cardsFile, connections, inflight, rate, poisson, duration, warmup, timeout, mix, report, html, runSeed, noEmv,
};
run.SetAction(async (r, ct) =>
{
    var t = r.GetValue(target)!;
    var colon = t.LastIndexOf(':');
    var options = new SimOptions
    {
        Host = t[..colon],
        Port = int.Parse(t[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture),
        Profile = r.GetValue(profile)!,
        Framing = r.GetValue(framing)!,
        CardsFile = r.GetValue(cardsFile)!,
        Connections = r.GetValue(connections),
        Inflight = r.GetValue(inflight),
        Rate = r.GetValue(rate) is "max" ? 0 : double.Parse(r.GetValue(rate)!, System.Globalization.CultureInfo.InvariantCulture),
        Poisson = r.GetValue(poisson),
        Duration = Durations.Parse(r.GetValue(duration)!),
        Warmup = Durations.Parse(r.GetValue(warmup)!),
        Timeout = Durations.Parse(r.GetValue(timeout)!),
        Mix = Mix.Parse(r.GetValue(mix)!),
        Seed = r.GetValue(runSeed),
        Emv = !r.GetValue(noEmv),
        ReportPath = r.GetValue(report),
        HtmlPath = r.GetValue(html),
        Interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") != "true",
    };
    var result = await SimCommand.RunAsync(options, ct);
    return result.Errors == 0 && result.Mismatches == 0 ? 0 : 3;
});
root.Subcommands.Add(run);

// sim baseline
var bConnections = new Option<int>("--connections") { DefaultValueFactory = _ => 8 };
var bInflight = new Option<int>("--inflight") { DefaultValueFactory = _ => 64 };
var bDuration = new Option<string>("--duration") { DefaultValueFactory = _ => "10s" };
var bReport = new Option<string?>("--report");
var baseline = new Command("baseline", "Loopback echo through the same framing code: this machine's transport limit.") { bConnections, bInflight, bDuration, bReport };
baseline.SetAction(async (r, ct) =>
{
    var result = await EchoBaseline.RunAsync(r.GetValue(bConnections), r.GetValue(bInflight), Durations.Parse(r.GetValue(bDuration)!), cancellation: ct);
    Console.WriteLine("echo baseline: " + result.Summary());
    if (r.GetValue(bReport) is { } path)
    {
        await File.WriteAllTextAsync(path, result.ToJson(), ct);
    }

    return 0;
});
root.Subcommands.Add(baseline);

// sim bench-report (used by ./baas bench)
var benchDir = new Argument<string>("directory") { Description = "A bench directory: bdn/, baseline.json, peak.json, open-*.json." };
var benchJson = new Option<string>("--json") { Description = "Write the combined JSON here.", Required = true };
var benchHtml = new Option<string>("--html") { Description = "Write the HTML page here.", Required = true };
var benchReport = new Command("bench-report", "Combine a bench directory into one JSON document, an HTML page and a table.") { benchDir, benchJson, benchHtml };
benchReport.SetAction(r =>
{
    Console.Write(BenchSummary.Write(r.GetValue(benchDir)!, r.GetValue(benchJson)!, r.GetValue(benchHtml)!));
    return 0;
});
root.Subcommands.Add(benchReport);

return await root.Parse(args).InvokeAsync();
