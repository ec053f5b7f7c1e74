using System.CommandLine;
using Baas.Host.Cli;

var root = new RootCommand("Baas.Processor: an issuer-side card processor for Banking-as-a-Service programs.");
root.Subcommands.Add(IsoCommands.Create());
root.Subcommands.Add(DemoCommand.Create());
return await root.Parse(args).InvokeAsync();
