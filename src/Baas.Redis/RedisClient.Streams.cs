using System.Buffers;
using Baas.Redis.Connection;
using Baas.Redis.Streams;

namespace Baas.Redis;

/// <summary>Typed helpers for stream commands. Ids are strings (<c>"1700000000000-0"</c>, <c>"*"</c>, <c>"&gt;"</c>).</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// XADD of one field: <c>XADD key [MAXLEN [~] n] id field value</c>. With an explicit id the server refuses
    /// (<see cref="RedisServerException"/>) an id not above the stream's last one, which makes a retried XADD
    /// idempotent. Returns the entry id.
    /// </summary>
    public ValueTask<string> XAddAsync(string key, string id, string field, RedisValue value, long? maxLength = null, bool approximate = true)
    {
        var buffer = default(ArgumentBuffer);
        Span<RedisValue> args = buffer;
        var count = WriteAddPrefix(args, key, id, maxLength, approximate);
        args[count++] = field;
        args[count++] = value;
        return SendAsync<string, TextReply>(Options.CommandTimeout, "XADD", args[..count]);
    }

    /// <summary>XADD of several fields, in order: <c>XADD key [MAXLEN [~] n] id field value ...</c>. Returns the entry id.</summary>
    public ValueTask<string> XAddAsync(
        string key, string id, ReadOnlySpan<(string Field, RedisValue Value)> fields, long? maxLength = null, bool approximate = true)
    {
        if (fields.IsEmpty)
        {
            ThrowHelper.ThrowArgument(nameof(fields), "XADD needs at least one field.");
        }

        var length = 6 + (2 * fields.Length);
        var buffer = default(ArgumentBuffer);
        RedisValue[]? rented = null;
        var args = length <= ArgumentBuffer.Length
            ? (Span<RedisValue>)buffer
            : (rented = ArrayPool<RedisValue>.Shared.Rent(length)).AsSpan();
        try
        {
            var count = WriteAddPrefix(args, key, id, maxLength, approximate);
            foreach (var (field, value) in fields)
            {
                args[count++] = field;
                args[count++] = value;
            }

            return SendAsync<string, TextReply>(Options.CommandTimeout, "XADD", args[..count]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<RedisValue>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>
    /// XREADGROUP for one stream: <c>GROUP group consumer COUNT count [BLOCK ms] [NOACK] STREAMS key id</c>.
    /// <paramref name="id"/> is <c>"&gt;"</c> for new entries or an id to re-read this consumer's pending ones.
    /// Empty when nothing arrived within <paramref name="block"/>.
    /// </summary>
    /// <remarks>
    /// With <paramref name="block"/> the command holds this client's connection while it waits, and every
    /// command behind it waits too: use a client of its own for blocking reads. The command timeout is
    /// extended by the block time; <see cref="Timeout.InfiniteTimeSpan"/> blocks (and waits) for ever.
    /// </remarks>
    public ValueTask<IReadOnlyList<StreamEntry>> XReadGroupAsync(
        string key, string group, string consumer, string id = ">", int count = 100, TimeSpan? block = null, bool noAck = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var buffer = default(ArgumentBuffer);
        Span<RedisValue> args = buffer;
        var n = 0;
        args[n++] = "GROUP";
        args[n++] = group;
        args[n++] = consumer;
        args[n++] = "COUNT";
        args[n++] = count;
        var timeout = Options.CommandTimeout;
        if (block is { } wait)
        {
            args[n++] = "BLOCK";
            if (wait == Timeout.InfiniteTimeSpan)
            {
                args[n++] = 0;
                timeout = Timeout.InfiniteTimeSpan;
            }
            else
            {
                if (wait <= TimeSpan.Zero)
                {
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(block), "BLOCK must be positive or infinite.");
                }

                args[n++] = Math.Max(1L, (long)Math.Ceiling(wait.TotalMilliseconds));
                timeout = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout + wait;
            }
        }

        if (noAck)
        {
            args[n++] = "NOACK";
        }

        args[n++] = "STREAMS";
        args[n++] = key;
        args[n++] = id;
        return SendAsync<IReadOnlyList<StreamEntry>, StreamReadReply>(timeout, "XREADGROUP", args[..n]);
    }

    /// <summary>XACK: how many of the ids were pending and are now acknowledged.</summary>
    public ValueTask<long> XAckAsync(string key, string group, params ReadOnlySpan<string> ids) =>
        SendWithIds<long, Int64Reply>("XACK", key, group, ids);

    /// <summary>XDEL: how many of the ids existed and were deleted.</summary>
    public ValueTask<long> XDelAsync(string key, params ReadOnlySpan<string> ids) =>
        SendWithIds<long, Int64Reply>("XDEL", key, null, ids);

    /// <summary>XPENDING key group: the count, id range and per-consumer counts of delivered but unacknowledged entries.</summary>
    public ValueTask<StreamPendingSummary> XPendingAsync(string key, string group) =>
        SendAsync<StreamPendingSummary, StreamPendingSummaryReply>(Options.CommandTimeout, "XPENDING", [key, group]);

    /// <summary>
    /// The extended XPENDING: <c>XPENDING key group [IDLE ms] start end count [consumer]</c>, one row per
    /// unacknowledged entry with its owner, idle time and delivery count.
    /// </summary>
    public ValueTask<IReadOnlyList<StreamPendingEntry>> XPendingRangeAsync(
        string key, string group, string start = "-", string end = "+", int count = 100, string? consumer = null, TimeSpan? minIdle = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var buffer = default(ArgumentBuffer);
        Span<RedisValue> args = buffer;
        var n = 0;
        args[n++] = key;
        args[n++] = group;
        if (minIdle is { } idle)
        {
            args[n++] = "IDLE";
            args[n++] = (long)idle.TotalMilliseconds;
        }

        args[n++] = start;
        args[n++] = end;
        args[n++] = count;
        if (consumer is not null)
        {
            args[n++] = consumer;
        }

        return SendAsync<IReadOnlyList<StreamPendingEntry>, StreamPendingEntriesReply>(Options.CommandTimeout, "XPENDING", args[..n]);
    }

    /// <summary>
    /// XAUTOCLAIM key group consumer min-idle-time start COUNT count: moves entries idle for at least
    /// <paramref name="minIdle"/> (a dead consumer's) to <paramref name="consumer"/> and returns them. Call again
    /// with <see cref="StreamAutoClaimResult.NextStartId"/> until it is <c>0-0</c>.
    /// </summary>
    public ValueTask<StreamAutoClaimResult> XAutoClaimAsync(
        string key, string group, string consumer, TimeSpan minIdle, string start = "0-0", int count = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return SendAsync<StreamAutoClaimResult, StreamAutoClaimReply>(
            Options.CommandTimeout, "XAUTOCLAIM", [key, group, consumer, (long)minIdle.TotalMilliseconds, start, "COUNT", count]);
    }

    /// <summary>XINFO STREAM key (fails with <see cref="RedisServerException"/> if the key does not exist).</summary>
    public ValueTask<StreamInfo> XInfoStreamAsync(string key) =>
        SendAsync<StreamInfo, StreamInfoReply>(Options.CommandTimeout, "XINFO", ["STREAM", key]);

    /// <summary>XINFO GROUPS key.</summary>
    public ValueTask<IReadOnlyList<StreamGroupInfo>> XInfoGroupsAsync(string key) =>
        SendAsync<IReadOnlyList<StreamGroupInfo>, StreamGroupsReply>(Options.CommandTimeout, "XINFO", ["GROUPS", key]);

    /// <summary>XTRIM key MAXLEN [~] n: how many entries were removed (with ~ the server trims whole nodes only, so maybe fewer).</summary>
    public ValueTask<long> XTrimAsync(string key, long maxLength, bool approximate = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        return approximate
            ? SendAsync<long, Int64Reply>(Options.CommandTimeout, "XTRIM", [key, "MAXLEN", "~", maxLength])
            : SendAsync<long, Int64Reply>(Options.CommandTimeout, "XTRIM", [key, "MAXLEN", maxLength]);
    }

    /// <summary>XTRIM key MINID [~] id: removes entries below <paramref name="minId"/>; how many were removed.</summary>
    public ValueTask<long> XTrimMinIdAsync(string key, string minId, bool approximate = true) =>
        approximate
            ? SendAsync<long, Int64Reply>(Options.CommandTimeout, "XTRIM", [key, "MINID", "~", minId])
            : SendAsync<long, Int64Reply>(Options.CommandTimeout, "XTRIM", [key, "MINID", minId]);

    /// <summary>
    /// XGROUP CREATE key group startId [MKSTREAM]: true if created, false if the group already existed
    /// (BUSYGROUP), so it can run on every start. <paramref name="startId"/> <c>"$"</c> means new entries only, <c>"0"</c> everything.
    /// </summary>
    public ValueTask<bool> XGroupCreateAsync(string key, string group, string startId = "$", bool makeStream = true) =>
        makeStream
            ? SendAsync<bool, CreateGroupReply>(Options.CommandTimeout, "XGROUP", ["CREATE", key, group, startId, "MKSTREAM"])
            : SendAsync<bool, CreateGroupReply>(Options.CommandTimeout, "XGROUP", ["CREATE", key, group, startId]);

    /// <summary>XRANGE key start end [COUNT n], oldest first (<c>"-"</c> and <c>"+"</c> are the ends; <c>"(id"</c> excludes id).</summary>
    public ValueTask<IReadOnlyList<StreamEntry>> XRangeAsync(string key, string start = "-", string end = "+", int? count = null) =>
        count is { } n
            ? SendAsync<IReadOnlyList<StreamEntry>, StreamEntriesReply>(Options.CommandTimeout, "XRANGE", [key, start, end, "COUNT", n])
            : SendAsync<IReadOnlyList<StreamEntry>, StreamEntriesReply>(Options.CommandTimeout, "XRANGE", [key, start, end]);

    /// <summary>XREVRANGE key end start [COUNT n], newest first.</summary>
    public ValueTask<IReadOnlyList<StreamEntry>> XRevRangeAsync(string key, string end = "+", string start = "-", int? count = null) =>
        count is { } n
            ? SendAsync<IReadOnlyList<StreamEntry>, StreamEntriesReply>(Options.CommandTimeout, "XREVRANGE", [key, end, start, "COUNT", n])
            : SendAsync<IReadOnlyList<StreamEntry>, StreamEntriesReply>(Options.CommandTimeout, "XREVRANGE", [key, end, start]);

    /// <summary>XLEN: the number of entries (0 for a missing key).</summary>
    public ValueTask<long> XLenAsync(string key) => SendAsync<long, Int64Reply>(Options.CommandTimeout, "XLEN", [key]);

    private static int WriteAddPrefix(Span<RedisValue> args, string key, string id, long? maxLength, bool approximate)
    {
        var n = 0;
        args[n++] = key;
        if (maxLength is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(maxLength));
            args[n++] = "MAXLEN";
            if (approximate)
            {
                args[n++] = "~";
            }

            args[n++] = max;
        }

        args[n++] = id;
        return n;
    }

    private ValueTask<T> SendWithIds<T, TConverter>(string command, string key, string? group, ReadOnlySpan<string> ids)
        where TConverter : IReplyConverter<T>
    {
        if (ids.IsEmpty)
        {
            ThrowHelper.ThrowArgument(nameof(ids), $"{command} needs at least one id.");
        }

        var length = 2 + ids.Length;
        var buffer = default(ArgumentBuffer);
        RedisValue[]? rented = null;
        var args = length <= ArgumentBuffer.Length
            ? (Span<RedisValue>)buffer
            : (rented = ArrayPool<RedisValue>.Shared.Rent(length)).AsSpan();
        try
        {
            var n = 0;
            args[n++] = key;
            if (group is not null)
            {
                args[n++] = group;
            }

            foreach (var id in ids)
            {
                args[n++] = id;
            }

            return SendAsync<T, TConverter>(Options.CommandTimeout, command, args[..n]);
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
