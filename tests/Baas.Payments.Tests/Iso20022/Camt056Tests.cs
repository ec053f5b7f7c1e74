using Baas.Payments.Iso20022;

namespace Baas.Payments.Tests.Iso20022;

public sealed class Camt056Tests
{
    private static CancellationRequest Recall(string reason, string? caseId = "CASE-7") => new()
    {
        AssignmentId = "ASG-0001",
        AssignerRoutingNumber = IsoSamples.DebtorBank,
        AssigneeRoutingNumber = IsoSamples.CreditorBank,
        CreatedAt = IsoSamples.Created.AddHours(1),
        CaseId = caseId,
        Transactions =
        [
            new CancellationItem
            {
                CancellationId = "CXL-1",
                OriginalMessageId = "MFedNow20260310000001",
                OriginalEndToEndId = "E2E-20260310-0001",
                OriginalTransactionId = "TX-1",
                OriginalUetr = IsoSamples.Uetr,
                OriginalAmountCents = 123_456,
                OriginalSettlementDate = new DateOnly(2026, 3, 10),
                ReasonCode = reason,
                AdditionalInformation = ["Customer sent it twice"],
            },
        ],
    };

    [Theory]
    [InlineData("DUPL")]
    [InlineData("FRAD")]
    [InlineData("TECH")]
    [InlineData("CUST")]
    [InlineData("AC03")]
    public void Recalls_are_schema_valid_and_read_back(string reason)
    {
        var xml = Camt056Writer.WriteToString(Recall(reason));

        Schemas.AssertValid(IsoNamespaces.Camt056Id, xml);
        var read = Camt056Reader.Parse(xml);
        Assert.Equal("ASG-0001", read.AssignmentId);
        Assert.Equal(IsoSamples.DebtorBank, read.AssignerRoutingNumber);
        Assert.Equal(IsoSamples.CreditorBank, read.AssigneeRoutingNumber);
        Assert.Equal("CASE-7", read.CaseId);
        var tx = Assert.Single(read.Transactions);
        Assert.Equal("E2E-20260310-0001", tx.OriginalEndToEndId);
        Assert.Equal(IsoSamples.Uetr, tx.OriginalUetr);
        Assert.Equal(123_456, tx.OriginalAmountCents);
        Assert.Equal(reason, tx.ReasonCode);
        Assert.Equal(xml, Camt056Writer.WriteToString(read));
    }

    [Fact]
    public void A_recall_without_case_is_schema_valid()
    {
        var xml = Camt056Writer.WriteToString(Recall("DUPL", caseId: null));
        Schemas.AssertValid(IsoNamespaces.Camt056Id, xml);
        Assert.Null(Camt056Reader.Parse(xml).CaseId);
    }

    [Fact]
    public void Invalid_recalls_are_refused()
    {
        Assert.Equal("Assgnmt/Assgne", Assert.Throws<Iso20022FormatException>(() => Camt056Writer.WriteToString(Recall("DUPL") with { AssigneeRoutingNumber = "121042883" })).Path);
        Assert.Equal("Undrlyg/TxInf", Assert.Throws<Iso20022FormatException>(() => Camt056Writer.WriteToString(Recall("DUPL") with { Transactions = [] })).Path);
        Assert.Equal("Undrlyg/TxInf[0]/CxlRsnInf/Rsn/Cd", Assert.Throws<Iso20022FormatException>(() => Camt056Writer.WriteToString(Recall("DUPLICATE"))).Path);
        Assert.Equal("Case/Id", Assert.Throws<Iso20022FormatException>(() => Camt056Writer.WriteToString(Recall("DUPL", caseId: new string('C', 36)))).Path);
    }
}
