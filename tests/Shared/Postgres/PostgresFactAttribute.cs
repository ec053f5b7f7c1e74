namespace Baas.Testing;

/// <summary>
/// A fact that needs the PostgreSQL named by <c>BAAS_PG</c>: skipped on a laptop without it, but under
/// <c>CI=true</c> it always runs, so a missing server fails instead of passing silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresEnvironment.ConnectionString is null && !PostgresEnvironment.IsCi)
        {
            Skip = PostgresEnvironment.Explanation;
        }
    }
}

/// <summary>A theory that needs PostgreSQL; see <see cref="PostgresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresEnvironment.ConnectionString is null && !PostgresEnvironment.IsCi)
        {
            Skip = PostgresEnvironment.Explanation;
        }
    }
}

/// <summary>Reads <c>BAAS_PG</c> (an Npgsql connection string), as <c>./baas up</c> writes it to <c>.baas/env</c>.</summary>
public static class PostgresEnvironment
{
    public const string Variable = "BAAS_PG";

    public const string Explanation = "BAAS_PG not set: start the servers with ./baas up and source .baas/env, or run ./baas test.";

    /// <summary>Under <c>CI=true</c> a missing server is a failure, never a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
    }

    /// <summary>The connection string, or a failed assertion that says how to get one.</summary>
    public static string Require()
    {
        if (ConnectionString is { } value)
        {
            return value;
        }

        Assert.Fail(Explanation + (IsCi ? " CI=true, so this is a failure rather than a skip." : string.Empty));
        return string.Empty;
    }
}
