using Baas.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baas.Kyc;

/// <summary>The kyc schema's versioned migrations (embedded <c>Migrations/NNNN_name.sql</c>), applied by a <see cref="SchemaMigrator"/>.</summary>
public static class KycMigrator
{
    /// <summary>The advisory lock key ("KYC" and a version byte).</summary>
    public const long LockKey = 0x4B59_4300_0000_0001;

    private static readonly SchemaMigrator Migrator = new("kyc", LockKey, typeof(KycMigrator).Assembly, "Baas.Kyc.Migrations.");

    /// <summary>Applies every migration not yet applied; returns the versions applied by this call.</summary>
    public static Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger = null, CancellationToken cancellation = default) =>
        Migrator.MigrateAsync(dataSource, logger, cancellation);
}
