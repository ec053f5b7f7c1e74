using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Tests.Lists;

public class OfacLoaderTests
{
    [Fact]
    public void The_2021_SDN_list_has_8976_entries_with_their_aliases_and_addresses()
    {
        var list = TestData.Sdn;
        var source = Assert.Single(list.Sources);

        Assert.Equal(ListNames.OfacSdn, source.List);
        Assert.Equal(8976, list.Entries.Count);
        Assert.Equal(4, source.Files.Count);
        Assert.Equal(0, source.OrphanRows);
        Assert.Equal(4620, list.Entries.Count(e => e.Type == EntryType.Individual));
        Assert.Equal(3673, list.Entries.Count(e => e.Type == EntryType.Entity));
        Assert.Equal(406, list.Entries.Count(e => e.Type == EntryType.Vessel));
        Assert.Equal(277, list.Entries.Count(e => e.Type == EntryType.Aircraft));

        // alt.csv: 11,910 alternate names (aka 11,523, fka 369, nka 18), every one attached.
        var names = list.Entries.SelectMany(e => e.Names).ToList();
        Assert.Equal(11523, names.Count(n => n.Kind == NameKind.Aka));
        Assert.Equal(369, names.Count(n => n.Kind == NameKind.Fka));
        Assert.Equal(18, names.Count(n => n.Kind == NameKind.Nka));

        // add.csv: 13,837 rows, of which 11,440 say something (the rest are all -0-).
        Assert.Equal(11440, list.Entries.Sum(e => e.Addresses.Count));
        Assert.All(list.Entries, e => Assert.Equal(NameKind.Primary, e.Names[0].Kind));
    }

    [Fact]
    public void Names_with_commas_and_apostrophes_survive()
    {
        var list = TestData.Sdn;

        Assert.Equal("ANGLO-CARIBBEAN CO., LTD.", list.Find(ListNames.OfacSdn, "173")!.PrimaryName.Text);
        var kabi = list.Find(ListNames.OfacSdn, "18047")!;
        Assert.Equal("AL-KA'BI, Sa'd bin Sa'd Muhammad Shariyan", kabi.PrimaryName.Text);

        // Remarks: a.k.a. 'Abu Haza''; a.k.a. ''Umar al-Afghani' — apostrophes inside the quotes.
        var weak = kabi.Names.Where(n => n.Kind == NameKind.WeakAka).Select(n => n.Text).ToList();
        Assert.Contains("Abu Haza'", weak);
        Assert.Contains("'Umar al-Afghani", weak);
        Assert.Contains("Abu Sa'd", weak);
    }

    [Fact]
    public void Remarks_give_dates_places_nationalities_and_identifiers()
    {
        var entry = TestData.Sdn.Find(ListNames.OfacSdn, "10979")!;

        Assert.Equal("BALDENEGRO BASTIDAS, Manuel Dario", entry.PrimaryName.Text);
        var dob = Assert.Single(entry.DatesOfBirth);
        Assert.Equal((1963, 1, 11), (dob.FromYear, dob.Month, dob.Day));
        Assert.Contains("Hermosillo, Sonora, Mexico", entry.PlacesOfBirth);
        Assert.Contains("Mexico", entry.Nationalities);
        Assert.Contains("MX", entry.CountryCodes);
        var passport = Assert.Single(entry.Identifiers, i => i.Kind == IdentifierKind.Passport);
        Assert.Equal("260000406", passport.Value);
        Assert.Equal("Mexico", passport.Country);
        Assert.Contains(entry.Identifiers, i => i.Label == "C.U.R.P." && i.Value == "BABM630111HSLLSN16" && i.Kind == IdentifierKind.NationalId);
    }

    [Fact]
    public void Identifiers_are_parsed_across_the_list()
    {
        var identifiers = TestData.Sdn.Entries.SelectMany(e => e.Identifiers).ToList();

        // 1,538 "Passport ..." parts in the remarks; a few are notes ("Passport issued in Sarajevo") rather than numbers.
        Assert.InRange(identifiers.Count(i => i.Kind == IdentifierKind.Passport && i.Label.StartsWith("Passport", StringComparison.Ordinal)), 1520, 1538);
        Assert.Contains(identifiers, i => i.Label == "Passport" && i.Value == "RL 1794375" && i.Country == "Lebanon");
        Assert.Contains(identifiers, i => i.Label == "Passport" && i.Value == "G 649385");
        Assert.True(identifiers.Count(i => i.Kind == IdentifierKind.NationalId) > 1900);
        Assert.Contains(identifiers, i => i.Label == "Electoral Registry No." && i.Kind == IdentifierKind.NationalId);
        Assert.True(identifiers.Count(i => i.Kind == IdentifierKind.TaxId) > 900);
        Assert.Equal(97, identifiers.Count(i => i.Kind == IdentifierKind.DigitalCurrencyAddress));
        Assert.Equal(15, TestData.Sdn.Entries.Count(e => e.Identifiers.Any(i => i.Kind == IdentifierKind.DigitalCurrencyAddress)));
        Assert.Contains(identifiers, i => i.Label == "IMO" && i.Value == "9513282");
    }

