namespace Baas.Testing;

/// <summary>The theory counterpart of <see cref="RequiresRedisServerFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresRedisServerTheoryAttribute : TheoryAttribute
{
    public RequiresRedisServerTheoryAttribute()
    {
        if (RedisTestEnvironment.RedisServerBinary is null && !RedisTestEnvironment.IsCi)
        {
            Skip = "redis-server is not on PATH (./baas up installs it; or apt-get install redis-server).";
        }
    }
}
