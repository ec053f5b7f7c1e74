namespace Baas.Redis.Streams;

/// <summary>
/// The reply of XAUTOCLAIM: the id to pass as <c>start</c> next time (<c>0-0</c> once the whole pending list was
/// scanned), the entries now owned by the claiming consumer, and the ids that were pending but no longer exist
/// in the stream (Redis 7 removes those from the pending list; they need no XACK).
/// </summary>
public sealed record StreamAutoClaimResult(string NextStartId, IReadOnlyList<StreamEntry> Claimed, IReadOnlyList<string> DeletedIds);
