using System.Xml;
using System.Xml.Linq;

namespace Baas.Compliance.Screening.Lists;

/// <summary>
/// Loads the UN Security Council consolidated list (XML): individuals (first to fourth name, aliases with their
/// quality, original-script name, dates of birth exact/approximate/between, nationalities, documents, places of
/// birth, addresses) and entities (name, aliases, addresses).
/// </summary>
internal static class UnConsolidatedLoader
{
    private static readonly string[] NameParts = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"];
    private static readonly string[] PlaceParts = ["CITY", "STATE_PROVINCE", "COUNTRY"];
    private static readonly string[] CityParts = ["CITY", "STATE_PROVINCE", "ZIP_CODE"];
    private static readonly char[] WhiteSpace = [' ', '\t', '\r', '\n'];

    public static (List<SanctionsEntry> Entries, ListSource Source) Load(ListFile file)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        XDocument document;
        using (var stream = new MemoryStream(file.Bytes, writable: false))
        using (var reader = XmlReader.Create(stream, settings))
        {
            document = XDocument.Load(reader);
        }

        var root = document.Root ?? throw new InvalidDataException($"{file.Path}: no root element");
        var entries = new List<SanctionsEntry>();
        int names = 0, addresses = 0, identifiers = 0;
        foreach (var individual in root.Elements("INDIVIDUALS").Elements("INDIVIDUAL"))
        {
            var entry = Individual(individual);
            if (entry is not null)
            {
                entries.Add(entry);
                names += entry.Names.Count;
                addresses += entry.Addresses.Count;
                identifiers += entry.Identifiers.Count;
            }
        }

        foreach (var entity in root.Elements("ENTITIES").Elements("ENTITY"))
        {
            var entry = Entity(entity);
            if (entry is not null)
            {
                entries.Add(entry);
                names += entry.Names.Count;
                addresses += entry.Addresses.Count;
            }
        }

