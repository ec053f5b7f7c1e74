using System.Diagnostics;

namespace Baas.Redis.Tests;

/// <summary>The stream helpers against the shared redis-server, in RESP2 and RESP3: the authorization log's path.</summary>
public sealed class StreamTests
{
    [RequiresRedisTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XAdd_with_explicit_increasing_ids_and_the_error_for_a_non_increasing_one(RedisProtocol protocol)
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync(protocol);
        var stream = RedisTestEnvironment.Key("ids");

        Assert.Equal("1700000000000-0", await redis.XAddAsync(stream, "1700000000000-0", "e", new byte[] { 1 }));
        Assert.Equal("1700000000000-1", await redis.XAddAsync(stream, "1700000000000-1", "e", new byte[] { 2 }));
        Assert.Equal("1700000000001-0", await redis.XAddAsync(stream, "1700000000001-0", [("e", new byte[] { 3 }), ("k", "v")]));

        var equal = await Assert.ThrowsAsync<RedisServerException>(async () => await redis.XAddAsync(stream, "1700000000001-0", "e", "again"));
        var smaller = await Assert.ThrowsAsync<RedisServerException>(async () => await redis.XAddAsync(stream, "1700000000000-5", "e", "late"));

        Assert.Contains("equal or smaller", equal.Message, StringComparison.Ordinal);
        Assert.Contains("equal or smaller", smaller.Message, StringComparison.Ordinal);
        Assert.Equal(3, await redis.XLenAsync(stream));
        var auto = await redis.XAddAsync(stream, "*", "e", "auto");
        Assert.True(string.CompareOrdinal(auto, "1700000000001-0") > 0, auto);
        await redis.DelAsync(stream);
    }

