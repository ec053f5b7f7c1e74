namespace Baas.Payments.Iso20022;

/// <summary>
/// Writes pacs.008.001.08 (FIToFICustomerCreditTransfer) in UTF-8: settlement by clearing (CLRG) through the rail's
/// clearing system, agents by USABA routing number, charges SLEV. The model is checked against the schema facets first;
/// text over its maximum length is refused, not truncated.
/// </summary>
public static class Pacs008Writer
{
    /// <summary>Writes <paramref name="message"/> to <paramref name="output"/>.</summary>
    public static void Write(CreditTransferMessage message, Stream output)
    {
        Validate(message);
        IsoXmlWriter.Write(output, IsoNamespaces.Of(IsoNamespaces.Pacs008Id), "Document", w =>
        {
            w.Start("FIToFICstmrCdtTrf");
            w.Start("GrpHdr");
            w.Element("MsgId", message.MessageId);
            w.DateTime("CreDtTm", message.CreatedAt);
            w.Element("NbOfTxs", message.Transactions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.Settlement(message.Rail);
            w.End();
            foreach (var tx in message.Transactions)
            {
                w.Start("CdtTrfTxInf");
                w.Start("PmtId");
                w.Optional("InstrId", tx.InstructionId);
                w.Element("EndToEndId", tx.EndToEndId);
                w.Optional("TxId", tx.TransactionId);
                w.Uetr("UETR", tx.Uetr);
                w.End();
                w.Amount("IntrBkSttlmAmt", tx.AmountCents);
                w.Date("IntrBkSttlmDt", tx.SettlementDate);
                w.Element("ChrgBr", "SLEV");
                w.Party("Dbtr", tx.Debtor);
                if (tx.DebtorAccount is { } debtorAccount)
                {
                    w.Account("DbtrAcct", debtorAccount);
                }

                w.Agent("DbtrAgt", tx.DebtorAgentRoutingNumber);
                w.Agent("CdtrAgt", tx.CreditorAgentRoutingNumber);
                w.Party("Cdtr", tx.Creditor);
                if (tx.CreditorAccount is { } creditorAccount)
                {
                    w.Account("CdtrAcct", creditorAccount);
                }

                if (tx.RemittanceInformation is { } remittance)
                {
                    w.Start("RmtInf");
                    w.Element("Ustrd", remittance);
                    w.End();
                }

                w.End();
            }

            w.End();
        });
    }

    /// <summary>The message as a UTF-8 XML string.</summary>
    public static string WriteToString(CreditTransferMessage message) => IsoXmlWriter.WriteToString(s => Write(message, s));

    private static void Validate(CreditTransferMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        IsoCheck.Text(message.MessageId, 35, "GrpHdr/MsgId");
        IsoCheck.Count(message.Transactions, "CdtTrfTxInf", max: 1);
        for (var i = 0; i < message.Transactions.Count; i++)
        {
            var tx = message.Transactions[i];
            var path = $"CdtTrfTxInf[{i}]";
            IsoCheck.OptionalText(tx.InstructionId, 35, path + "/PmtId/InstrId");
            IsoCheck.Text(tx.EndToEndId, 35, path + "/PmtId/EndToEndId");
            IsoCheck.OptionalText(tx.TransactionId, 35, path + "/PmtId/TxId");
            IsoCheck.Uetr(tx.Uetr, path + "/PmtId/UETR");
            IsoCheck.PositiveAmount(tx.AmountCents, path + "/IntrBkSttlmAmt");
            IsoCheck.Party(tx.Debtor, path + "/Dbtr");
            IsoCheck.Account(tx.DebtorAccount, path + "/DbtrAcct");
            IsoCheck.Routing(tx.DebtorAgentRoutingNumber, path + "/DbtrAgt");
            IsoCheck.Routing(tx.CreditorAgentRoutingNumber, path + "/CdtrAgt");
            IsoCheck.Party(tx.Creditor, path + "/Cdtr");
            IsoCheck.Account(tx.CreditorAccount, path + "/CdtrAcct");
            IsoCheck.OptionalText(tx.RemittanceInformation, 140, path + "/RmtInf/Ustrd");
        }
    }
}
