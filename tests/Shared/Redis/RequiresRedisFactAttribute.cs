namespace Baas.Testing;

/// <summary>
/// A fact that needs the shared Redis in <c>BAAS_REDIS</c>: skipped on a laptop without it, but under
/// <c>CI=true</c> it always runs, so a missing server fails the build instead of passing silently.
/// (xunit 2 cannot skip at run time.) Same pattern as Baas.IntegrationTests' RequiresServicesFact.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresRedisFactAttribute : FactAttribute
{
    public RequiresRedisFactAttribute()
    {
        if (RedisTestEnvironment.Redis is null && !RedisTestEnvironment.IsCi)
        {
            Skip = $"{RedisTestEnvironment.RedisVariable} not set: start Redis with ./baas up and source .baas/env, or run ./baas test.";
        }
    }
}
