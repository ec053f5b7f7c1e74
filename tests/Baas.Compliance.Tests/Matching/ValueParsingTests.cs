using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Tests.Matching;

public class ValueParsingTests
{
    [Theory]
    [InlineData("28 Jul 1963", "1963-07-28")]
    [InlineData("Jul 1963", "1963-07")]
    [InlineData("1962", "1962")]
    [InlineData("1962.", "1962")]
    [InlineData("circa 1955", "~1955")]
    [InlineData("1960 to 1962", "1960..1962")]
    [InlineData("01 Jan 1960 to 31 Dec 1962", "1960..1962")]
    public void OFAC_dates_of_birth(string text, string expected) => Assert.Equal(expected, DateOfBirth.ParseOfac(text)!.ToIsoString());

    [Theory]
    [InlineData("30 Feb 1963")]
    [InlineData("sometime")]
    [InlineData("1962 to 1960")]
    public void Bad_OFAC_dates_are_null(string text) => Assert.Null(DateOfBirth.ParseOfac(text));

    [Theory]
    [InlineData("1963-07-28", true)]
    [InlineData("1963-07", true)]
    [InlineData("1963", true)]
    [InlineData("1963-02-30", false)]
    [InlineData("63-07-28", false)]
    [InlineData("1963/07/28", false)]
    [InlineData("28.07.1963", false)]
    [InlineData("", false)]
    public void ISO_dates(string text, bool valid) => Assert.Equal(valid, DateOfBirth.TryParseIso(text, out _));

    [Theory]
    [InlineData("Korea, North", "KP")]
    [InlineData("Democratic People's Republic of Korea", "KP")]
    [InlineData("Iran (Islamic Republic of)", "IR")]
    [InlineData("IR", "IR")]
    [InlineData("irn", "IR")]
    [InlineData("Burma", "MM")]
    [InlineData("Palestinian", "PS")]
    [InlineData("Congo, Democratic Republic of the", "CD")]
    [InlineData("Bahamas, The", "BS")]
    [InlineData("Türkiye", "TR")]
    [InlineData("St. Kitts & Nevis", "KN")]
    [InlineData("Tehran, Iran", "IR")]
    [InlineData("Region: Crimea", "UA")]
    [InlineData("United Kingdom of Great Britain and Northern Ireland", "GB")]
    public void Countries_resolve_to_ISO_codes(string text, string code) => Assert.Equal(code, Countries.Resolve(text));

    [Theory]
    [InlineData("Atlantis")]
    [InlineData("undetermined")]
    [InlineData("")]
    public void Unknown_countries_are_null(string text) => Assert.Null(Countries.Resolve(text));
}
