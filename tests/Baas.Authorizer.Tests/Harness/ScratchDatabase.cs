using Npgsql;

namespace Baas.Authorizer.Tests.Harness;

/// <summary>
/// A database of its own on the PostgreSQL from <c>BAAS_PG</c> for one end-to-end scenario, dropped afterwards;
/// under <c>CI=true</c> a missing server fails instead of passing silently. Also the reference data the scenarios share.
/// </summary>
internal static class ScratchDatabase
{
    /// <summary>Runs <paramref name="scenario"/> with the connection string of a fresh database <c>{prefix}_{guid}</c>.</summary>
    public static async Task RunAsync(string prefix, Func<string, Task> scenario)
    {
        if (Environment.GetEnvironmentVariable("BAAS_PG") is not { Length: > 0 } basePg)
        {
            Assert.True(
                !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                "BAAS_PG is not set; under CI=true that is a failure (./baas test sets it)");
            return;
        }

        var database = prefix + "_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(basePg, $"CREATE DATABASE {database}");
        try
        {
            await scenario(new NpgsqlConnectionStringBuilder(basePg) { Database = database, Pooling = false }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(basePg, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// <summary>The tiny OFAC list in <c>../shared/data</c>.</summary>
    public static string SanctionsTiny
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "sanctions", "ofac-sdn-tiny-2025");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("../shared/data/sanctions/ofac-sdn-tiny-2025 not found above the test directory");
        }
    }

    /// <summary>Polls <paramref name="done"/> every 100 ms for up to 30 s.</summary>
    public static async Task WaitAsync(Func<Task<bool>> done, Func<string> message)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < until, message());
            await Task.Delay(100);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
