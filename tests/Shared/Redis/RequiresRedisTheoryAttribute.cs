namespace Baas.Testing;

/// <summary>The theory counterpart of <see cref="RequiresRedisFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresRedisTheoryAttribute : TheoryAttribute
{
    public RequiresRedisTheoryAttribute()
    {
        if (RedisTestEnvironment.Redis is null && !RedisTestEnvironment.IsCi)
        {
            Skip = $"{RedisTestEnvironment.RedisVariable} not set: start Redis with ./baas up and source .baas/env, or run ./baas test.";
        }
    }
}
