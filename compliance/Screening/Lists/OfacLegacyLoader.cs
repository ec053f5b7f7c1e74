namespace Baas.Compliance.Screening.Lists;

/// <summary>
/// Loads a list in the OFAC legacy CSV layout: the SDN list (<c>sdn.csv</c>, <c>alt.csv</c>, <c>add.csv</c>,
/// <c>sdn_comments.csv</c>) or the consolidated non-SDN list (<c>cons_prim.csv</c>, <c>cons_alt.csv</c>,
/// <c>cons_add.csv</c>, <c>cons_comments.csv</c>). Remarks cut at 1,000 characters are joined with their
/// continuation in the comments file before they are parsed.
/// </summary>
internal static class OfacLegacyLoader
{
    public static (List<SanctionsEntry> Entries, ListSource Source) Load(
        string list, ListFile primary, ListFile? alt, ListFile? add, ListFile? comments)
    {
        var orphans = 0;
        var rows = OfacCsv.Parse(OfacCsv.Decode(primary.Bytes));

        var continuations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (comments is not null)
        {
            foreach (var r in OfacCsv.Parse(OfacCsv.Decode(comments.Bytes)))
            {
                var id = r[0].Trim();
                var text = r.Length > 1 ? r[1] : "";
                continuations[id] = continuations.TryGetValue(id, out var before) ? before + text : text;
            }
        }

        var known = new HashSet<string>(rows.Select(r => r[0].Trim()), StringComparer.Ordinal);
        var aliases = new Dictionary<string, List<EntryName>>(StringComparer.Ordinal);
        if (alt is not null)
        {
            foreach (var r in OfacCsv.Parse(OfacCsv.Decode(alt.Bytes)))
            {
                var id = r[0].Trim();
                var name = Field(r, 3).Trim();
                if (!known.Contains(id))
                {
                    orphans++;
                    continue;
                }

                if (name.Length == 0)
                {
                    continue;
                }

                var kind = Field(r, 2).Trim().ToLowerInvariant() switch
                {
                    "fka" => NameKind.Fka,
                    "nka" => NameKind.Nka,
                    _ => NameKind.Aka,
                };
                Add(aliases, id, new EntryName(name, kind));
            }
        }

        var addresses = new Dictionary<string, List<EntryAddress>>(StringComparer.Ordinal);
        var addressCount = 0;
        if (add is not null)
        {
            foreach (var r in OfacCsv.Parse(OfacCsv.Decode(add.Bytes)))
            {
                var id = r[0].Trim();
                if (!known.Contains(id))
                {
                    orphans++;
                    continue;
                }

                var street = Null(Field(r, 2));
                var city = Null(Field(r, 3));
                var country = Null(Field(r, 4));
                if (street is null && city is null && country is null)
                {
                    continue;
                }

                Add(addresses, id, new EntryAddress(street, city, country, Countries.Resolve(country)));
                addressCount++;
            }
        }

        orphans += continuations.Keys.Count(k => !known.Contains(k));

        var entries = new List<SanctionsEntry>(rows.Count);
        var nameCount = 0;
        var identifierCount = 0;
        foreach (var r in rows)
        {
            var id = r[0].Trim();
            var primaryName = Field(r, 1).Trim();
            if (id.Length == 0 || primaryName.Length == 0)
            {
                continue;
            }

            var type = Field(r, 2).Trim().ToLowerInvariant() switch
            {
                "individual" => EntryType.Individual,
                "vessel" => EntryType.Vessel,
                "aircraft" => EntryType.Aircraft,
                _ => EntryType.Entity,
            };
            var remarks = Field(r, 11);
            if (continuations.TryGetValue(id, out var more))
            {
                remarks += more;
            }

            remarks = remarks.Trim();
            var parsed = OfacRemarks.Parse(remarks);
            var names = new List<EntryName> { new(primaryName, NameKind.Primary) };
            if (aliases.TryGetValue(id, out var strong))
            {
                names.AddRange(strong);
            }

            foreach (var weak in parsed.WeakAliases)
            {
                if (!names.Exists(n => string.Equals(n.Text, weak, StringComparison.OrdinalIgnoreCase)))
                {
                    names.Add(new EntryName(weak, NameKind.WeakAka));
                }
            }

            var identifiers = new List<EntryIdentifier>(parsed.Identifiers);
            var callSign = Null(Field(r, 5));
            if (callSign is not null)
            {
                identifiers.Add(new EntryIdentifier(IdentifierKind.VesselOrAircraft, "Call Sign", callSign, null));
            }

            var flag = Null(Field(r, 9));
            var entryAddresses = addresses.TryGetValue(id, out var a) ? a : [];
            var nationalities = parsed.Nationalities.Concat(parsed.Citizenships).Distinct(StringComparer.Ordinal).ToArray();
            var countries = SanctionsEntry.ResolveCountries(
                nationalities
                    .Concat(entryAddresses.Select(x => x.Country))
                    .Concat(parsed.PlacesOfBirth)
                    .Concat(identifiers.Select(x => x.Country))
                    .Append(flag));

            entries.Add(new SanctionsEntry
            {
                Id = id,
                List = list,
                Type = type,
                Names = names,
                Programs = Field(r, 3).Split("] [", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Title = Null(Field(r, 4)),
                DatesOfBirth = parsed.DatesOfBirth,
                PlacesOfBirth = parsed.PlacesOfBirth,
                Nationalities = nationalities,
                Identifiers = identifiers,
                Addresses = entryAddresses,
                CountryCodes = countries,
                Gender = parsed.Gender,
                Remarks = remarks.Length == 0 ? null : remarks,
            });
            nameCount += names.Count;
            identifierCount += identifiers.Count;
        }

        var files = new List<string> { primary.Path };
        files.AddRange(new[] { alt, add, comments }.Where(f => f is not null).Select(f => f!.Path));
        return (entries, new ListSource(list, files, entries.Count, nameCount, addressCount, identifierCount, orphans));
    }

    private static string Field(string[] record, int index) => index < record.Length ? record[index] : "";

    private static string? Null(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
