using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Baas.Ledger;

/// <summary>
/// Applies the ledger's versioned SQL migrations (embedded <c>Migrations/NNNN_name.sql</c>) in order, each once,
/// recording them in <c>ledger.schema_migrations</c>. Safe to run on every start and from several processes at
/// once: everything happens in one transaction under a PostgreSQL advisory lock, so a second starter waits and
/// then finds nothing to do. A migration that was applied and has since been edited is refused.
/// </summary>
public static partial class LedgerMigrator
{
    /// <summary>The advisory lock key ("LEDGER" and a version byte), shared by every process that migrates.</summary>
    public const long LockKey = 0x4C45_4447_4552_0001;

    private const string ResourcePrefix = "Baas.Ledger.Migrations.";

    /// <summary>The embedded migrations, in the order they apply.</summary>
    public static IReadOnlyList<LedgerMigration> Migrations { get; } = Load();

    /// <summary>Applies every migration not yet applied; returns the versions applied by this call.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        logger ??= NullLogger.Instance;
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var prepare = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(@key);
            CREATE SCHEMA IF NOT EXISTS ledger;
            CREATE TABLE IF NOT EXISTS ledger.schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """,
            connection,
            transaction))
        {
            prepare.Parameters.AddWithValue("key", LockKey);
            await prepare.ExecuteNonQueryAsync(cancellation);
        }

        var applied = new Dictionary<int, string>();
        await using (var read = new NpgsqlCommand("SELECT version, checksum FROM ledger.schema_migrations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                applied[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        var done = new List<int>();
        foreach (var migration in Migrations)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"ledger migration {migration.Name} was applied with checksum {checksum} but the embedded file has {migration.Checksum}: migrations must not change once applied; add a new one");
                }

                continue;
            }

            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellation);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO ledger.schema_migrations (version, name, checksum) VALUES (@v, @n, @c)", connection, transaction))
            {
                record.Parameters.AddWithValue("v", migration.Version);
                record.Parameters.AddWithValue("n", migration.Name);
                record.Parameters.AddWithValue("c", migration.Checksum);
                await record.ExecuteNonQueryAsync(cancellation);
            }

            LogApplied(logger, migration.Version, migration.Name);
            done.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellation);
        return done;
    }

    private static LedgerMigration[] Load()
    {
        var assembly = typeof(LedgerMigrator).Assembly;
        var migrations = new List<LedgerMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), out var version))
            {
                throw new InvalidOperationException($"ledger migration '{name}' is not named NNNN_description.sql");
            }

            var sql = Read(assembly, resource);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            migrations.Add(new LedgerMigration(version, name, sql, checksum));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"two ledger migrations have version {migrations[i].Version}");
            }
        }

        return [.. migrations];
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied ledger migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}

/// <summary>One versioned schema change: its number, file name, SQL text and SHA-256 checksum.</summary>
/// <param name="Version">The number the file name starts with; migrations apply in this order.</param>
/// <param name="Name">The file name without <c>.sql</c>.</param>
/// <param name="Sql">The SQL text.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the text, recorded when applied.</param>
public sealed record LedgerMigration(int Version, string Name, string Sql, string Checksum);
