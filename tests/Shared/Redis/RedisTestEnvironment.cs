using Baas.Redis;

namespace Baas.Testing;

/// <summary>
/// Where the tests find Redis: the shared server in <c>BAAS_REDIS</c> (started by <c>./baas up</c>), and the
/// <c>redis-server</c> binary on PATH for tests that start, kill and restart a server of their own.
/// </summary>
public static class RedisTestEnvironment
{
    public const string RedisVariable = "BAAS_REDIS";

    /// <summary>Under <c>CI=true</c> a missing server is a failure, never a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Redis
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(RedisVariable);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
    }

    /// <summary>The full path of <c>redis-server</c> on PATH, or null.</summary>
    public static string? RedisServerBinary { get; } = FindOnPath("redis-server");

    public static string RequireRedis()
    {
        if (Redis is { } value)
        {
            return value;
        }

        Assert.Fail($"{RedisVariable} not set: start Redis with ./baas up and source .baas/env, or run ./baas test." +
            (IsCi ? " CI=true, so this is a failure rather than a skip." : string.Empty));
        return string.Empty;
    }

    public static string RequireRedisServerBinary()
    {
        if (RedisServerBinary is { } path)
        {
            return path;
        }

        Assert.Fail("redis-server is not on PATH (./baas up installs it)." +
            (IsCi ? " CI=true, so this is a failure rather than a skip." : string.Empty));
        return string.Empty;
    }

    /// <summary>A client of the shared server with test-friendly defaults.</summary>
    public static Task<RedisClient> ConnectAsync(RedisProtocol protocol = RedisProtocol.Resp2, TimeSpan? commandTimeout = null) =>
        RedisClient.ConnectAsync(new RedisClientOptions
        {
            EndPoint = RequireRedis(),
            Protocol = protocol,
            CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(10),
            ClientName = "baas-redis-tests",
        });

    /// <summary>A key no other test (or earlier run) uses.</summary>
    public static string Key(string name) => $"baas:redis-tests:{name}:{Guid.NewGuid():N}";

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (directory.Length == 0)
            {
                continue;
            }

            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
