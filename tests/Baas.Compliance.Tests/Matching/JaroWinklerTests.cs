using Baas.Compliance.Screening.Matching;

namespace Baas.Compliance.Tests.Matching;

public class JaroWinklerTests
{
    // Winkler's published examples.
    [Theory]
    [InlineData("martha", "marhta", 0.961)]
    [InlineData("dwayne", "duane", 0.840)]
    [InlineData("dixon", "dicksonx", 0.813)]
    [InlineData("jones", "johnson", 0.832)]
    [InlineData("abc", "abc", 1.0)]
    [InlineData("abc", "xyz", 0.0)]
    [InlineData("", "abc", 0.0)]
    public void Known_values(string a, string b, double expected)
    {
        Assert.Equal(expected, JaroWinkler.Similarity(a, b), 3);
        Assert.Equal(JaroWinkler.Similarity(a, b), JaroWinkler.Similarity(b, a), 12);
    }

    [Fact]
    public void Long_strings_beyond_the_bit_mask_agree_with_short_ones()
    {
        var a = new string('a', 70) + "bcdef";
        var b = new string('a', 70) + "bcdfe";

        var s = JaroWinkler.Similarity(a, b);
        Assert.InRange(s, 0.99, 1.0);
        Assert.NotEqual(1.0, s);
    }
}
