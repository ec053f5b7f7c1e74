namespace Baas.Payments.Iso20022;

/// <summary>Reads pacs.008.001.08 into <see cref="CreditTransferMessage"/> (the inbound side and the simulator).</summary>
public static class Pacs008Reader
{
    /// <summary>Reads a message from <paramref name="input"/>.</summary>
    public static CreditTransferMessage Read(Stream input)
    {
        var (r, message) = IsoXmlReader.Load(input, IsoNamespaces.Of(IsoNamespaces.Pacs008Id), "Document", "FIToFICstmrCdtTrf");
        var header = r.Required(message, "GrpHdr", "FIToFICstmrCdtTrf");
        var transactions = r.All(message, "CdtTrfTxInf").Select((tx, i) => Transaction(r, tx, $"CdtTrfTxInf[{i}]")).ToList();
        var count = r.Text(header, "NbOfTxs", "GrpHdr");
        if (count != transactions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new Iso20022FormatException("GrpHdr/NbOfTxs", $"says {count}; the message has {transactions.Count} transactions.");
        }

        return new CreditTransferMessage
        {
            MessageId = r.Text(header, "MsgId", "GrpHdr"),
            CreatedAt = IsoXmlReader.DateTime(r.Text(header, "CreDtTm", "GrpHdr"), "GrpHdr/CreDtTm"),
            Rail = r.Rail(header, "GrpHdr"),
            Transactions = transactions,
        };
    }

    /// <summary>Reads a message from an XML string.</summary>
    public static CreditTransferMessage Parse(string xml)
    {
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        return Read(input);
    }

    private static CreditTransfer Transaction(IsoXmlReader r, System.Xml.Linq.XElement tx, string path)
    {
        var id = r.Required(tx, "PmtId", path);
        var remittance = r.Optional(tx, "RmtInf");
        return new CreditTransfer
        {
            InstructionId = r.OptionalText(id, "InstrId"),
            EndToEndId = r.Text(id, "EndToEndId", path + "/PmtId"),
            TransactionId = r.OptionalText(id, "TxId"),
            Uetr = IsoXmlReader.Uetr(r.Text(id, "UETR", path + "/PmtId"), path + "/PmtId/UETR"),
            AmountCents = r.Amount(tx, "IntrBkSttlmAmt", path),
            SettlementDate = IsoXmlReader.Date(r.Text(tx, "IntrBkSttlmDt", path), path + "/IntrBkSttlmDt"),
            Debtor = r.Party(tx, "Dbtr", path),
            DebtorAccount = r.Account(tx, "DbtrAcct", path),
            DebtorAgentRoutingNumber = r.Agent(tx, "DbtrAgt", path),
            CreditorAgentRoutingNumber = r.Agent(tx, "CdtrAgt", path),
            Creditor = r.Party(tx, "Cdtr", path),
            CreditorAccount = r.Account(tx, "CdtrAcct", path),
            RemittanceInformation = remittance is null ? null : r.OptionalText(remittance, "Ustrd"),
        };
    }
}
