using Baas.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baas.Ledger;

/// <summary>
/// The ledger's versioned SQL migrations (embedded <c>Migrations/NNNN_name.sql</c>), applied by a
/// <see cref="SchemaMigrator"/> into the <c>ledger</c> schema and recorded in <c>ledger.schema_migrations</c>.
/// </summary>
public static class LedgerMigrator
{
    /// <summary>The advisory lock key ("LEDGER" and a version byte), shared by every process that migrates.</summary>
    public const long LockKey = 0x4C45_4447_4552_0001;

    private static readonly SchemaMigrator Migrator = new("ledger", LockKey, typeof(LedgerMigrator).Assembly, "Baas.Ledger.Migrations.");

    /// <summary>The embedded migrations, in the order they apply.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations => Migrator.Migrations;

    /// <summary>Applies every migration not yet applied; returns the versions applied by this call.</summary>
    public static Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger = null, CancellationToken cancellation = default) =>
        Migrator.MigrateAsync(dataSource, logger, cancellation);
}
