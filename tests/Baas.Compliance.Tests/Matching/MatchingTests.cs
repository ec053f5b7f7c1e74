using Baas.Compliance.Screening;
using Baas.Compliance.Screening.Lists;
using Baas.Compliance.Screening.Matching;

namespace Baas.Compliance.Tests.Matching;

/// <summary>Screening against the full 2021 SDN list at the default threshold.</summary>
public class MatchingTests
{
    private const double Threshold = ScreeningOptions.DefaultThreshold;

    private static ScreeningResult Screen(string name, double threshold = Threshold) => TestData.Sdn.Screen(new ScreeningQuery(name), threshold);

    private static ScreeningResult Screen(ScreeningQuery query, double threshold = Threshold) => TestData.Sdn.Screen(query, threshold);

    private static ScreeningHit Hit(ScreeningResult result, string entryId)
    {
        var hit = result.Hits.FirstOrDefault(h => h.EntryId == entryId);
        Assert.True(hit is not null, $"entry {entryId} not among hits: {string.Join("; ", result.Hits.Select(h => $"{h.EntryId} {h.Name} {h.Score}"))}");
        return hit;
    }

    [Fact]
    public void An_exact_name_scores_one_and_explains_itself()
    {
        var result = Screen("Hasan Nasrallah");

        var hit = Hit(result, "2686");
        Assert.Same(hit, result.Hits[0]);
        Assert.Equal(1.0, hit.Score);
        Assert.Equal(ListNames.OfacSdn, hit.List);
        Assert.Equal("NASRALLAH, Hasan", hit.Name);
        Assert.Equal(NameKind.Primary, hit.MatchedName.Kind);
        Assert.Equal(TestData.Sdn.Version.Id, result.ListVersion);
        Assert.Contains(hit.Tokens, t => t.Query == "nasrallah" && t.Entry == "nasrallah" && t.Score == 1.0);
        Assert.Contains(hit.Reasons, r => r.StartsWith("name matched primary \"NASRALLAH, Hasan\"", StringComparison.Ordinal));
        Assert.Contains(hit.Reasons, r => r.StartsWith("token pairs: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Hasan Nasralah", "typo")]
    [InlineData("Hasan Nasrallh", "typo")]
    [InlineData("Hsan Nasrallah", "typo")]
    [InlineData("Hasan Nasrlalah", "transposition")]
    [InlineData("NASRALLAH Hasan", "surname first")]
    [InlineData("NASRALLAH, Hasan", "list order")]
    [InlineData("Hassan Nasrallah", "transliteration")]
    [InlineData("Hásan Nasralláh", "diacritics")]
    [InlineData("hasan nasrallah", "case")]
    [InlineData("Sheikh Hasan Nasrallah", "honorific")]
    public void Variants_of_a_name_hit_its_entry(string name, string variant)
    {
        var hit = Hit(Screen(name), "2686");
        Assert.True(hit.Score >= Threshold, variant);
    }

    [Fact]
    public void A_dropped_middle_name_hits_at_a_lower_score()
    {
        var full = Hit(Screen("Manuel Dario Baldenegro Bastidas"), "10979");
        var dropped = Hit(Screen("Manuel Baldenegro Bastidas"), "10979");

        Assert.Equal(1.0, full.Score);
        Assert.InRange(dropped.Score, Threshold, 0.999);
        Assert.Contains(dropped.Tokens, t => t.Query is null && t.Entry == "dario");
        Assert.Contains(dropped.Reasons, r => r.Contains("entry tokens without a match: dario", StringComparison.Ordinal));
    }

    [Fact]
    public void An_alias_hits_and_says_which_alias()
    {
        var hit = Hit(Screen("Usama bin Laden"), "6365");

        Assert.Equal("BIN LADIN, Usama bin Muhammad bin Awad", hit.Name);
        Assert.Equal("BIN LADEN, Usama", hit.MatchedName.Text);
        Assert.Equal(NameKind.Aka, hit.MatchedName.Kind);
        Assert.Equal(1.0, hit.Score);
    }

    [Fact]
    public void Transliteration_variants_hit_and_are_marked()
    {
        var hit = Hit(Screen("Muammar Gaddafi"), "12606");

        Assert.Equal(1.0, hit.Score);
        Assert.Contains(hit.Tokens, t => t.Query == "gaddafi" && t.Note == "transliteration");

        Hit(Screen("Mohamed Omar"), "6635");
        Hit(Screen("Abdelaziz Rantisi"), "7915");
        Hit(Screen("Abd al-Aziz Rantisi"), "7915");
    }

    [Fact]
    public void Names_written_together_are_compared_without_spaces()
    {
        var hit = Hit(Screen("Osama Binladen"), "6365");

        Assert.Contains(hit.Reasons, r => r.StartsWith("names compared without spaces", StringComparison.Ordinal));
    }

    [Fact]
    public void Entities_match_on_their_words()
    {
        Assert.Equal(1.0, Hit(Screen("Banco Nacional de Cuba"), "306").Score);
        Hit(Screen("Bank Nacional Cuba"), "306");
        Hit(Screen("BANCO NACIONAL DE CUBA S.A."), "306");
    }

    [Theory]
    [InlineData("Michael Jones")]
    [InlineData("Jennifer Brown")]
    [InlineData("Pierre Dubois")]
    [InlineData("John Williams")]
    [InlineData("Golden Textiles GmbH")]
    [InlineData("Sunrise Shipping Ltd")]
    [InlineData("Maria Lopez")]
    [InlineData("J. Smith")]
    public void Common_names_do_not_hit(string name) => Assert.Empty(Screen(name).Hits);

    [Fact]
    public void Near_misses_stay_below_the_threshold()
    {
        // One shared common token is not a match.
        Assert.DoesNotContain(Screen("Hasan Kowalski").Hits, h => h.EntryId == "2686");
        Assert.DoesNotContain(Screen("Ahmed Nasrallah Kowalski").Hits, h => h.EntryId == "2686");
        // Nor is a name that shares one word of a bank's name.
        Assert.DoesNotContain(Screen("Banco Santander").Hits, h => h.EntryId == "306");
        // Digits must agree exactly: a vessel called BICENTENARIO XII is not BICENTENARIO XI.
        Assert.DoesNotContain(Screen("Bicentenario 11").Hits, h => h.EntryId == "26627");
    }

    [Fact]
    public void An_identifier_match_scores_one_whatever_the_name()
    {
        var passport = Hit(Screen(new ScreeningQuery("Somebody Else") { Ids = ["260000406"] }), "10979");
        Assert.Equal(1.0, passport.Score);
        Assert.Equal(IdentifierKind.Passport, passport.MatchedIdentifier!.Kind);
        Assert.Contains(passport.Reasons, r => r.StartsWith("identifier matches exactly: Passport 260000406 (Mexico)", StringComparison.Ordinal));

        var wallet = Hit(Screen(new ScreeningQuery("x") { Ids = ["0x8576ACC5C05D6CE88F4E49BF65BDF0C62F91353C"] }), "29703");
        Assert.Equal(IdentifierKind.DigitalCurrencyAddress, wallet.MatchedIdentifier!.Kind);
        Assert.Equal(1.0, wallet.Score);

        Hit(Screen(new ScreeningQuery("x") { Ids = ["IMO 9513282"] }), "26627");
        Hit(Screen(new ScreeningQuery("x") { Ids = ["BABM-630111-HSLLSN16"] }), "10979");
        Assert.Empty(Screen(new ScreeningQuery("Somebody Else") { Ids = ["260000407", "123"] }).Hits);
    }

    [Fact]
    public void A_name_hit_with_a_matching_identifier_scores_one()
    {
        var hit = Hit(Screen(new ScreeningQuery("Manuel Baldenegro") { Ids = ["260000406"] }), "10979");

        Assert.Equal(1.0, hit.Score);
        Assert.True(hit.NameScore < 1.0);
        Assert.Equal(NameKind.Primary, hit.MatchedName.Kind);
    }

    [Fact]
    public void Date_of_birth_raises_or_lowers_the_score()
    {
        var name = Hit(Screen("Manuel Baldenegro Bastidas", 0.5), "10979").Score;
        var same = Hit(Screen(new ScreeningQuery("Manuel Baldenegro Bastidas") { DateOfBirth = Dob("1963-01-11") }, 0.5), "10979");
        var year = Hit(Screen(new ScreeningQuery("Manuel Baldenegro Bastidas") { DateOfBirth = Dob("1963") }, 0.5), "10979");
        var other = Hit(Screen(new ScreeningQuery("Manuel Baldenegro Bastidas") { DateOfBirth = Dob("1980-05-05") }, 0.5), "10979");

        Assert.Equal(name + Evidence.DateOfBirthExact, same.Score, 3);
        Assert.Equal(name + Evidence.DateOfBirthYear, year.Score, 3);
        Assert.Equal(name + Evidence.DateOfBirthMismatch, other.Score, 3);
        Assert.Contains(same.Reasons, r => r.StartsWith("date of birth 1963-01-11 matches entry DOB 11 Jan 1963", StringComparison.Ordinal));
        Assert.Contains(other.Reasons, r => r.Contains("differs from entry DOB", StringComparison.Ordinal));

        // A mismatch can take a hit below the threshold.
        Assert.DoesNotContain(Screen(new ScreeningQuery("Manuel Baldenegro Bastidas") { DateOfBirth = Dob("1980") }).Hits, h => h.EntryId == "10979");
    }

    [Fact]
    public void Country_and_type_are_evidence_too()
    {
        var name = Hit(Screen("Manuel Baldenegro Bastidas", 0.5), "10979").Score;

        var mexico = Hit(Screen(new ScreeningQuery("Manuel Baldenegro Bastidas") { Country = "MX" }, 0.5), "10979");
        var france = Hit(Screen(new ScreeningQuery("Manuel Baldenegro Bastidas") { Country = "FR" }, 0.5), "10979");
        Assert.Equal(name + Evidence.CountryMatch, mexico.Score, 3);
        Assert.Equal(name + Evidence.CountryMismatch, france.Score, 3);

        var asPerson = Hit(Screen(new ScreeningQuery("Banco Nacional de Cuba") { Type = EntryType.Individual }, 0.5), "306");
        var asEntity = Hit(Screen(new ScreeningQuery("Banco Nacional de Cuba") { Type = EntryType.Entity }, 0.5), "306");
        Assert.Equal(1.0 + Evidence.TypeMismatch, asPerson.Score, 3);
        Assert.Equal(1.0, asEntity.Score, 3);
        Assert.Contains(asPerson.Reasons, r => r.StartsWith("type individual differs from entry type entity", StringComparison.Ordinal));
    }

    [Fact]
    public void Hits_are_best_first_at_or_above_the_threshold_and_capped()
    {
        var result = TestData.Sdn.Screen(new ScreeningQuery("Mohammed Ali"), 0.85, maxHits: 7);

        Assert.Equal(7, result.Hits.Count);
        Assert.All(result.Hits, h => Assert.True(h.Score >= 0.85));
        Assert.Equal(result.Hits.OrderByDescending(h => h.Score).Select(h => h.Score), result.Hits.Select(h => h.Score));
        Assert.Equal(result.Hits.Count, result.Hits.Select(h => (h.List, h.EntryId)).Distinct().Count());
    }

    [Fact]
    public void A_weak_alias_scores_lower_than_a_strong_one()
    {
        // "BURTON BURGESS" is only an a.k.a. in the remarks of entry 10278.
        var list = SanctionsList.Load(TestData.Directory(TestData.SdnTiny2025));
        var hit = list.Screen(new ScreeningQuery("Burton Burgess"), 0.5).Hits.Single(h => h.EntryId == "10278");

        Assert.Equal(NameKind.WeakAka, hit.MatchedName.Kind);
        Assert.Equal(1.0 - 0.05, hit.Score, 3);
        Assert.Contains(hit.Reasons, r => r.StartsWith("weak alias", StringComparison.Ordinal));
    }

    [Fact]
    public void Screening_an_in_memory_list_works_like_a_loaded_one()
    {
        var list = SanctionsList.FromEntries(
        [
            new SanctionsEntry { Id = "1", List = "test", Type = EntryType.Individual, Names = [new EntryName("DOE, John", NameKind.Primary)] },
            new SanctionsEntry { Id = "2", List = "test", Type = EntryType.Entity, Names = [new EntryName("DOE TRADING LLC", NameKind.Primary)] },
        ]);

        var hits = list.Screen(new ScreeningQuery("John Doe"), Threshold).Hits;

        Assert.Equal("1", Assert.Single(hits).EntryId);
        Assert.Empty(list.Screen(new ScreeningQuery("Jane Roe"), Threshold).Hits);
    }

    private static DateOfBirth Dob(string text) => DateOfBirth.TryParseIso(text, out var d) ? d! : throw new ArgumentException(text);
}
