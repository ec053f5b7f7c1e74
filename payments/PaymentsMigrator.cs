using Baas.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baas.Payments;

/// <summary>The payments schema's versioned migrations (embedded <c>Migrations/NNNN_name.sql</c>), applied by a <see cref="SchemaMigrator"/>.</summary>
public static class PaymentsMigrator
{
    /// <summary>The advisory lock key ("PAYMNT" and a version byte).</summary>
    public const long LockKey = 0x5041_594D_4E54_0001;

    private static readonly SchemaMigrator Migrator = new("payments", LockKey, typeof(PaymentsMigrator).Assembly, "Baas.Payments.Migrations.");

    /// <summary>Applies every migration not yet applied; returns the versions applied by this call.</summary>
    public static Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger = null, CancellationToken cancellation = default) =>
        Migrator.MigrateAsync(dataSource, logger, cancellation);
}
