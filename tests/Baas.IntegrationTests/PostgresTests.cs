using Npgsql;

namespace Baas.IntegrationTests;

/// <summary>The PostgreSQL that <c>./baas up</c> starts answers queries and is version 15 or newer.</summary>
public sealed class PostgresTests
{
    [RequiresServicesFact(Services.Postgres)]
    public async Task Select_1_returns_1()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.RequirePostgres());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);

        var result = await command.ExecuteScalarAsync();

        Assert.Equal(1, Assert.IsType<int>(result));
    }

    [RequiresServicesFact(Services.Postgres)]
    public async Task Server_version_is_15_or_newer()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.RequirePostgres());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW server_version", connection);

        // For example "15.18 (Debian 15.18-0+deb12u1)": the major version is everything before the first dot.
        var version = Assert.IsType<string>(await command.ExecuteScalarAsync());
        var digits = new string([.. version.TakeWhile(char.IsAsciiDigit)]);

        Assert.True(int.TryParse(digits, out var major), $"server_version '{version}' does not start with a number");
        Assert.True(major >= 15, $"PostgreSQL {version} is older than 15");
    }

    [RequiresServicesFact(Services.Postgres)]
    public async Task Connects_to_the_baas_database()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.RequirePostgres());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);

        Assert.Equal("baas", await command.ExecuteScalarAsync());
    }
}
