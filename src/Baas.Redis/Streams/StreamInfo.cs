namespace Baas.Redis.Streams;

/// <summary>
/// XINFO STREAM. Fields that only newer servers report (Redis 7: max deleted id, entries added, recorded first
/// id) are null on older ones.
/// </summary>
public sealed record StreamInfo(
    long Length,
    long RadixTreeKeys,
    long RadixTreeNodes,
    long Groups,
    string LastGeneratedId,
    string? MaxDeletedEntryId,
    long? EntriesAdded,
    string? RecordedFirstEntryId,
    StreamEntry? FirstEntry,
    StreamEntry? LastEntry);
