namespace Baas.IntegrationTests;

/// <summary>The external servers a test needs; each maps to one environment variable.</summary>
[Flags]
public enum Services
{
    /// <summary>PostgreSQL, addressed by <c>BAAS_PG</c> (an Npgsql connection string).</summary>
    Postgres = 1,

    /// <summary>Redis, addressed by <c>BAAS_REDIS</c> (<c>host:port</c>).</summary>
    Redis = 2,

    /// <summary>Both.</summary>
    All = Postgres | Redis,
}