    [RequiresRedisTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XRange_XRevRange_and_XLen_see_entries_with_binary_values_in_order(RedisProtocol protocol)
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync(protocol);
        var stream = RedisTestEnvironment.Key("range");
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        for (var i = 1; i <= 10; i++)
        {
            await redis.XAddAsync(stream, $"{i}-0", [("e", payload), ("n", i)]);
        }

        var all = await redis.XRangeAsync(stream);
        var middle = await redis.XRangeAsync(stream, "3-0", "5-0");
        var firstTwo = await redis.XRangeAsync(stream, count: 2);
        var exclusive = await redis.XRangeAsync(stream, "(9-0");
        var newest = await redis.XRevRangeAsync(stream, count: 3);

        Assert.Equal(10, await redis.XLenAsync(stream));
        Assert.Equal(0, await redis.XLenAsync(stream + ":missing"));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"{i}-0"), all.Select(e => e.Id));
        Assert.All(all, e => Assert.Equal(payload, e["e"]));
        Assert.Equal(["e", "n"], all[0].Fields.Select(f => f.Field));
        Assert.Equal("7"u8.ToArray(), all[6]["n"]);
        Assert.Equal(["3-0", "4-0", "5-0"], middle.Select(e => e.Id));
        Assert.Equal(["1-0", "2-0"], firstTwo.Select(e => e.Id));
        Assert.Equal(["10-0"], exclusive.Select(e => e.Id));
        Assert.Equal(["10-0", "9-0", "8-0"], newest.Select(e => e.Id));
        Assert.Empty(await redis.XRangeAsync(stream + ":missing"));
        await redis.DelAsync(stream);
    }

    [RequiresRedisFact]
    public async Task A_multi_megabyte_XRANGE_reply_arrives_whole()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var stream = RedisTestEnvironment.Key("large");
        var payload = new byte[400];
        new Random(5).NextBytes(payload);
        const int Count = 10_000;
        var adds = new ValueTask<string>[Count];
        for (var i = 0; i < Count; i++)
        {
            payload[0] = (byte)i;
            adds[i] = redis.XAddAsync(stream, $"{i + 1}-0", "e", payload.ToArray());
        }

        foreach (var add in adds)
        {
            await add;
        }

        var entries = await redis.XRangeAsync(stream);

        Assert.Equal(Count, entries.Count);
        Assert.Equal($"{Count}-0", entries[^1].Id);
        Assert.All(entries, e => Assert.Equal(payload.AsSpan(1).ToArray(), e["e"]![1..]));
        Assert.Equal((byte)((Count - 1) % 256), entries[^1]["e"]![0]);
        await redis.DelAsync(stream);
    }

    [RequiresRedisFact]
    public async Task XAdd_MAXLEN_and_XTrim_keep_the_stream_bounded()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var exact = RedisTestEnvironment.Key("exact");
        var approximate = RedisTestEnvironment.Key("approx");
        for (var i = 1; i <= 300; i++)
        {
            await redis.XAddAsync(exact, $"{i}-0", "e", i, maxLength: 50, approximate: false);
            await redis.XAddAsync(approximate, $"{i}-0", "e", i, maxLength: 50);
        }

        Assert.Equal(50, await redis.XLenAsync(exact));
        Assert.Equal("251-0", (await redis.XRangeAsync(exact, count: 1))[0].Id);

        // "~" trims whole radix-tree nodes only (100 entries each by default): at least 50 stay, never all 300.
        Assert.InRange(await redis.XLenAsync(approximate), 50, 200);

        Assert.Equal(40, await redis.XTrimAsync(exact, 10, approximate: false));
        Assert.Equal(10, await redis.XLenAsync(exact));
        Assert.Equal(5, await redis.XTrimMinIdAsync(exact, "296-0", approximate: false));
        Assert.Equal(["296-0", "297-0", "298-0", "299-0", "300-0"], (await redis.XRangeAsync(exact)).Select(e => e.Id));
        Assert.True(await redis.XTrimAsync(approximate, 0) >= 0);
        await redis.DelAsync(exact, approximate);
    }

    [RequiresRedisTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XGroupCreate_makes_the_stream_and_is_false_when_the_group_exists(RedisProtocol protocol)
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync(protocol);
        var stream = RedisTestEnvironment.Key("group");

        var missing = await Assert.ThrowsAsync<RedisServerException>(async () => await redis.XGroupCreateAsync(stream, "g", makeStream: false));
        Assert.True(await redis.XGroupCreateAsync(stream, "g", "0"));
        Assert.False(await redis.XGroupCreateAsync(stream, "g", "0"));
        Assert.True(await redis.XGroupCreateAsync(stream, "other", "$", makeStream: false));

        Assert.Contains("MKSTREAM", missing.Message, StringComparison.Ordinal);
        Assert.Equal(1, await redis.ExistsAsync(stream));
        Assert.Equal(["g", "other"], (await redis.XInfoGroupsAsync(stream)).Select(g => g.Name).Order());
        await redis.DelAsync(stream);
    }

    [RequiresRedisTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Consumer_group_end_to_end_read_ack_pending_and_autoclaim_from_a_dead_consumer(RedisProtocol protocol)
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync(protocol);
        var stream = RedisTestEnvironment.Key("e2e");
        Assert.True(await redis.XGroupCreateAsync(stream, "distributors", "0"));
        for (var i = 1; i <= 6; i++)
        {
            await redis.XAddAsync(stream, $"{i}-0", "e", new byte[] { (byte)i, 0, 255 });
        }

        // Consumer "a" reads everything, acknowledges two, then dies holding the rest.
        var delivered = await redis.XReadGroupAsync(stream, "distributors", "a", count: 10);
        Assert.Equal(["1-0", "2-0", "3-0", "4-0", "5-0", "6-0"], delivered.Select(e => e.Id));
        Assert.Equal(new byte[] { 3, 0, 255 }, delivered[2]["e"]);
        Assert.Empty(await redis.XReadGroupAsync(stream, "distributors", "a"));
        Assert.Equal(2, await redis.XAckAsync(stream, "distributors", "1-0", "2-0"));
        Assert.Equal(0, await redis.XAckAsync(stream, "distributors", "1-0"));

        var summary = await redis.XPendingAsync(stream, "distributors");
        Assert.Equal(4, summary.Count);
        Assert.Equal("3-0", summary.LowestId);
        Assert.Equal("6-0", summary.HighestId);
        Assert.Equal([("a", 4L)], summary.Consumers);

        var rows = await redis.XPendingRangeAsync(stream, "distributors");
        Assert.Equal(["3-0", "4-0", "5-0", "6-0"], rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Equal(("a", 1L), (r.Consumer, r.DeliveryCount)));
        Assert.Equal(["4-0"], (await redis.XPendingRangeAsync(stream, "distributors", "4-0", "4-0", 10, consumer: "a")).Select(r => r.Id));
        Assert.Empty(await redis.XPendingRangeAsync(stream, "distributors", consumer: "b"));

        // Its own history ("0" instead of ">") is what a restarted consumer re-reads.
        Assert.Equal(["3-0", "4-0", "5-0", "6-0"], (await redis.XReadGroupAsync(stream, "distributors", "a", "0")).Select(e => e.Id));

        // One held entry is deleted meanwhile; "b" claims what "a" left idle.
        Assert.Equal(1, await redis.XDelAsync(stream, "5-0"));
        await Task.Delay(60);
        Assert.Empty(await redis.XPendingRangeAsync(stream, "distributors", minIdle: TimeSpan.FromHours(1)));
        var claim = await redis.XAutoClaimAsync(stream, "distributors", "b", TimeSpan.FromMilliseconds(50), count: 10);

        Assert.Equal("0-0", claim.NextStartId);
        Assert.Equal(["3-0", "4-0", "6-0"], claim.Claimed.Select(e => e.Id));
        Assert.Equal(new byte[] { 6, 0, 255 }, claim.Claimed[2]["e"]);
        Assert.Equal(["5-0"], claim.DeletedIds);
        Assert.Equal([("b", 3L)], (await redis.XPendingAsync(stream, "distributors")).Consumers);
        Assert.All(await redis.XPendingRangeAsync(stream, "distributors"), r => Assert.Equal(("b", 3L), (r.Consumer, r.DeliveryCount)));

        Assert.Equal(3, await redis.XAckAsync(stream, "distributors", "3-0", "4-0", "6-0"));
        var empty = await redis.XPendingAsync(stream, "distributors");
        Assert.Equal(0, empty.Count);
        Assert.Null(empty.LowestId);
        Assert.Empty(empty.Consumers);
        await redis.DelAsync(stream);
    }

    [RequiresRedisFact]
    public async Task Reading_history_shows_an_entry_deleted_while_pending_as_deleted()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var stream = RedisTestEnvironment.Key("deleted");
        await redis.XGroupCreateAsync(stream, "g", "0");
        await redis.XAddAsync(stream, "1-0", "e", "x");
        await redis.XAddAsync(stream, "2-0", "e", "y");
        await redis.XReadGroupAsync(stream, "g", "c");
        await redis.XDelAsync(stream, "1-0");

        var history = await redis.XReadGroupAsync(stream, "g", "c", "0");

        Assert.Equal(["1-0", "2-0"], history.Select(e => e.Id));
        Assert.True(history[0].IsDeleted);
        Assert.False(history[1].IsDeleted);
        await redis.DelAsync(stream);
    }

    [RequiresRedisTheory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XInfo_stream_and_groups_describe_length_ids_and_lag(RedisProtocol protocol)
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync(protocol);
        var stream = RedisTestEnvironment.Key("info");
        await redis.XGroupCreateAsync(stream, "g", "0");
        for (var i = 1; i <= 5; i++)
        {
            await redis.XAddAsync(stream, $"{i}-1", "e", i);
        }

        await redis.XReadGroupAsync(stream, "g", "c", count: 2);

        var info = await redis.XInfoStreamAsync(stream);
        var groups = await redis.XInfoGroupsAsync(stream);

        Assert.Equal(5, info.Length);
        Assert.Equal(1, info.Groups);
        Assert.Equal("5-1", info.LastGeneratedId);
        Assert.Equal("1-1", info.FirstEntry!.Id);
        Assert.Equal("5"u8.ToArray(), info.LastEntry!["e"]);
        Assert.True(info.RadixTreeKeys >= 1);
        Assert.Equal(5, info.EntriesAdded);
        var group = Assert.Single(groups);
        Assert.Equal(("g", 1L, 2L, "2-1"), (group.Name, group.Consumers, group.Pending, group.LastDeliveredId));
        Assert.Equal(2, group.EntriesRead);
        Assert.Equal(3, group.Lag);
        await Assert.ThrowsAsync<RedisServerException>(async () => await redis.XInfoStreamAsync(stream + ":missing"));
        await redis.DelAsync(stream);
    }

    [RequiresRedisFact]
    public async Task A_blocking_read_returns_empty_after_its_block_time_and_wakes_for_a_new_entry()
    {
        await using var reader = await RedisTestEnvironment.ConnectAsync(commandTimeout: TimeSpan.FromSeconds(3));
        await using var writer = await RedisTestEnvironment.ConnectAsync();
        var stream = RedisTestEnvironment.Key("block");
        await writer.XGroupCreateAsync(stream, "g");

        var clock = Stopwatch.StartNew();
        Assert.Empty(await reader.XReadGroupAsync(stream, "g", "c", block: TimeSpan.FromMilliseconds(150)));
        Assert.InRange(clock.ElapsedMilliseconds, 120, 3_000);

        // Longer than the command timeout: the helper extends the timeout by the block time.
        var waiting = reader.XReadGroupAsync(stream, "g", "c", block: TimeSpan.FromSeconds(10)).AsTask();
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        await writer.XAddAsync(stream, "*", "e", "wake");
        var woken = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("wake"u8.ToArray(), Assert.Single(woken)["e"]);
        await writer.DelAsync(stream);
    }
}
