using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Tests.Lists;

public class UnLoaderTests
{
    private static readonly Lazy<SanctionsList> Un = new(() => SanctionsList.Load(TestData.Directory(TestData.Un)));

    [Fact]
    public void Individuals_and_entities_load_with_their_aliases()
    {
        var list = Un.Value;
        var source = Assert.Single(list.Sources);

        Assert.Equal(ListNames.UnConsolidated, source.List);
        Assert.Equal(730, list.Entries.Count(e => e.Type == EntryType.Individual));
        Assert.Equal(273, list.Entries.Count(e => e.Type == EntryType.Entity));

        // 2,139 non-empty individual aliases and 613 entity aliases, minus the few that repeat a name already there.
        var aliases = list.Entries.Sum(e => e.Names.Count(n => n.Kind is NameKind.Aka or NameKind.WeakAka));
        Assert.InRange(aliases, 2600, 2139 + 613);
        Assert.Contains(list.Entries, e => e.Names.Any(n => n.Kind == NameKind.WeakAka));
        // 336 individuals and 42 entities give a name in its original script; QDe.164 repeats its primary name there.
        Assert.Equal(336 + 42 - 1, list.Entries.Count(e => e.Names.Any(n => n.Kind == NameKind.OriginalScript)));
    }

    [Fact]
    public void An_individual_carries_name_parts_dates_nationality_and_documents()
    {
        var list = Un.Value;

        var badege = list.Find(ListNames.UnConsolidated, "CDi.001")!;
        Assert.Equal("ERIC BADEGE", badege.PrimaryName.Text);
        Assert.Equal(1971, Assert.Single(badege.DatesOfBirth).FromYear);
        Assert.Contains("CD", badege.CountryCodes);
        Assert.Contains("RW", badege.CountryCodes);

        var aziz = list.Find(ListNames.UnConsolidated, "IQi.025")!;
        Assert.Equal("TARIQ AZIZ", aziz.PrimaryName.Text);
        Assert.Contains(aziz.Names, n => n.Kind == NameKind.OriginalScript && n.Text == "طارق عزيز");
        Assert.Equal("1936-07-01", Assert.Single(aziz.DatesOfBirth).ToIsoString());
        Assert.Contains(aziz.Identifiers, i => i.Kind == IdentifierKind.Passport && i.Value == "No34409/129");
        Assert.Contains("IQ", aziz.CountryCodes);
    }

    [Fact]
    public void Dates_of_birth_cover_exact_approximate_and_between()
    {
        var dates = Un.Value.Entries.SelectMany(e => e.DatesOfBirth).ToList();

        Assert.Contains(dates, d => d.IsFullDate);
        Assert.Contains(dates, d => d.Approximate);
        Assert.Contains(dates, d => d.ToYear > d.FromYear);
        Assert.True(dates.Count > 850);
    }

    [Fact]
    public void Document_types_wrapped_over_lines_are_read_as_one_line()
    {
        var documents = Un.Value.Entries.SelectMany(e => e.Identifiers).ToList();

        Assert.Equal(454, documents.Count);
        Assert.DoesNotContain(documents, d => d.Label.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Label == "National Identification Number" && d.Kind == IdentifierKind.NationalId);
        Assert.True(documents.Count(d => d.Kind == IdentifierKind.Passport) >= 308);
    }
}
