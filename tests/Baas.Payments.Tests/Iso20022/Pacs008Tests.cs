using System.Xml.Linq;
using Baas.Payments.Iso20022;

namespace Baas.Payments.Tests.Iso20022;

public sealed class Pacs008Tests
{
    private static readonly XNamespace Ns = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08";

    [Theory]
    [InlineData(Rail.Rtp, "TCH")]
    [InlineData(Rail.FedNow, "FDN")]
    [InlineData(Rail.Wire, "FDW")]
    public void Every_rail_writes_a_schema_valid_message_with_its_clearing_system(Rail rail, string code)
    {
        var xml = Pacs008Writer.WriteToString(IsoSamples.CreditTransfer(rail));

        Schemas.AssertValid(IsoNamespaces.Pacs008Id, xml);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
        var doc = XDocument.Parse(xml);
        Assert.Equal(Ns + "Document", doc.Root!.Name);
        var header = doc.Root.Element(Ns + "FIToFICstmrCdtTrf")!.Element(Ns + "GrpHdr")!;
        Assert.Equal("CLRG", header.Element(Ns + "SttlmInf")!.Element(Ns + "SttlmMtd")!.Value);
        Assert.Equal(code, header.Element(Ns + "SttlmInf")!.Element(Ns + "ClrSys")!.Element(Ns + "Cd")!.Value);
        Assert.Equal("1", header.Element(Ns + "NbOfTxs")!.Value);
        var tx = doc.Root.Descendants(Ns + "CdtTrfTxInf").Single();
        var amount = tx.Element(Ns + "IntrBkSttlmAmt")!;
        Assert.Equal("1234.56", amount.Value);
        Assert.Equal("USD", (string?)amount.Attribute("Ccy"));
        Assert.Equal("SLEV", tx.Element(Ns + "ChrgBr")!.Value);
        Assert.Equal("8a562c67-ca16-48ba-b074-65581be6f011", tx.Element(Ns + "PmtId")!.Element(Ns + "UETR")!.Value);
        var member = tx.Element(Ns + "DbtrAgt")!.Descendants(Ns + "ClrSysMmbId").Single();
        Assert.Equal("USABA", member.Element(Ns + "ClrSysId")!.Element(Ns + "Cd")!.Value);
        Assert.Equal(IsoSamples.DebtorBank, member.Element(Ns + "MmbId")!.Value);
    }

    [Theory]
    [InlineData(Rail.Rtp)]
    [InlineData(Rail.FedNow)]
    [InlineData(Rail.Wire)]
    public void Written_messages_read_back_to_the_same_model(Rail rail)
    {
        var original = IsoSamples.CreditTransfer(rail);
        var xml = Pacs008Writer.WriteToString(original);
        var read = Pacs008Reader.Parse(xml);

        Assert.Equal(original.MessageId, read.MessageId);
        Assert.Equal(original.CreatedAt, read.CreatedAt);
        Assert.Equal(rail, read.Rail);
        var expected = original.Transactions[0];
        var tx = Assert.Single(read.Transactions);
        Assert.Equal(expected.EndToEndId, tx.EndToEndId);
        Assert.Equal(expected.InstructionId, tx.InstructionId);
        Assert.Equal(expected.TransactionId, tx.TransactionId);
        Assert.Equal(expected.Uetr, tx.Uetr);
        Assert.Equal(123_456, tx.AmountCents);
        Assert.Equal(expected.SettlementDate, tx.SettlementDate);
        Assert.Equal("Jane Doe", tx.Debtor.Name);
        Assert.Equal("NY", tx.Debtor.Address!.CountrySubDivision);
        Assert.Equal(["1 Market St", "San Francisco CA 94105"], tx.Creditor.Address!.AddressLines);
        Assert.Equal(expected.DebtorAccount, tx.DebtorAccount);
        Assert.Equal(expected.CreditorAccount, tx.CreditorAccount);
        Assert.Equal(IsoSamples.DebtorBank, tx.DebtorAgentRoutingNumber);
        Assert.Equal(IsoSamples.CreditorBank, tx.CreditorAgentRoutingNumber);
        Assert.Equal("Invoice 2026-118", tx.RemittanceInformation);
        Assert.Equal(xml, Pacs008Writer.WriteToString(read));
    }

