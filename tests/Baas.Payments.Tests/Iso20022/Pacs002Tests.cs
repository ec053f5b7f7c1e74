using Baas.Payments.Iso20022;

namespace Baas.Payments.Tests.Iso20022;

public sealed class Pacs002Tests
{
    private static PaymentStatusReport Report(PaymentStatus status, params StatusReason[] reasons) => new()
    {
        MessageId = "STS-0001",
        CreatedAt = IsoSamples.Created.AddSeconds(2),
        Transactions =
        [
            new TransactionStatus
            {
                StatusId = "S-1",
                OriginalMessageId = "MRtp20260310000001",
                OriginalInstructionId = "INSTR-1",
                OriginalEndToEndId = "E2E-20260310-0001",
                OriginalTransactionId = "TX-1",
                OriginalUetr = IsoSamples.Uetr,
                Status = status,
                Reasons = reasons,
                AcceptedAt = IsoSamples.Created.AddSeconds(1),
                EffectiveSettlementDate = new DateOnly(2026, 3, 10),
            },
        ],
    };

    [Theory]
    [InlineData(PaymentStatus.AcceptedTechnicalValidation, "ACTC")]
    [InlineData(PaymentStatus.AcceptedSettlementInProcess, "ACSP")]
    [InlineData(PaymentStatus.AcceptedSettlementCompleted, "ACSC")]
    [InlineData(PaymentStatus.AcceptedCreditSettlementCompleted, "ACCC")]
    [InlineData(PaymentStatus.Pending, "PDNG")]
    public void Every_status_is_schema_valid_and_reads_back(PaymentStatus status, string code)
    {
        var xml = Pacs002Writer.WriteToString(Report(status));

        Schemas.AssertValid(IsoNamespaces.Pacs002Id, xml);
        Assert.Contains($"<TxSts>{code}</TxSts>", xml, StringComparison.Ordinal);
        Assert.Contains("xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10\"", xml, StringComparison.Ordinal);
        var read = Pacs002Reader.Parse(xml);
        var tx = Assert.Single(read.Transactions);
        Assert.Equal(status, tx.Status);
        Assert.Equal("E2E-20260310-0001", tx.OriginalEndToEndId);
        Assert.Equal(IsoSamples.Uetr, tx.OriginalUetr);
        Assert.Equal(new DateOnly(2026, 3, 10), tx.EffectiveSettlementDate);
        Assert.Equal(IsoSamples.Created.AddSeconds(1), tx.AcceptedAt);
        Assert.Equal(xml, Pacs002Writer.WriteToString(read));
    }

    [Theory]
    [InlineData("AC03")]
    [InlineData("AM04")]
    [InlineData("AC04")]
    [InlineData("FF01")]
    public void Rejections_carry_their_reason(string reason)
    {
        var xml = Pacs002Writer.WriteToString(Report(PaymentStatus.Rejected, new StatusReason(reason)));
        Schemas.AssertValid(IsoNamespaces.Pacs002Id, xml);
        var tx = Pacs002Reader.Parse(xml).Transactions[0];
        Assert.Equal(PaymentStatus.Rejected, tx.Status);
        Assert.Equal(reason, Assert.Single(tx.Reasons).Code);
    }

    [Fact]
    public void A_narrative_reason_and_a_group_status_round_trip()
    {
        var report = Report(PaymentStatus.Rejected, new StatusReason(ReasonCodes.Narrative, ["Creditor account is dormant", "Call the branch"])) with
        {
            Group = new OriginalGroupStatus
            {
                OriginalMessageId = "MRtp20260310000001",
                Status = PaymentStatus.Rejected,
                Reasons = [new StatusReason(ReasonCodes.InvalidFileFormat)],
            },
        };
        var xml = Pacs002Writer.WriteToString(report);
        Schemas.AssertValid(IsoNamespaces.Pacs002Id, xml);

        var read = Pacs002Reader.Parse(xml);
        Assert.Equal(PaymentStatus.Rejected, read.Group!.Status);
        Assert.Equal("pacs.008.001.08", read.Group.OriginalMessageNameId);
        Assert.Equal("FF01", read.Group.Reasons[0].Code);
        Assert.Equal(["Creditor account is dormant", "Call the branch"], read.Transactions[0].Reasons[0].AdditionalInformation);
    }

    [Fact]
    public void The_simulator_answers_a_pacs008_with_a_status_the_sender_can_match()
    {
        var sent = Pacs008Reader.Parse(Pacs008Writer.WriteToString(IsoSamples.CreditTransfer(Rail.FedNow)));
        var tx = sent.Transactions[0];
        var answer = new PaymentStatusReport
        {
            MessageId = "SIM-" + sent.MessageId[..10],
            CreatedAt = sent.CreatedAt.AddMilliseconds(250),
            Transactions =
            [
                new TransactionStatus
                {
                    OriginalMessageId = sent.MessageId,
                    OriginalEndToEndId = tx.EndToEndId,
                    OriginalTransactionId = tx.TransactionId,
                    OriginalUetr = tx.Uetr,
                    Status = PaymentStatus.AcceptedCreditSettlementCompleted,
                },
            ],
        };
        var xml = Pacs002Writer.WriteToString(answer);
        Schemas.AssertValid(IsoNamespaces.Pacs002Id, xml);

        var status = Pacs002Reader.Parse(xml).Transactions.Single();
        Assert.Equal(sent.MessageId, status.OriginalMessageId);
        Assert.Equal(tx.Uetr, status.OriginalUetr);
        Assert.Equal(tx.EndToEndId, status.OriginalEndToEndId);
        Assert.Equal(PaymentStatus.AcceptedCreditSettlementCompleted, status.Status);
    }

    [Fact]
    public void Invalid_reports_are_refused()
    {
        Assert.Equal("TxInfAndSts[0]/StsRsnInf", Assert.Throws<Iso20022FormatException>(() => Pacs002Writer.WriteToString(Report(PaymentStatus.Rejected))).Path);
        Assert.Equal("TxInfAndSts[0]/StsRsnInf[0]/AddtlInf", Assert.Throws<Iso20022FormatException>(() => Pacs002Writer.WriteToString(Report(PaymentStatus.Rejected, new StatusReason("NARR")))).Path);
        Assert.Equal("TxInfAndSts[0]/StsRsnInf[0]/Rsn/Cd", Assert.Throws<Iso20022FormatException>(() => Pacs002Writer.WriteToString(Report(PaymentStatus.Rejected, new StatusReason("ac03")))).Path);
        Assert.Equal("TxInfAndSts[0]/StsRsnInf[0]/Rsn/Cd", Assert.Throws<Iso20022FormatException>(() => Pacs002Writer.WriteToString(Report(PaymentStatus.Rejected, new StatusReason("AC030")))).Path);
        Assert.Equal("TxInfAndSts[0]/StsRsnInf[0]/AddtlInf[0]", Assert.Throws<Iso20022FormatException>(() => Pacs002Writer.WriteToString(Report(PaymentStatus.Rejected, new StatusReason("NARR", [new string('x', 106)])))).Path);
        Assert.Throws<Iso20022FormatException>(() => Pacs002Writer.WriteToString(Report(PaymentStatus.Pending) with { Transactions = [] }));

        var xml = Pacs002Writer.WriteToString(Report(PaymentStatus.Pending));
        Assert.Equal("TxInfAndSts[0]/TxSts", Assert.Throws<Iso20022FormatException>(() => Pacs002Reader.Parse(xml.Replace(">PDNG<", ">WAIT<", StringComparison.Ordinal))).Path);
    }
}
