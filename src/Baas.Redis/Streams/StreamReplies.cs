using System.Text;
using Baas.Redis.Connection;

namespace Baas.Redis.Streams;

/// <summary>XREADGROUP for one stream: RESP2 <c>[[key, entries]]</c>, RESP3 <c>{key: entries}</c>, or null when BLOCK timed out.</summary>
internal struct StreamReadReply : IReplyConverter<IReadOnlyList<StreamEntry>>
{
    public static IReadOnlyList<StreamEntry> Convert(RedisResult reply)
    {
        if (reply.IsNull || reply.Count == 0)
        {
            return [];
        }

        return reply.Type == RespType.Map
            ? StreamReplies.Entries(reply[1])
            : StreamReplies.Entries(reply[0][1]);
    }
}

/// <summary>XRANGE and XREVRANGE: an array of entries.</summary>
internal struct StreamEntriesReply : IReplyConverter<IReadOnlyList<StreamEntry>>
{
    public static IReadOnlyList<StreamEntry> Convert(RedisResult reply) => StreamReplies.Entries(reply);
}

/// <summary>XAUTOCLAIM: next start id, claimed entries, and (Redis 7) ids no longer in the stream.</summary>
internal struct StreamAutoClaimReply : IReplyConverter<StreamAutoClaimResult>
{
    public static StreamAutoClaimResult Convert(RedisResult reply)
    {
        var next = reply[0].AsString()!;
        var claimed = StreamReplies.Entries(reply[1]);
        if (reply.Count < 3)
        {
            return new StreamAutoClaimResult(next, claimed, []);
        }

        var deletedItems = reply[2].Items;
        var deleted = new string[deletedItems.Length];
        for (var i = 0; i < deleted.Length; i++)
        {
            deleted[i] = deletedItems[i].AsString()!;
        }

        return new StreamAutoClaimResult(next, claimed, deleted);
    }
}

/// <summary>XPENDING key group: <c>[count, lowest, highest, [[consumer, count], ...]]</c>.</summary>
internal struct StreamPendingSummaryReply : IReplyConverter<StreamPendingSummary>
{
    public static StreamPendingSummary Convert(RedisResult reply)
    {
        var consumerItems = reply[3].Items;
        var consumers = new (string, long)[consumerItems.Length];
        for (var i = 0; i < consumers.Length; i++)
        {
            var consumer = consumerItems[i];
            consumers[i] = (consumer[0].AsString()!, consumer[1].AsInt64());
        }

        return new StreamPendingSummary(reply[0].AsInt64(), reply[1].AsString(), reply[2].AsString(), consumers);
    }
}

/// <summary>XPENDING key group start end count: <c>[[id, consumer, idle-ms, deliveries], ...]</c>.</summary>
internal struct StreamPendingEntriesReply : IReplyConverter<IReadOnlyList<StreamPendingEntry>>
{
    public static IReadOnlyList<StreamPendingEntry> Convert(RedisResult reply)
    {
        var items = reply.Items;
        var entries = new StreamPendingEntry[items.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var row = items[i];
            entries[i] = new StreamPendingEntry(
                row[0].AsString()!,
                row[1].AsString()!,
                TimeSpan.FromMilliseconds(row[2].AsInt64()),
                row[3].AsInt64());
        }

        return entries;
    }
}