    [Fact]
    public void A_minimal_transaction_is_schema_valid()
    {
        var message = IsoSamples.CreditTransfer(Rail.FedNow, cents: 5) with { };
        var tx = message.Transactions[0] with
        {
            InstructionId = null,
            TransactionId = null,
            Debtor = new Party("A"),
            Creditor = new Party("B"),
            DebtorAccount = null,
            CreditorAccount = null,
            RemittanceInformation = null,
        };
        var xml = Pacs008Writer.WriteToString(message with { Transactions = [tx] });
        Schemas.AssertValid(IsoNamespaces.Pacs008Id, xml);
        Assert.Contains(">0.05<", xml, StringComparison.Ordinal);
        Assert.Null(Pacs008Reader.Parse(xml).Transactions[0].DebtorAccount);
    }

    public static TheoryData<string, Func<CreditTransfer, CreditTransfer>> BadTransactions() => new()
    {
        { "CdtTrfTxInf[0]/PmtId/EndToEndId", t => t with { EndToEndId = new string('E', 36) } },
        { "CdtTrfTxInf[0]/PmtId/EndToEndId", t => t with { EndToEndId = " " } },
        { "CdtTrfTxInf[0]/PmtId/InstrId", t => t with { InstructionId = "" } },
        { "CdtTrfTxInf[0]/Dbtr/Nm", t => t with { Debtor = new Party(new string('N', 141)) } },
        { "CdtTrfTxInf[0]/Cdtr/Nm", t => t with { Creditor = new Party("Bad\u0001Name") } },
        { "CdtTrfTxInf[0]/Dbtr/PstlAdr/Ctry", t => t with { Debtor = new Party("A", new PostalAddress { Country = "USA" }) } },
        { "CdtTrfTxInf[0]/Dbtr/PstlAdr/TwnNm", t => t with { Debtor = new Party("A", new PostalAddress { TownName = new string('T', 36) }) } },
        { "CdtTrfTxInf[0]/DbtrAgt", t => t with { DebtorAgentRoutingNumber = "231380105" } },
        { "CdtTrfTxInf[0]/CdtrAgt", t => t with { CreditorAgentRoutingNumber = "12345" } },
        { "CdtTrfTxInf[0]/PmtId/UETR", t => t with { Uetr = Guid.CreateVersion7() } },
        { "CdtTrfTxInf[0]/IntrBkSttlmAmt", t => t with { AmountCents = 0 } },
        { "CdtTrfTxInf[0]/IntrBkSttlmAmt", t => t with { AmountCents = -100 } },
        { "CdtTrfTxInf[0]/CdtrAcct/Id/IBAN", t => t with { CreditorAccount = AccountId.FromIban("de89370400440532013000") } },
        { "CdtTrfTxInf[0]/DbtrAcct/Id/Othr/Id", t => t with { DebtorAccount = AccountId.FromOther(new string('1', 35)) } },
        { "CdtTrfTxInf[0]/RmtInf/Ustrd", t => t with { RemittanceInformation = new string('R', 141) } },
    };

