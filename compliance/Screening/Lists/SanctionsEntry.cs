namespace Baas.Compliance.Screening.Lists;

/// <summary>One entry of a sanctions list: a person, entity, vessel or aircraft with its names and what identifies it.</summary>
public sealed class SanctionsEntry
{
    /// <summary>The list's own identifier: the OFAC <c>ent_num</c>, the UN reference number (<c>QDi.001</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The list it comes from (<see cref="ListNames"/>).</summary>
    public required string List { get; init; }

    /// <summary>Individual, entity, vessel or aircraft.</summary>
    public required EntryType Type { get; init; }

    /// <summary>All names; the first is the primary name.</summary>
    public required IReadOnlyList<EntryName> Names { get; init; }

    /// <summary>The primary name as written on the list.</summary>
    public EntryName PrimaryName => Names[0];

    /// <summary>Sanctions programmes (OFAC <c>SDGT</c>, <c>IRAN-EO13846</c>; UN list type).</summary>
    public IReadOnlyList<string> Programs { get; init; } = [];

    /// <summary>Title or position, when the list gives one.</summary>
    public string? Title { get; init; }

    /// <summary>Dates of birth (individuals).</summary>
    public IReadOnlyList<DateOfBirth> DatesOfBirth { get; init; } = [];

    /// <summary>Places of birth as written.</summary>
    public IReadOnlyList<string> PlacesOfBirth { get; init; } = [];

    /// <summary>Nationalities and citizenships as written.</summary>
    public IReadOnlyList<string> Nationalities { get; init; } = [];

    /// <summary>Passports, national IDs, tax and registration numbers, digital currency addresses, ...</summary>
    public IReadOnlyList<EntryIdentifier> Identifiers { get; init; } = [];

    /// <summary>Addresses.</summary>
    public IReadOnlyList<EntryAddress> Addresses { get; init; } = [];

    /// <summary>
    /// ISO 3166-1 alpha-2 codes of every country the entry is tied to: nationality, citizenship, addresses,
    /// place of birth, documents' issuing countries, a vessel's flag.
    /// </summary>
    public IReadOnlyList<string> CountryCodes { get; init; } = [];

    /// <summary>Gender, when given.</summary>
    public string? Gender { get; init; }

    /// <summary>The full remarks (OFAC remarks joined with their continuation; UN comments).</summary>
    public string? Remarks { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{List} {Id} {PrimaryName.Text}";

    /// <summary>The distinct country codes resolved from any of the given country names or places.</summary>
    internal static string[] ResolveCountries(IEnumerable<string?> countriesOrPlaces)
    {
        var codes = new List<string>();
        foreach (var text in countriesOrPlaces)
        {
            if (Countries.Resolve(text) is { } code && !codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        return [.. codes];
    }
}
