using System.CommandLine;
using Baas.Host.Cli;

var root = new RootCommand("Baas.Processor: an issuer-side card processor for Banking-as-a-Service programs.");
root.Subcommands.Add(IsoCommands.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(LogCommands.Create());
root.Subcommands.Add(ClearingCommand.Create());
root.Subcommands.Add(LedgerCommands.Create());
root.Subcommands.Add(KycScenario.Create());
root.Subcommands.Add(PaymentsCommands.Create());
root.Subcommands.Add(ScreenCommand.Create());
root.Subcommands.Add(ComplianceCommands.Create());
return await root.Parse(args).InvokeAsync();
