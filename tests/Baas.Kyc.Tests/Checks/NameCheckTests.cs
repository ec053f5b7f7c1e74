using Baas.Kyc.Checks;

namespace Baas.Kyc.Tests.Checks;

/// <summary>Names in any script are accepted; digits, symbols, placeholders and over-long names are refused.</summary>
public sealed class NameCheckTests
{
    [Theory]
    [InlineData("John", "Smith")]
    [InlineData("Mary-Jane", "O'Brien")]
    [InlineData("Zoë", "D’Angelo")]
    [InlineData("José", "Núñez")]
    [InlineData("Jose\u0301", "Nu\u0301n\u0303ez")]
    [InlineData("李", "小龍")]
    [InlineData("Мария", "Иванова")]
    [InlineData("محمد", "علي")]
    [InlineData("J.", "St. John")]
    [InlineData("Ng", "Lu")]
    [InlineData("Anne Marie", "van der Berg")]
    [InlineData("Aa", "Ng")]
    [InlineData("𠮷野", "太郎")]
    [InlineData("  John  ", " Smith ")]
    [InlineData("Testa", "Lastovka")]
    [InlineData("Nameer", "Firstenberg")]
    public void Plausible_names_are_accepted(string firstName, string lastName) =>
        Assert.Null(NameCheck.Check(firstName, lastName));

    [Theory]
    [InlineData("", "Smith", "firstName", "the first name is required")]
    [InlineData("   ", "Smith", "firstName", "the first name is required")]
    [InlineData("John", "", "lastName", "the last name is required")]
    [InlineData("John3", "Smith", "firstName", "the first name must not contain digits")]
    [InlineData("John", "Sm1th", "lastName", "the last name must not contain digits")]
    [InlineData("John", "١٢", "lastName", "the last name must not contain digits")]
    [InlineData("Henry", "Ⅻ", "lastName", "the last name must not contain digits")]
    [InlineData("John", "Smith!", "lastName", "the last name may contain only letters, spaces, hyphens, apostrophes and periods")]
    [InlineData("John_", "Smith", "firstName", "the first name may contain only letters, spaces, hyphens, apostrophes and periods")]
    [InlineData("n/a", "Smith", "firstName", "the first name may contain only letters, spaces, hyphens, apostrophes and periods")]
    [InlineData("John", "Smith 😀", "lastName", "the last name may contain only letters, spaces, hyphens, apostrophes and periods")]
    [InlineData("--", "Smith", "firstName", "the first name needs at least one letter")]
    [InlineData("test", "Smith", "firstName", "the first name looks like a placeholder, not a name")]
    [InlineData("John", "Test", "lastName", "the last name looks like a placeholder, not a name")]
    [InlineData("ASDF", "Smith", "firstName", "the first name looks like a placeholder, not a name")]
    [InlineData("xxx", "Smith", "firstName", "the first name looks like a placeholder, not a name")]
    [InlineData("None", "Smith", "firstName", "the first name looks like a placeholder, not a name")]
    [InlineData("unknown", "Smith", "firstName", "the first name looks like a placeholder, not a name")]
    [InlineData("N.A.", "Smith", "firstName", "the first name looks like a placeholder, not a name")]
    [InlineData("First", "Last", "firstName", "the first name looks like a placeholder, not a name")]
    [InlineData("John", "Last", "lastName", "the last name looks like a placeholder, not a name")]
    [InlineData("Name", "Smith", "firstName", "the first name looks like a placeholder, not a name")]
    [InlineData("Aaaa", "Smith", "firstName", "the first name looks like a placeholder, not a name")]
    [InlineData("John", "Qwerty", "lastName", "the last name looks like a placeholder, not a name")]
    public void Implausible_names_are_refused(string firstName, string lastName, string field, string message) =>
        Assert.Equal(new CheckFailure(NameCheck.Cause, field, message), NameCheck.Check(firstName, lastName));

    [Fact]
    public void Names_over_100_characters_are_refused_and_100_accepted()
    {
        var hundred = string.Concat(Enumerable.Repeat("Maria Luisa ", 8)) + "Ines";
        Assert.Equal(100, hundred.Length);
        Assert.Null(NameCheck.Check(hundred, "Smith"));
        Assert.Equal("the last name is longer than 100 characters", NameCheck.Check("John", hundred + "s")?.Message);
    }

    [Fact]
    public void The_first_name_is_reported_before_the_last() =>
        Assert.Equal("firstName", NameCheck.Check("test", "1234")?.Field);

    [Fact]
    public void Null_names_are_refused_not_thrown() =>
        Assert.Equal("firstName", NameCheck.Check(null!, "Smith")?.Field);
}
