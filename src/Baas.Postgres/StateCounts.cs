using Npgsql;

namespace Baas.Postgres;

/// <summary>How many rows of a table are in each state: the gauges of the stateful components (KYC customers, payments).</summary>
public static class StateCounts
{
    /// <summary>Counts by the <c>state</c> column of <paramref name="table"/> (schema-qualified, from code, never from input).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> ByStateAsync(this NpgsqlDataSource dataSource, string table, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand($"SELECT state, count(*) FROM {table} GROUP BY state");
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