        return (entries, new ListSource(ListNames.UnConsolidated, [file.Path], entries.Count, names, addresses, identifiers, 0));
    }

    private static SanctionsEntry? Individual(XElement e)
    {
        var name = string.Join(' ', NameParts.Select(n => Text(e.Element(n))).Where(t => t is not null));
        var id = Text(e.Element("REFERENCE_NUMBER")) ?? Text(e.Element("DATAID"));
        if (name.Length == 0 || id is null)
        {
            return null;
        }

        var names = new List<EntryName> { new(name, NameKind.Primary) };
        AddAliases(names, e.Elements("INDIVIDUAL_ALIAS"));
        AddOriginalScript(names, e);

        var dates = new List<DateOfBirth>();
        foreach (var d in e.Elements("INDIVIDUAL_DATE_OF_BIRTH"))
        {
            if (DateOf(d) is { } date)
            {
                dates.Add(date);
            }
        }

        var nationalities = e.Elements("NATIONALITY").Elements("VALUE").Select(Text).OfType<string>().ToArray();
        var places = new List<string>();
        var birthCountries = new List<string?>();
        foreach (var p in e.Elements("INDIVIDUAL_PLACE_OF_BIRTH"))
        {
            var parts = PlaceParts.Select(n => Text(p.Element(n))).OfType<string>().ToArray();
            if (parts.Length > 0)
            {
                places.Add(string.Join(", ", parts));
                birthCountries.Add(Text(p.Element("COUNTRY")));
            }
        }

        var documents = new List<EntryIdentifier>();
        foreach (var d in e.Elements("INDIVIDUAL_DOCUMENT"))
        {
            var number = Text(d.Element("NUMBER"));
            if (number is null)
            {
                continue;
            }

            var label = Text(d.Element("TYPE_OF_DOCUMENT")) ?? Text(d.Element("TYPE_OF_DOCUMENT2")) ?? "Document";
            var country = Text(d.Element("ISSUING_COUNTRY")) ?? Text(d.Element("COUNTRY_OF_ISSUE"));
            documents.Add(new EntryIdentifier(IdentifierLabels.Classify(label), label, number, country));
        }

        var entryAddresses = Addresses(e.Elements("INDIVIDUAL_ADDRESS"));
        return new SanctionsEntry
        {
            Id = id,
            List = ListNames.UnConsolidated,
            Type = EntryType.Individual,
            Names = names,
            Programs = Programs(e),
            Title = JoinValues(e.Element("TITLE")),
            DatesOfBirth = dates,
            PlacesOfBirth = places,
            Nationalities = nationalities,
            Identifiers = documents,
            Addresses = entryAddresses,
            CountryCodes = SanctionsEntry.ResolveCountries(
                nationalities.Concat(entryAddresses.Select(a => a.Country)).Concat(birthCountries).Concat(documents.Select(d => d.Country))),
            Gender = Text(e.Element("GENDER")),
            Remarks = Text(e.Element("COMMENTS1")),
        };
    }

    private static SanctionsEntry? Entity(XElement e)
    {
        var name = Text(e.Element("FIRST_NAME"));
        var id = Text(e.Element("REFERENCE_NUMBER")) ?? Text(e.Element("DATAID"));
        if (name is null || id is null)
        {
            return null;
        }

        var names = new List<EntryName> { new(name, NameKind.Primary) };
        AddAliases(names, e.Elements("ENTITY_ALIAS"));
        AddOriginalScript(names, e);
        var entryAddresses = Addresses(e.Elements("ENTITY_ADDRESS"));
        return new SanctionsEntry
        {
            Id = id,
            List = ListNames.UnConsolidated,
            Type = EntryType.Entity,
            Names = names,
            Programs = Programs(e),
            Addresses = entryAddresses,
            CountryCodes = SanctionsEntry.ResolveCountries(entryAddresses.Select(a => a.Country)),
            Remarks = Text(e.Element("COMMENTS1")),
        };
    }

    private static void AddAliases(List<EntryName> names, IEnumerable<XElement> aliases)
    {
        foreach (var alias in aliases)
        {
            var text = Text(alias.Element("ALIAS_NAME"));
            if (text is null || names.Exists(n => string.Equals(n.Text, text, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var quality = Text(alias.Element("QUALITY"));
            names.Add(new EntryName(text, string.Equals(quality, "Low", StringComparison.OrdinalIgnoreCase) ? NameKind.WeakAka : NameKind.Aka));
        }
    }

    private static void AddOriginalScript(List<EntryName> names, XElement e)
    {
        if (Text(e.Element("NAME_ORIGINAL_SCRIPT")) is { } original && !names.Exists(n => n.Text == original))
        {
            names.Add(new EntryName(original, NameKind.OriginalScript));
        }
    }

    private static DateOfBirth? DateOf(XElement d)
    {
        var type = Text(d.Element("TYPE_OF_DATE"))?.ToUpperInvariant();
        var approximate = type == "APPROXIMATELY";
        if (type == "BETWEEN"
            && int.TryParse(Text(d.Element("FROM_YEAR")), out var from)
            && int.TryParse(Text(d.Element("TO_YEAR")), out var to)
            && to >= from)
        {
            return new DateOfBirth(from, to, 0, 0, false, $"{from} to {to}");
        }

        var text = Text(d.Element("DATE")) ?? Text(d.Element("YEAR"));
        if (text is not null && DateOfBirth.TryParseIso(text.Length > 10 ? text[..10] : text, out var date))
        {
            return date! with { Approximate = approximate, Text = approximate ? "approximately " + text : text };
        }

        return null;
    }

    private static List<EntryAddress> Addresses(IEnumerable<XElement> addresses)
    {
        var list = new List<EntryAddress>();
        foreach (var a in addresses)
        {
            var street = Text(a.Element("STREET"));
            var cityParts = CityParts.Select(n => Text(a.Element(n))).OfType<string>().ToArray();
            var country = Text(a.Element("COUNTRY"));
            if (street is null && cityParts.Length == 0 && country is null)
            {
                continue;
            }

            list.Add(new EntryAddress(street, cityParts.Length == 0 ? null : string.Join(", ", cityParts), country, Countries.Resolve(country)));
        }

        return list;
    }

    private static string[] Programs(XElement e) => Text(e.Element("UN_LIST_TYPE")) is { } program ? [program] : [];

    private static string? JoinValues(XElement? e)
    {
        var values = e?.Elements("VALUE").Select(Text).OfType<string>().ToArray() ?? [];
        return values.Length == 0 ? null : string.Join("; ", values);
    }

    /// <summary>An element's text with runs of white space (the file wraps long values) collapsed; null when empty.</summary>
    private static string? Text(XElement? e)
    {
        if (e is null)
        {
            return null;
        }

        var parts = e.Value.Split(WhiteSpace, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? null : string.Join(' ', parts);
    }
}
