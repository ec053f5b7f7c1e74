namespace Baas.Testing;

/// <summary>
/// A fact that starts (and kills) its own <c>redis-server</c> from PATH: skipped when the binary is missing
/// locally, a failure under <c>CI=true</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresRedisServerFactAttribute : FactAttribute
{
    public RequiresRedisServerFactAttribute()
    {
        if (RedisTestEnvironment.RedisServerBinary is null && !RedisTestEnvironment.IsCi)
        {
            Skip = "redis-server is not on PATH (./baas up installs it; or apt-get install redis-server).";
        }
    }
}