/// <summary>XINFO STREAM: a map (RESP3) or flat key/value array (RESP2); unknown keys are ignored.</summary>
internal struct StreamInfoReply : IReplyConverter<StreamInfo>
{
    public static StreamInfo Convert(RedisResult reply)
    {
        long length = 0, keys = 0, nodes = 0, groups = 0;
        long? added = null;
        string lastId = "0-0";
        string? maxDeleted = null, recordedFirst = null;
        StreamEntry? first = null, last = null;
        foreach (var (key, value) in reply.AsPairs())
        {
            switch (key.AsString())
            {
                case "length":
                    length = value.AsInt64();
                    break;
                case "radix-tree-keys":
                    keys = value.AsInt64();
                    break;
                case "radix-tree-nodes":
                    nodes = value.AsInt64();
                    break;
                case "groups":
                    groups = value.AsInt64();
                    break;
                case "last-generated-id":
                    lastId = value.AsString()!;
                    break;
                case "max-deleted-entry-id":
                    maxDeleted = value.AsString();
                    break;
                case "entries-added":
                    added = value.AsNullableInt64();
                    break;
                case "recorded-first-entry-id":
                    recordedFirst = value.AsString();
                    break;
                case "first-entry":
                    first = value.IsNull ? null : StreamReplies.Entry(value);
                    break;
                case "last-entry":
                    last = value.IsNull ? null : StreamReplies.Entry(value);
                    break;
            }
        }

        return new StreamInfo(length, keys, nodes, groups, lastId, maxDeleted, added, recordedFirst, first, last);
    }
}

/// <summary>XINFO GROUPS: one map (or flat array) per group.</summary>
internal struct StreamGroupsReply : IReplyConverter<IReadOnlyList<StreamGroupInfo>>
{
    public static IReadOnlyList<StreamGroupInfo> Convert(RedisResult reply)
    {
        var items = reply.Items;
        var groups = new StreamGroupInfo[items.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            string name = string.Empty, lastDelivered = "0-0";
            long consumers = 0, pending = 0;
            long? entriesRead = null, lag = null;
            foreach (var (key, value) in items[i].AsPairs())
            {
                switch (key.AsString())
                {
                    case "name":
                        name = value.AsString()!;
                        break;
                    case "consumers":
                        consumers = value.AsInt64();
                        break;
                    case "pending":
                        pending = value.AsInt64();
                        break;
                    case "last-delivered-id":
                        lastDelivered = value.AsString()!;
                        break;
                    case "entries-read":
                        entriesRead = value.AsNullableInt64();
                        break;
                    case "lag":
                        lag = value.AsNullableInt64();
                        break;
                }
            }

            groups[i] = new StreamGroupInfo(name, consumers, pending, lastDelivered, entriesRead, lag);
        }

        return groups;
    }
}

/// <summary>Shared shapes of stream replies.</summary>
internal static class StreamReplies
{
    public static IReadOnlyList<StreamEntry> Entries(RedisResult reply)
    {
        var items = reply.Items;
        if (items.IsEmpty)
        {
            return [];
        }

        var entries = new List<StreamEntry>(items.Length);
        foreach (var item in items)
        {
            // Redis 6.2 XAUTOCLAIM answers nil in place of a deleted entry.
            if (!item.IsNull)
            {
                entries.Add(Entry(item));
            }
        }

        return entries;
    }

    /// <summary><c>[id, [field, value, ...]]</c>; the field list is nil for an entry deleted while pending.</summary>
    public static StreamEntry Entry(RedisResult reply)
    {
        var id = reply[0].AsString()!;
        var fieldItems = reply[1].Items;
        if (fieldItems.Length % 2 != 0)
        {
            ThrowHelper.ThrowUnexpectedReply(reply, "a stream entry with field/value pairs");
        }

        var fields = new (string, byte[])[fieldItems.Length / 2];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = (FieldName(fieldItems[2 * i]), fieldItems[(2 * i) + 1].AsBytes() ?? []);
        }

        return new StreamEntry(id, fields);
    }

    private static string FieldName(RedisResult reply)
    {
        var bytes = reply.AsBytes() ?? [];

        // Our entries carry one or two short field names: skip the decoder for the common single-letter ones.
        return bytes.Length == 1 && bytes[0] < 0x80 ? SingleCharacter[bytes[0]] : Encoding.UTF8.GetString(bytes);
    }

    private static readonly string[] SingleCharacter = CreateSingleCharacters();

    private static string[] CreateSingleCharacters()
    {
        var strings = new string[128];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = ((char)i).ToString();
        }

        return strings;
    }
}
