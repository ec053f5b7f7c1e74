using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Baas.Postgres;

/// <summary>
/// Applies one component's versioned SQL migrations (embedded resources named <c>{prefix}NNNN_name.sql</c>) in
/// order, each once, recording them in <c>{schema}.schema_migrations</c>. Safe to run on every start and from
/// several processes at once: everything happens in one transaction under a PostgreSQL advisory lock, so a
/// second starter waits and then finds nothing to do. A migration that was applied and has since been edited
/// is refused.
/// </summary>
public sealed partial class SchemaMigrator
{
    private readonly string _schema;
    private readonly long _lockKey;

    /// <param name="schema">The component's schema (ledger, compliance, ...): also where the migrations table lives.</param>
    /// <param name="lockKey">The advisory lock key every process migrating this schema takes.</param>
    /// <param name="assembly">The assembly holding the embedded migrations.</param>
    /// <param name="resourcePrefix">The logical-name prefix of the migrations (for example <c>Baas.Ledger.Migrations.</c>).</param>
    public SchemaMigrator(string schema, long lockKey, Assembly assembly, string resourcePrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        ArgumentNullException.ThrowIfNull(assembly);
        if (!schema.All(c => c is (>= 'a' and <= 'z') or '_'))
        {
            throw new ArgumentException("the schema name must be lower-case letters and underscores", nameof(schema));
        }

        _schema = schema;
        _lockKey = lockKey;
        Migrations = Load(schema, assembly, resourcePrefix);
    }

    /// <summary>The embedded migrations, in the order they apply.</summary>
    public IReadOnlyList<SchemaMigration> Migrations { get; }

    /// <summary>Applies every migration not yet applied; returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        logger ??= NullLogger.Instance;
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var prepare = new NpgsqlCommand(
            $"""
            SELECT pg_advisory_xact_lock(@key);
            CREATE SCHEMA IF NOT EXISTS {_schema};
            CREATE TABLE IF NOT EXISTS {_schema}.schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """,
            connection,
            transaction))
        {
            prepare.Parameters.AddWithValue("key", _lockKey);
            await prepare.ExecuteNonQueryAsync(cancellation);
        }

        var applied = new Dictionary<int, string>();
        await using (var read = new NpgsqlCommand($"SELECT version, checksum FROM {_schema}.schema_migrations", connection, transaction))
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
                        $"{_schema} migration {migration.Name} was applied with checksum {checksum} but the embedded file has {migration.Checksum}: migrations must not change once applied; add a new one");
                }

                continue;
            }

            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellation);
            }

            await using (var record = new NpgsqlCommand($"INSERT INTO {_schema}.schema_migrations (version, name, checksum) VALUES (@v, @n, @c)", connection, transaction))
            {
                record.Parameters.AddWithValue("v", migration.Version);
                record.Parameters.AddWithValue("n", migration.Name);
                record.Parameters.AddWithValue("c", migration.Checksum);
                await record.ExecuteNonQueryAsync(cancellation);
            }

            LogApplied(logger, _schema, migration.Version, migration.Name);
            done.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellation);
        return done;
    }

    private static SchemaMigration[] Load(string schema, Assembly assembly, string prefix)
    {
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), out var version))
            {
                throw new InvalidOperationException($"{schema} migration '{name}' is not named NNNN_description.sql");
            }

            var sql = Read(assembly, resource);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            migrations.Add(new SchemaMigration(version, name, sql, checksum));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"two {schema} migrations have version {migrations[i].Version}");
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

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied {Schema} migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, string schema, int version, string name);
}

/// <summary>One versioned schema change: its number, file name, SQL text and SHA-256 checksum.</summary>
/// <param name="Version">The number the file name starts with; migrations apply in this order.</param>
/// <param name="Name">The file name without <c>.sql</c>.</param>
/// <param name="Sql">The SQL text.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the text, recorded when applied.</param>
public sealed record SchemaMigration(int Version, string Name, string Sql, string Checksum);