    [Fact]
    public void A_remark_cut_at_1000_characters_is_joined_with_its_continuation()
    {
        var list = TestData.Sdn;

        // sdn.csv ends "...; Digital Currency Addres" and sdn_comments.csv goes on "s - ETH 0x8576...".
        var a = list.Find(ListNames.OfacSdn, "29703")!;
        Assert.True(a.Remarks!.Length > 1000);
        Assert.Contains(a.Identifiers, i => i.Label == "Digital Currency Address - ETH" && i.Value == "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c");
        Assert.Equal(17, a.Identifiers.Count(i => i.Kind == IdentifierKind.DigitalCurrencyAddress));

        // An address cut in the middle: "... - XBT 1Gq" + "ChmWqGtsaLrGbHfgdrV5Nkvahtjjuxr".
        var b = list.Find(ListNames.OfacSdn, "30518")!;
        Assert.Contains(b.Identifiers, i => i.Value == "1GqChmWqGtsaLrGbHfgdrV5Nkvahtjjuxr" && i.Label == "Digital Currency Address - XBT");
        Assert.Equal(19, b.Identifiers.Count(i => i.Kind == IdentifierKind.DigitalCurrencyAddress));
    }

    [Fact]
    public void The_tiny_2025_list_loads_and_counts_rows_that_name_no_entry()
    {
        var list = SanctionsList.Load(TestData.Directory(TestData.SdnTiny2025));
        var source = Assert.Single(list.Sources);

        Assert.Equal(17, list.Entries.Count);
        // The subset keeps alias and address rows of entries it left out: 5 in alt.csv, 4 in add.csv.
        Assert.Equal(9, source.OrphanRows);
        Assert.Equal(19, source.Addresses);

        var logan = list.Find(ListNames.OfacSdn, "10278")!;
        Assert.Equal(EntryType.Individual, logan.Type);
        Assert.Contains(logan.Identifiers, i => i.Kind == IdentifierKind.Passport && i.Value == "P0017003" && i.Country == "Belize");
        Assert.Contains(logan.Identifiers, i => i.Label == "SSN" && i.Value == "561-77-9011");
        Assert.Contains(logan.Names, n => n.Kind == NameKind.WeakAka && n.Text == "BURTON BURGESS");
        Assert.Equal("1963-07-28", Assert.Single(logan.DatesOfBirth).ToIsoString());

        var suex = list.Find(ListNames.OfacSdn, "33151")!;
        var addresses = suex.Identifiers.Where(i => i.Kind == IdentifierKind.DigitalCurrencyAddress).ToList();
        Assert.Equal(25, addresses.Count);
        Assert.Contains(addresses, i => i.Value == "1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi");
        Assert.Contains(addresses, i => i.Value == "bc1qdt3gml5z5n50y5hm04u2yjdphefkm0fl2zdj68");
        Assert.Contains(addresses, i => i.Label == "Digital Currency Address - USDT" && i.Value == "16iWn2J1McqjToYLHSsAyS6En3QA8YQ91H");

        Assert.Contains(list.Find(ListNames.OfacSdn, "47371")!.Identifiers, i => i.Kind == IdentifierKind.VesselOrAircraft && i.Value == "636013272");
    }

    [Fact]
    public void The_consolidated_list_loads_in_the_same_layout()
    {
        var list = SanctionsList.Load(TestData.Directory(TestData.Consolidated2025));
        var source = Assert.Single(list.Sources);

        Assert.Equal(ListNames.OfacConsolidated, source.List);
        Assert.Equal(442, list.Entries.Count);
        Assert.Equal(79, list.Entries.Count(e => e.Type == EntryType.Individual));
        Assert.Equal(932, list.Entries.Sum(e => e.Names.Count(n => n.Kind == NameKind.Aka)));
        Assert.Equal(141, list.Entries.Sum(e => e.Names.Count(n => n.Kind == NameKind.Fka)));
        Assert.Equal(0, source.OrphanRows);
        Assert.Equal(522, source.Addresses);

        var haniya = list.Find(ListNames.OfacConsolidated, "9639")!;
        Assert.Equal("HANIYA, Ismail Abdul Salah", haniya.PrimaryName.Text);
        Assert.Contains(haniya.Names, n => n.Text == "HANIYYA, Ismaeel");
        Assert.Equal(1962, Assert.Single(haniya.DatesOfBirth).FromYear);

        // Cut after a space: "Registration Number 1027700070518 " + "(Russia); ...".
        var cut = list.Find(ListNames.OfacConsolidated, "17250")!;
        Assert.Contains(cut.Identifiers, i => i.Value == "1027700070518" && i.Country == "Russia");
    }

    [Fact]
    public void LF_line_ends_without_the_0x1A_line_load_the_same_entries()
    {
        using var temp = TestData.Temp();
        foreach (var file in Directory.EnumerateFiles(TestData.Directory(TestData.Consolidated2025)))
        {
            var text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\u001A');
            File.WriteAllText(Path.Combine(temp.Path, Path.GetFileName(file)), text);
        }

        var original = SanctionsList.Load(TestData.Directory(TestData.Consolidated2025));
        var lf = SanctionsList.Load(temp.Path);

        Assert.Equal(original.Entries.Count, lf.Entries.Count);
        Assert.Equal(
            original.Entries.Select(e => (e.Id, e.PrimaryName.Text, e.Names.Count, e.Identifiers.Count, e.Addresses.Count, e.Remarks)),
            lf.Entries.Select(e => (e.Id, e.PrimaryName.Text, e.Names.Count, e.Identifiers.Count, e.Addresses.Count, e.Remarks)));
        Assert.NotEqual(original.Version.ContentHash, lf.Version.ContentHash);
    }
}
