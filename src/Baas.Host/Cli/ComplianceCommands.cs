using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Baas.Compliance.Monitoring;
using Baas.Events;

namespace Baas.Host.Cli;

/// <summary>
/// <c>baas compliance backtest --rules FILE --log DIR [--json]</c>: what a rule version would raise over a
/// recorded authorization log, without touching live cases; <c>baas compliance rules</c>: the built-in rule set.
/// </summary>
internal static class ComplianceCommands
{
    private static readonly JsonSerializerOptions Indented = new(EventJson.Options) { WriteIndented = true };

    public static Command Create()
    {
        var compliance = new Command("compliance", "Transaction monitoring tools.");
        compliance.Subcommands.Add(Backtest());
        compliance.Subcommands.Add(ComplianceScenario.Create());
        var rules = new Command("rules", "Print the built-in monitoring rule set (a starting point for --rules).");
        rules.SetAction(_ => Console.WriteLine(RuleSet.Default.ToJson()));
        compliance.Subcommands.Add(rules);
        return compliance;
    }

    private static Command Backtest()
    {
        var rulesFile = new Option<string?>("--rules") { Description = "The rule set to try (JSON); the built-in rules when absent." };
        var log = new Option<string>("--log") { Description = "The authorization log directory (the authorizer's <data>/log).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var show = new Option<int>("--show") { Description = "Print the first N alerts.", DefaultValueFactory = _ => 10 };
        var command = new Command("backtest", "Replay a recorded authorization log through a rule version and count the alerts, cases and CTRs it would raise.") { rulesFile, log, json, show };
        command.SetAction(r =>
        {
            RuleSet rules;
            try
            {
                rules = r.GetValue(rulesFile) is { } file ? RuleSet.Load(file) : RuleSet.Default;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"--rules: {e.Message}");
                return 2;
            }

            var directory = r.GetValue(log)!;
            var shown = new List<Alert>();
            var limit = Math.Max(0, r.GetValue(show));
            BacktestReport report;
            try
            {
                report = Baas.Compliance.Monitoring.Backtest.Run(rules, directory, a =>
                {
                    if (shown.Count < limit)
                    {
                        shown.Add(a);
                    }
                });
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"--log: {e.Message}");
                return 2;
            }

            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { report, recordsPerSecond = Math.Round(report.RecordsPerSecond), alerts = shown }, Indented));
                return 0;
            }

            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"Rule set {report.RuleVersion} over {report.Records:N0} log records (seq {report.FirstSeq}..{report.LastSeq}), {report.Monitored:N0} monitored, {report.Accounts:N0} accounts"));
            Console.WriteLine(string.Create(c, $"{report.Elapsed.TotalSeconds:0.00} s, {report.RecordsPerSecond:N0} records/s"));
            Console.WriteLine();
            Console.WriteLine($"{"RULE",-26} {"ALERTS",8} {"TRIAGED",8} {"ACCOUNTS",9}");
            foreach (var rule in report.ByRule)
            {
                Console.WriteLine(string.Create(c, $"{rule.RuleId,-26} {rule.Alerts,8:N0} {rule.Triaged,8:N0} {rule.Accounts,9:N0}"));
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(c, $"Cases that would open or be joined: {report.Cases:N0} accounts (triage threshold {rules.TriageThreshold}); CTRs: {report.CashReports:N0}"));
            foreach (var a in shown)
            {
                Console.WriteLine(string.Create(c, $"  {a.Timestamp:yyyy-MM-dd HH:mm:ss} {a.RuleId} ({a.Score}) {a.AccountId} seq {a.Seq}: {a.Summary}"));
            }

            return 0;
        });
        return command;
    }
}
