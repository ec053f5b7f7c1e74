namespace Baas.Compliance.Screening.Lists;

/// <summary>
/// The version of a loaded list: a SHA-256 over the names and bytes of the files read, and when they were read.
/// Two loads of the same files share <see cref="ContentHash"/> and differ in <see cref="LoadedAt"/>.
/// </summary>
/// <param name="ContentHash">Hex SHA-256 over each file's name and content, files in name order.</param>
/// <param name="LoadedAt">When the load finished (from the injected <see cref="TimeProvider"/>).</param>
public sealed record SanctionsListVersion(string ContentHash, DateTimeOffset LoadedAt)
{
    /// <summary>The version as reported with every screening: the first 16 hex digits of the hash, then the load time (UTC).</summary>
    public string Id { get; } = $"{ContentHash[..16]}-{LoadedAt.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}";

    /// <inheritdoc />
    public override string ToString() => Id;
}
