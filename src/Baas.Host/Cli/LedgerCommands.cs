using System.CommandLine;
using Baas.Ledger;
using Npgsql;

namespace Baas.Host.Cli;

/// <summary><c>baas ledger migrate|verify|reconcile</c>: the ledger's schema, its invariants, and its agreement with the authorizer.</summary>
internal static class LedgerCommands
{
    public static Command Create()
    {
        var ledger = new Command("ledger", "The double-entry ledger on PostgreSQL.");

        var pg1 = PgOption();
        var migrate = new Command("migrate", "Apply the ledger's schema migrations (also done when the ledger component starts).") { pg1 };
        migrate.SetAction(async (r, cancellation) => await WithDataSourceAsync(r.GetValue(pg1), async dataSource =>
        {
            var applied = await LedgerMigrator.MigrateAsync(dataSource, null, cancellation);
            await Console.Out.WriteLineAsync(applied.Count == 0 ? "ledger schema is up to date" : $"applied migrations {string.Join(", ", applied)}");
            return 0;
        }));

        var pg2 = PgOption();
        var verify = new Command("verify", "Check every invariant: entries balance, balances equal their postings, each currency sums to zero, holds resolve once. Exits 1 on any violation.") { pg2 };
        verify.SetAction(async (r, cancellation) => await WithDataSourceAsync(r.GetValue(pg2), async dataSource =>
        {
            var violations = await new LedgerVerifier(dataSource).VerifyAsync(cancellation);
            foreach (var violation in violations)
            {
                await Console.Out.WriteLineAsync(violation.ToString());
            }

            await Console.Out.WriteLineAsync(violations.Count == 0
                ? $"ledger verify: clean ({string.Join(", ", LedgerVerifier.CheckNames)})"
                : $"ledger verify: {violations.Count} violation(s)");
            return violations.Count == 0 ? 0 : 1;
        }));

        var pg3 = PgOption();
        var http = new Option<string>("--http") { Description = "The authorizer's management API.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var key = new Option<string?>("--key") { Description = "The administrator's bearer key (or BAAS_ADMIN_KEY).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BAAS_ADMIN_KEY") };
        var reconcile = new Command("reconcile", "Compare every customer account's posted and held in the authorizer with the ledger (after the ledger catches up), and each program's sub-ledger with the sponsor bank's master ledger; store and print the discrepancies. Exits 1 when there are any.") { pg3, http, key };
        reconcile.SetAction(async (r, cancellation) => await WithDataSourceAsync(r.GetValue(pg3), async dataSource =>
        {
            var authorizer = Components.HttpAuthorizerClient.Create(r.GetValue(http)!, r.GetValue(key));
            var result = await new LedgerReconciler(dataSource).RunAsync(authorizer, TimeSpan.FromSeconds(60), "cli", cancellation);
            foreach (var d in result.Discrepancies)
            {
                var other = d.Scope == "program" ? "master ledger" : "authorizer";
                await Console.Out.WriteLineAsync($"{d.Subject} {d.Field}: {other} {d.Expected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, ledger {d.Actual}");
            }

            await Console.Out.WriteLineAsync(
                $"ledger reconcile: run {result.RunId} at log {result.LogSeq}: {result.Accounts} accounts and {result.Programs} program sub-ledgers compared, {result.Discrepancies.Count} discrepancies");
            return result.Discrepancies.Count == 0 ? 0 : 1;
        }));

        ledger.Subcommands.Add(LedgerWatch.Create());
        ledger.Subcommands.Add(migrate);
        ledger.Subcommands.Add(verify);
        ledger.Subcommands.Add(reconcile);
        return ledger;
    }

    private static Option<string?> PgOption() => new("--pg")
    {
        Description = "Npgsql connection string of the ledger's database (or BAAS_PG).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BAAS_PG"),
    };

    private static async Task<int> WithDataSourceAsync(string? pg, Func<NpgsqlDataSource, Task<int>> action)
    {
        if (string.IsNullOrWhiteSpace(pg))
        {
            await Console.Error.WriteLineAsync("the ledger's PostgreSQL is needed: --pg \"Host=...;Port=...;Username=...;Database=...\" (or BAAS_PG)");
            return 2;
        }

        try
        {
            // Verification reads every posting: give it minutes, not Npgsql's default 30 s, unless told otherwise.
            var connection = new NpgsqlConnectionStringBuilder(pg);
            if (!pg.Contains("Command Timeout", StringComparison.OrdinalIgnoreCase) && !pg.Contains("CommandTimeout", StringComparison.OrdinalIgnoreCase))
            {
                connection.CommandTimeout = 900;
            }

            await using var dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
            return await action(dataSource);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or HttpRequestException or AuthorizerRefusedException)
        {
            await Console.Error.WriteLineAsync("baas ledger: " + e.Message);
            return 2;
        }
    }
}
