namespace Baas.Compliance.Screening.Lists;

/// <summary>An address of a list entry.</summary>
/// <param name="Street">Street lines, when given.</param>
/// <param name="City">City, state or province and postal code, when given.</param>
/// <param name="Country">The country as written on the list.</param>
/// <param name="CountryCode">The ISO 3166-1 alpha-2 code of <paramref name="Country"/> when it is a known country.</param>
public sealed record EntryAddress(string? Street, string? City, string? Country, string? CountryCode);
