using Baas.Compliance.Screening.Matching;

namespace Baas.Compliance.Tests.Matching;

public class NormalizerTests
{
    [Theory]
    [InlineData("José MÜLLER", "jose muller")]
    [InlineData("Łódź Straße Ørsted Æsir", "lodz strasse orsted aesir")]
    [InlineData("ŞAHİN Çağlar", "sahin caglar")]
    [InlineData("Nguyễn Văn Đức", "nguyen van duc")]
    [InlineData("  many   spaces\tand\ttabs ", "many spaces and tabs")]
    [InlineData("O'BRIEN, Sean", "sean obrien")]
    [InlineData("Jean-Pierre DUPONT", "jean pierre dupont")]
    [InlineData("ALI, Mohammed", "muhammad ali")]
    [InlineData("Mr. John SMITH Jr.", "john smith")]
    [InlineData("Dr. Ayman AL ZAWAHIRI", "ayman zawahiri")]
    [InlineData("Sheikh Mohammed bin Rashid", "muhammad bin rashid")]
    [InlineData("Hajji Abdul Rahman", "abdul rahman")]
    [InlineData("Abdelaziz Bouteflika", "abdul aziz bouteflika")]
    [InlineData("Abd al-Aziz", "abdul aziz")]
    [InlineData("Abdullah Abdullah", "abdullah abdullah")]
    [InlineData("Yousef Qaddafi", "yusuf qadhafi")]
    [InlineData("Youssef Gaddafi", "yusuf qadhafi")]
    [InlineData("Osama Bin Laden", "usama bin laden")]
    [InlineData("COMERCIALIZADORA, S.A. DE C.V.", "comercializadora sa de cv")]
    [InlineData("ACME, LTD.", "acme ltd")]
    [InlineData("J.R.R. Tolkien", "jrr tolkien")]
    [InlineData("Dr", "dr")]
    public void Normalises(string name, string expected) => Assert.Equal(expected, NameNormalizer.Normalize(name).ToString());

    [Fact]
    public void The_list_order_LAST_comma_First_is_turned_round_and_a_suffix_after_a_second_comma_dropped()
    {
        Assert.Equal("feliciano semborio delos reyes", NameNormalizer.Normalize("DELOS REYES, Feliciano Semborio, Jr.", NameOrder.LastNameFirst).ToString());
        Assert.Equal("sad bin sad muhammad shariyan kabi", NameNormalizer.Normalize("AL-KA'BI, Sa'd bin Sa'd Muhammad Shariyan", NameOrder.LastNameFirst).ToString());
        Assert.Equal("anglo caribbean co ltd", NameNormalizer.Normalize("ANGLO-CARIBBEAN CO., LTD.", NameOrder.AsWritten).ToString());
    }

    [Fact]
    public void Originals_keep_the_spelling_before_the_transliteration_table()
    {
        var name = NameNormalizer.Normalize("Mohamed ABDEL-RAHMAN");

        Assert.Equal(["muhammad", "abdul", "rahman"], name.Tokens);
        Assert.Equal(["mohamed", "abdel", "rahman"], name.Originals);
    }

    [Theory]
    [InlineData("OB 0243318", "OB0243318")]
    [InlineData("ob-0243318", "OB0243318")]
    [InlineData(" 16.027.051 ", "16027051")]
    [InlineData("0x8576acc5C05d6ce88f4e49bf65bdf0c62f91353c", "0X8576ACC5C05D6CE88F4E49BF65BDF0C62F91353C")]
    public void Identifiers_keep_only_letters_and_digits(string value, string expected) => Assert.Equal(expected, NameNormalizer.NormalizeIdentifier(value));

    [Fact]
    public void Every_transliteration_variant_maps_to_its_canonical_spelling()
    {
        foreach (var (canonical, spellings) in NameVariants.Spellings)
        {
            Assert.All(spellings, s => Assert.Equal(canonical, NameVariants.CanonicalOf(s)));
        }

        Assert.Equal("muhammad", NameVariants.CanonicalOf("mohammed"));
        Assert.Equal("abdul", NameVariants.CanonicalOf("abdel"));
        Assert.Equal("yusuf", NameVariants.CanonicalOf("yousef"));
        Assert.Equal("qadhafi", NameVariants.CanonicalOf("gaddafi"));
        Assert.Equal("smith", NameVariants.CanonicalOf("smith"));
    }
}
