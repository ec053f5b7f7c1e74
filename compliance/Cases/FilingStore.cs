using Npgsql;

namespace Baas.Compliance.Cases;

/// <summary>SAR and CTR filings in PostgreSQL: drafts with their XML, filed, acknowledged (with the BSA id) or rejected.</summary>
public sealed partial class FilingStore
{
    private const string Columns = "id, kind, state, case_id, account_id, business_date, amount, bsa_id, created_at, filed_at, acknowledged_at";

    internal static async Task<IReadOnlyList<FilingSummary>> ListAsync(NpgsqlConnection connection, string where, IReadOnlyList<NpgsqlParameter> parameters, int limit, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM compliance.filings WHERE {where} ORDER BY id DESC LIMIT @limit", connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(p);
        }

        command.Parameters.AddWithValue("limit", limit);
        var filings = new List<FilingSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            filings.Add(Read(reader));
        }

        return filings;
    }

    private static FilingSummary Read(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.IsDBNull(3) ? null : r.GetInt64(3),
        r.GetString(4),
        r.IsDBNull(5) ? null : r.GetFieldValue<DateOnly>(5),
        r.GetInt64(6),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.GetFieldValue<DateTimeOffset>(8),
        r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
        r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10));
}