    [Theory]
    [MemberData(nameof(BadTransactions))]
    public void Invalid_values_are_refused_with_their_path(string path, Func<CreditTransfer, CreditTransfer> corrupt)
    {
        var message = IsoSamples.CreditTransfer(Rail.Rtp);
        var bad = message with { Transactions = [corrupt(message.Transactions[0])] };
        var error = Assert.Throws<Iso20022FormatException>(() => Pacs008Writer.WriteToString(bad));
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Message_level_problems_are_refused()
    {
        var message = IsoSamples.CreditTransfer(Rail.FedNow);
        Assert.Equal("GrpHdr/MsgId", Assert.Throws<Iso20022FormatException>(() => Pacs008Writer.WriteToString(message with { MessageId = new string('M', 36) })).Path);
        Assert.Equal("CdtTrfTxInf", Assert.Throws<Iso20022FormatException>(() => Pacs008Writer.WriteToString(message with { Transactions = [] })).Path);
        Assert.Equal("CdtTrfTxInf", Assert.Throws<Iso20022FormatException>(() => Pacs008Writer.WriteToString(message with { Transactions = [message.Transactions[0], message.Transactions[0]] })).Path);
    }

    [Fact]
    public void Bad_documents_are_refused_by_the_reader()
    {
        var xml = Pacs008Writer.WriteToString(IsoSamples.CreditTransfer(Rail.Rtp));

        Assert.Contains("1234.567", Assert.Throws<Iso20022FormatException>(() => Pacs008Reader.Parse(xml.Replace(">1234.56<", ">1234.567<", StringComparison.Ordinal))).Message, StringComparison.Ordinal);
        Assert.EndsWith("@Ccy", Assert.Throws<Iso20022FormatException>(() => Pacs008Reader.Parse(xml.Replace("Ccy=\"USD\"", "Ccy=\"EUR\"", StringComparison.Ordinal))).Path, StringComparison.Ordinal);
        Assert.Equal("CdtTrfTxInf[0]/PmtId/EndToEndId", Assert.Throws<Iso20022FormatException>(() => Pacs008Reader.Parse(xml.Replace("<EndToEndId>E2E-20260310-0001</EndToEndId>", "", StringComparison.Ordinal))).Path);
        Assert.Equal("GrpHdr/NbOfTxs", Assert.Throws<Iso20022FormatException>(() => Pacs008Reader.Parse(xml.Replace("<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>2</NbOfTxs>", StringComparison.Ordinal))).Path);
        Assert.Equal("GrpHdr/SttlmInf/ClrSys", Assert.Throws<Iso20022FormatException>(() => Pacs008Reader.Parse(xml.Replace("<Cd>TCH</Cd>", "<Cd>XXX</Cd>", StringComparison.Ordinal))).Path);
        Assert.Throws<Iso20022FormatException>(() => Pacs008Reader.Parse(xml.Replace("pacs.008.001.08", "pacs.008.001.09", StringComparison.Ordinal)));
        Assert.Throws<Iso20022FormatException>(() => Pacs002Reader.Parse(xml));
        Assert.Throws<Iso20022FormatException>(() => Pacs008Reader.Parse("<Document"));

        var withDtd = xml.Replace("<Document", "<!DOCTYPE Document [<!ENTITY x \"y\">]>\n<Document", StringComparison.Ordinal);
        Assert.Contains("DTD", Assert.Throws<Iso20022FormatException>(() => Pacs008Reader.Parse(withDtd)).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_schema_check_itself_catches_invalid_documents()
    {
        var xml = Pacs008Writer.WriteToString(IsoSamples.CreditTransfer(Rail.Rtp));
        Assert.NotEmpty(Schemas.Errors(IsoNamespaces.Pacs008Id, xml.Replace("SLEV", "XXXX", StringComparison.Ordinal)));
        Assert.NotEmpty(Schemas.Errors(IsoNamespaces.Pacs008Id, xml.Replace(">1234.56<", ">1234.567891<", StringComparison.Ordinal)));
        Assert.NotEmpty(Schemas.Errors(IsoNamespaces.Pacs008Id, xml.Replace("pacs.008.001.08", "pacs.008.001.07", StringComparison.Ordinal)));
        Assert.NotEmpty(Schemas.Errors(IsoNamespaces.Pacs002Id, xml));
    }

    [Fact]
    public void Proprietary_clearing_system_codes_are_read_too()
    {
        var xml = Pacs008Writer.WriteToString(IsoSamples.CreditTransfer(Rail.Rtp))
            .Replace("<Cd>TCH</Cd>", "<Prtry>TCH</Prtry>", StringComparison.Ordinal);
        Assert.Equal(Rail.Rtp, Pacs008Reader.Parse(xml).Rail);
    }
}
