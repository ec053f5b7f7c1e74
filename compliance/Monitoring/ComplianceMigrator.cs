using Baas.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baas.Compliance.Monitoring;

/// <summary>The compliance schema's versioned migrations (embedded <c>Monitoring/Migrations/NNNN_name.sql</c>), applied by a <see cref="SchemaMigrator"/>.</summary>
public static class ComplianceMigrator
{
    /// <summary>The advisory lock key ("COMPLY" and a version byte).</summary>
    public const long LockKey = 0x434F_4D50_4C59_0001;

    private static readonly SchemaMigrator Migrator = new("compliance", LockKey, typeof(ComplianceMigrator).Assembly, "Baas.Compliance.Migrations.");

    /// <summary>The embedded migrations, in the order they apply.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations => Migrator.Migrations;

    /// <summary>Applies every migration not yet applied; returns the versions applied by this call.</summary>
    public static Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger = null, CancellationToken cancellation = default) =>
        Migrator.MigrateAsync(dataSource, logger, cancellation);
}
