using Baas.Payments.Iso20022;

namespace Baas.Payments.Tests.Iso20022;

public sealed class Pacs004Tests
{
    private static PaymentReturnMessage Return(Rail rail, string reason, long returned = 123_456, params string[] info) => new()
    {
        MessageId = "RTR-0001",
        CreatedAt = IsoSamples.Created.AddDays(1),
        Rail = rail,
        Transactions =
        [
            new PaymentReturn
            {
                ReturnId = "R-1",
                OriginalMessageId = "MRtp20260310000001",
                OriginalInstructionId = "INSTR-1",
                OriginalEndToEndId = "E2E-20260310-0001",
                OriginalTransactionId = "TX-1",
                OriginalUetr = IsoSamples.Uetr,
                OriginalAmountCents = 123_456,
                OriginalSettlementDate = new DateOnly(2026, 3, 10),
                ReturnedAmountCents = returned,
                SettlementDate = new DateOnly(2026, 3, 11),
                ReasonCode = reason,
                AdditionalInformation = info,
            },
        ],
    };

    [Theory]
    [InlineData(Rail.Rtp, "AC04")]
    [InlineData(Rail.FedNow, "AC06")]
    [InlineData(Rail.Wire, "MD07")]
    [InlineData(Rail.FedNow, "CUST")]
    [InlineData(Rail.Rtp, "FOCR")]
    public void Returns_are_schema_valid_and_read_back(Rail rail, string reason)
    {
        var xml = Pacs004Writer.WriteToString(Return(rail, reason, 100_000, "Partial return"));

        Schemas.AssertValid(IsoNamespaces.Pacs004Id, xml);
        Assert.Contains("<RtrdIntrBkSttlmAmt Ccy=\"USD\">1000.00</RtrdIntrBkSttlmAmt>", xml, StringComparison.Ordinal);
        var read = Pacs004Reader.Parse(xml);
        Assert.Equal(rail, read.Rail);
        var tx = Assert.Single(read.Transactions);
        Assert.Equal("R-1", tx.ReturnId);
        Assert.Equal("MRtp20260310000001", tx.OriginalMessageId);
        Assert.Equal("E2E-20260310-0001", tx.OriginalEndToEndId);
        Assert.Equal("TX-1", tx.OriginalTransactionId);
        Assert.Equal(IsoSamples.Uetr, tx.OriginalUetr);
        Assert.Equal(123_456, tx.OriginalAmountCents);
        Assert.Equal(100_000, tx.ReturnedAmountCents);
        Assert.Equal(reason, tx.ReasonCode);
        Assert.Equal(["Partial return"], tx.AdditionalInformation);
        Assert.Equal(xml, Pacs004Writer.WriteToString(read));
    }

    [Fact]
    public void A_minimal_return_is_schema_valid()
    {
        var message = Return(Rail.FedNow, "AC04");
        var minimal = message with
        {
            Transactions = [message.Transactions[0] with { OriginalInstructionId = null, OriginalTransactionId = null, OriginalUetr = null, OriginalAmountCents = null, OriginalSettlementDate = null }],
        };
        var xml = Pacs004Writer.WriteToString(minimal);
        Schemas.AssertValid(IsoNamespaces.Pacs004Id, xml);
        Assert.Null(Pacs004Reader.Parse(xml).Transactions[0].OriginalAmountCents);
    }

    [Fact]
    public void Invalid_returns_are_refused()
    {
        Assert.Equal("TxInf[0]/RtrdIntrBkSttlmAmt", Assert.Throws<Iso20022FormatException>(() => Pacs004Writer.WriteToString(Return(Rail.Rtp, "AC04", returned: 123_457))).Path);
        Assert.Equal("TxInf[0]/RtrdIntrBkSttlmAmt", Assert.Throws<Iso20022FormatException>(() => Pacs004Writer.WriteToString(Return(Rail.Rtp, "AC04", returned: 0))).Path);
        Assert.Equal("TxInf[0]/RtrRsnInf/Rsn/Cd", Assert.Throws<Iso20022FormatException>(() => Pacs004Writer.WriteToString(Return(Rail.Rtp, ""))).Path);
        var message = Return(Rail.Rtp, "AC04");
        Assert.Equal("TxInf[0]/OrgnlEndToEndId", Assert.Throws<Iso20022FormatException>(() => Pacs004Writer.WriteToString(message with { Transactions = [message.Transactions[0] with { OriginalEndToEndId = new string('e', 36) }] })).Path);

        var xml = Pacs004Writer.WriteToString(message);
        Assert.Equal("TxInf[0]/RtrdIntrBkSttlmAmt", Assert.Throws<Iso20022FormatException>(() => Pacs004Reader.Parse(xml.Replace(">1234.56</RtrdIntrBkSttlmAmt>", ">1234.561</RtrdIntrBkSttlmAmt>", StringComparison.Ordinal))).Path);
    }
}
