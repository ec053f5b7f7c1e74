using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Screening.Matching;

/// <summary>A party to screen: a name and, when known, supporting evidence and identifiers.</summary>
/// <param name="Name">The name as given (any order; <c>LAST, First</c> is understood).</param>
public sealed record ScreeningQuery(string Name)
{
    /// <summary>Individual, entity, vessel or aircraft; null when not known.</summary>
    public EntryType? Type { get; init; }

    /// <summary>Date of birth (full date, year and month, or year).</summary>
    public DateOfBirth? DateOfBirth { get; init; }

    /// <summary>ISO 3166-1 alpha-2 code of the party's nationality or residence.</summary>
    public string? Country { get; init; }

    /// <summary>Identifiers (passport, national ID, digital currency address, ...), compared exactly after normalisation.</summary>
    public IReadOnlyList<string> Ids { get; init; } = [];
}
