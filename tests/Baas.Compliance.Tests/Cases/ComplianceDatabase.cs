using Baas.Compliance.Monitoring;
using Baas.Testing;
using Npgsql;

namespace Baas.Compliance.Tests.Cases;

/// <summary>A throwaway, migrated database <c>compliance_test_{guid}</c> on the PostgreSQL from <c>BAAS_PG</c>; dropped on dispose.</summary>
public sealed class ComplianceDatabase : IAsyncDisposable
{
    private readonly string _name = "compliance_test_" + Guid.NewGuid().ToString("N");

    private ComplianceDatabase()
    {
    }

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public static async Task<ComplianceDatabase> CreateAsync()
    {
        var db = new ComplianceDatabase();
        await using (var admin = new NpgsqlConnection(PostgresEnvironment.Require()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {db._name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        db.DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PostgresEnvironment.Require()) { Database = db._name }.ConnectionString);
        await ComplianceMigrator.MigrateAsync(db.DataSource);
        return db;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresEnvironment.Require());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
