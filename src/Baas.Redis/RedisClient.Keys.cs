using System.Buffers;
using Baas.Redis.Connection;

namespace Baas.Redis;

/// <summary>Typed helpers for connection, string and key commands.</summary>
public sealed partial class RedisClient
{
    /// <summary>PING: "PONG" once the server has answered everything sent before it.</summary>
    public ValueTask<string> PingAsync() => SendAsync<string, TextReply>(Options.CommandTimeout, "PING", []);

    /// <summary>GET: the value's bytes, or null if the key does not exist.</summary>
    public ValueTask<byte[]?> GetAsync(string key) => SendAsync<byte[]?, BytesReply>(Options.CommandTimeout, "GET", [key]);

    /// <summary>GET decoded as UTF-8, or null if the key does not exist.</summary>
    public ValueTask<string?> GetStringAsync(string key) => SendAsync<string?, StringReply>(Options.CommandTimeout, "GET", [key]);

    /// <summary>
    /// SET with an optional expiry (sent as EX when it is whole seconds, else PX) and condition (NX/XX).
    /// True if the value was written, false if the condition was not met.
    /// </summary>
    public ValueTask<bool> SetAsync(string key, RedisValue value, TimeSpan? expiry = null, SetCondition condition = SetCondition.Always)
    {
        var buffer = default(ArgumentBuffer);
        Span<RedisValue> args = buffer;
        args[0] = key;
        args[1] = value;
        var count = 2;
        if (condition != SetCondition.Always)
        {
            args[count++] = condition == SetCondition.NotExists ? "NX" : "XX";
        }

        if (expiry is { } ttl)
        {
            if (ttl <= TimeSpan.Zero)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(expiry), "An expiry must be positive.");
            }

            if (ttl.Ticks % TimeSpan.TicksPerSecond == 0)
            {
                args[count++] = "EX";
                args[count++] = (long)ttl.TotalSeconds;
            }
            else
            {
                args[count++] = "PX";
                args[count++] = Math.Max(1L, (long)Math.Ceiling(ttl.TotalMilliseconds));
            }
        }

        return SendAsync<bool, OkOrNullReply>(Options.CommandTimeout, "SET", args[..count]);
    }

    /// <summary>INCR: the value after the increment.</summary>
    public ValueTask<long> IncrAsync(string key) => SendAsync<long, Int64Reply>(Options.CommandTimeout, "INCR", [key]);

    /// <summary>INCRBY: the value after the increment.</summary>
    public ValueTask<long> IncrByAsync(string key, long increment) =>
        SendAsync<long, Int64Reply>(Options.CommandTimeout, "INCRBY", [key, increment]);

    /// <summary>DEL: how many of the keys existed.</summary>
    public ValueTask<long> DelAsync(params ReadOnlySpan<string> keys) => SendKeys("DEL", keys);

    /// <summary>EXISTS: how many of the keys exist (a key named twice counts twice).</summary>
    public ValueTask<long> ExistsAsync(params ReadOnlySpan<string> keys) => SendKeys("EXISTS", keys);

    private ValueTask<long> SendKeys(string command, ReadOnlySpan<string> keys)
    {
        if (keys.IsEmpty)
        {
            ThrowHelper.ThrowArgument(nameof(keys), $"{command} needs at least one key.");
        }

        var buffer = default(ArgumentBuffer);
        RedisValue[]? rented = null;
        var args = keys.Length <= ArgumentBuffer.Length
            ? ((Span<RedisValue>)buffer)[..keys.Length]
            : (rented = ArrayPool<RedisValue>.Shared.Rent(keys.Length)).AsSpan(0, keys.Length);
        try
        {
            for (var i = 0; i < keys.Length; i++)
            {
                args[i] = keys[i];
            }

            return SendAsync<long, Int64Reply>(Options.CommandTimeout, command, args);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<RedisValue>.Shared.Return(rented, clearArray: true);
            }
        }
    }
}
