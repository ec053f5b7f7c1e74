using System.Text;
using Baas.Payments.Api;
using Baas.Payments.Orchestration;

namespace Baas.Payments.Tests.Orchestration;

/// <summary>What payments hands the authorizer's money details must be what its API accepts, or the operation never applies.</summary>
public sealed class LogDetailsTests
{
    [Theory]
    [InlineData("Jane Roe", "Jane Roe")]
    [InlineData("  Tab\there  ", "Tab here")]
    [InlineData("\u0001", "unknown")]
    public void The_counterparty_is_cleaned(string name, string expected) => Assert.Equal(expected, PaymentService.LogCounterparty(name));

    [Fact]
    public void A_long_counterparty_is_cut_to_64_characters() => Assert.Equal(new string('x', 64), PaymentService.LogCounterparty(new string('x', 140)));

    [Fact]
    public void The_country_is_upper_case_letters()
    {
        static PaymentRequest Parse(string country) => PaymentRequestParser.Parse(Encoding.UTF8.GetBytes(
            $$$"""{"accountId":"a","direction":"credit","amount":1,"currency":"USD","counterparty":{"name":"N","routingNumber":"021000021","accountNumber":"12345678","country":"{{{country}}}"}}"""));
        Assert.Equal("DE", Parse("de").Counterparty.Country);
        Assert.Equal("counterparty.country", Assert.Throws<PaymentException>(() => Parse("1x")).Field);
    }
}
