using Baas.Payments.Iso20022;
using FsCheck;
using FsCheck.Fluent;

namespace Baas.Payments.Tests.Iso20022;

public sealed class AmountTests
{
    [Theory]
    [InlineData(123456, "1234.56")]
    [InlineData(5, "0.05")]
    [InlineData(0, "0.00")]
    [InlineData(100, "1.00")]
    [InlineData(10, "0.10")]
    [InlineData(999_999_999_999_999_999, "9999999999999999.99")]
    public void Cents_format_with_exactly_two_decimals(long cents, string text)
    {
        Assert.Equal(text, IsoAmount.Format(cents));
        Assert.Equal(cents, IsoAmount.Parse(text));
    }

    [Theory]
    [InlineData("1234.5", 123450)]
    [InlineData("1234", 123400)]
    [InlineData(".5", 50)]
    [InlineData("7.", 700)]
    [InlineData("000012.30", 1230)]
    public void Schema_decimals_with_up_to_two_places_parse_exactly(string text, long cents) =>
        Assert.Equal(cents, IsoAmount.Parse(text));

    [Theory]
    [InlineData("1.234")]
    [InlineData("1.230")]
    [InlineData("-1.00")]
    [InlineData("+1.00")]
    [InlineData("1e3")]
    [InlineData("")]
    [InlineData(" 1.00")]
    [InlineData("1,00")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("99999999999999999.99")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? text)
    {
        Assert.False(IsoAmount.TryParse(text, out _));
        Assert.Throws<Iso20022FormatException>(() => IsoAmount.Parse(text));
    }

    [Fact]
    public void Negative_cents_cannot_be_formatted() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => IsoAmount.Format(-1));

    [Fact]
    public void Format_then_parse_gives_back_the_cents()
    {
        var arbitrary = (from high in Gen.Choose(0, 999_999_999)
                         from low in Gen.Choose(0, 999_999_999)
                         select (long)high * 1_000_000_000 + low).ToArbitrary();
        Prop.ForAll(arbitrary, cents => IsoAmount.Parse(IsoAmount.Format(cents)) == cents).QuickCheckThrowOnFailure();
    }
}
