namespace Baas.Compliance.Screening.Lists;

/// <summary>A list file read whole: its path and bytes (hashed into the list version, then parsed).</summary>
internal sealed record ListFile(string Path, byte[] Bytes);
