using System.CommandLine;
using Baas.Ledger;
using Npgsql;

namespace Baas.Host.Cli;

/// <summary><c>baas ledger migrate|verify</c>: the ledger's schema and its invariants, on the PostgreSQL of <c>--pg</c>.</summary>
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

        ledger.Subcommands.Add(migrate);
        ledger.Subcommands.Add(verify);
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
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            await Console.Error.WriteLineAsync("baas ledger: " + e.Message);
            return 2;
        }
    }
}
