namespace Baas.IntegrationTests;

/// <summary>Reads the server addresses that <c>./baas up</c> writes to <c>.baas/env</c> and <c>./baas test</c> exports.</summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "BAAS_PG";
    public const string RedisVariable = "BAAS_REDIS";

    /// <summary>Under <c>CI=true</c> a missing server is a failure, never a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Postgres => Read(PostgresVariable);

    public static string? Redis => Read(RedisVariable);

    /// <summary>The variables named by <paramref name="services"/> that are unset or empty.</summary>
    public static IReadOnlyList<string> Missing(Services services)
    {
        var missing = new List<string>(2);
        if (services.HasFlag(Services.Postgres) && Postgres is null)
        {
            missing.Add(PostgresVariable);
        }

        if (services.HasFlag(Services.Redis) && Redis is null)
        {
            missing.Add(RedisVariable);
        }

        return missing;
    }

    /// <summary>The PostgreSQL connection string, or a failed assertion that says how to get one.</summary>
    public static string RequirePostgres() => Postgres ?? FailMissing(PostgresVariable);

    /// <summary>The Redis endpoint as host and port, or a failed assertion that says how to get one.</summary>
    public static (string Host, int Port) RequireRedis()
    {
        var value = Redis ?? FailMissing(RedisVariable);
        var colon = value.LastIndexOf(':');
        var port = colon > 0 && int.TryParse(value.AsSpan(colon + 1), out var parsed) ? parsed : 0;
        if (port is <= 0 or > 65535)
        {
            Assert.Fail($"{RedisVariable}='{value}' is not host:port.");
        }

        return (value[..colon], port);
    }

    internal static string Explain(IEnumerable<string> variables) =>
        $"{string.Join(" and ", variables)} not set: start the servers with ./baas up and source .baas/env, or run ./baas test.";

    private static string? Read(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static string FailMissing(string variable)
    {
        Assert.Fail(Explain([variable]) + (IsCi ? " CI=true, so this is a failure rather than a skip." : string.Empty));
        return string.Empty;
    }
}
