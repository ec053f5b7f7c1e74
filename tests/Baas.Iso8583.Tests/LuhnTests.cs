namespace Baas.Iso8583.Tests;

/// <summary>Luhn check digits: published test card numbers, and every single-digit error is caught.</summary>
public sealed class LuhnTests
{
    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("5555555555554444")]
    [InlineData("378282246310005")]
    [InlineData("6011111111111117")]
    public void Known_test_numbers(string pan)
    {
        Assert.True(Luhn.IsValid(pan));
        Assert.Equal(pan[^1], Luhn.CheckDigit(pan.AsSpan(0, pan.Length - 1)));
    }

    [Fact]
    public void Every_single_digit_change_fails()
    {
        const string Pan = "4000001234567899";
        for (var i = 0; i < Pan.Length; i++)
        {
            for (var d = '0'; d <= '9'; d++)
            {
                if (d != Pan[i])
                {
                    Assert.False(Luhn.IsValid(Pan[..i] + d + Pan[(i + 1)..]), $"{i}:{d}");
                }
            }
        }
    }
}
