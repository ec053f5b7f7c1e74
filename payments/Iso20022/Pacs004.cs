using System.Globalization;
using System.Xml.Linq;

namespace Baas.Payments.Iso20022;

/// <summary>Writes pacs.004.001.10 (PaymentReturn) in UTF-8.</summary>
public static class Pacs004Writer
{
    /// <summary>Writes <paramref name="message"/> to <paramref name="output"/>.</summary>
    public static void Write(PaymentReturnMessage message, Stream output)
    {
        Validate(message);
        IsoXmlWriter.Write(output, IsoNamespaces.Of(IsoNamespaces.Pacs004Id), "Document", w =>
        {
            w.Start("PmtRtr");
            w.Start("GrpHdr");
            w.Element("MsgId", message.MessageId);
            w.DateTime("CreDtTm", message.CreatedAt);
            w.Element("NbOfTxs", message.Transactions.Count.ToString(CultureInfo.InvariantCulture));
            w.Settlement(message.Rail);
            w.End();
            foreach (var tx in message.Transactions)
            {
                w.Start("TxInf");
                w.Element("RtrId", tx.ReturnId);
                w.OriginalGroup("OrgnlGrpInf", tx.OriginalMessageId, tx.OriginalMessageNameId);
                w.Optional("OrgnlInstrId", tx.OriginalInstructionId);
                w.Element("OrgnlEndToEndId", tx.OriginalEndToEndId);
                w.Optional("OrgnlTxId", tx.OriginalTransactionId);
                if (tx.OriginalUetr is { } uetr)
                {
                    w.Uetr("OrgnlUETR", uetr);
                }

                if (tx.OriginalAmountCents is { } original)
                {
                    w.Amount("OrgnlIntrBkSttlmAmt", original);
                }

                if (tx.OriginalSettlementDate is { } originalDate)
                {
                    w.Date("OrgnlIntrBkSttlmDt", originalDate);
                }

                w.Amount("RtrdIntrBkSttlmAmt", tx.ReturnedAmountCents);
                w.Date("IntrBkSttlmDt", tx.SettlementDate);
                w.Element("ChrgBr", "SLEV");
                w.Reason("RtrRsnInf", tx.ReasonCode, tx.AdditionalInformation);
                w.End();
            }

            w.End();
        });
    }

    /// <summary>The message as a UTF-8 XML string.</summary>
    public static string WriteToString(PaymentReturnMessage message) => IsoXmlWriter.WriteToString(s => Write(message, s));

    private static void Validate(PaymentReturnMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        IsoCheck.Text(message.MessageId, 35, "GrpHdr/MsgId");
        IsoCheck.Count(message.Transactions, "TxInf", max: 1);
        for (var i = 0; i < message.Transactions.Count; i++)
        {
            var tx = message.Transactions[i];
            var path = $"TxInf[{i}]";
            IsoCheck.Text(tx.ReturnId, 35, path + "/RtrId");
            IsoCheck.Text(tx.OriginalMessageId, 35, path + "/OrgnlGrpInf/OrgnlMsgId");
            IsoCheck.Text(tx.OriginalMessageNameId, 35, path + "/OrgnlGrpInf/OrgnlMsgNmId");
            IsoCheck.OptionalText(tx.OriginalInstructionId, 35, path + "/OrgnlInstrId");
            IsoCheck.Text(tx.OriginalEndToEndId, 35, path + "/OrgnlEndToEndId");
            IsoCheck.OptionalText(tx.OriginalTransactionId, 35, path + "/OrgnlTxId");
            if (tx.OriginalUetr is { } uetr)
            {
                IsoCheck.Uetr(uetr, path + "/OrgnlUETR");
            }

            IsoCheck.PositiveAmount(tx.ReturnedAmountCents, path + "/RtrdIntrBkSttlmAmt");
            if (tx.OriginalAmountCents is { } original)
            {
                IsoCheck.PositiveAmount(original, path + "/OrgnlIntrBkSttlmAmt");
                if (tx.ReturnedAmountCents > original)
                {
                    throw new Iso20022FormatException(path + "/RtrdIntrBkSttlmAmt", "returns more than the original amount.");
                }
            }

            IsoCheck.Code(tx.ReasonCode, path + "/RtrRsnInf/Rsn/Cd");
            IsoCheck.AdditionalInformation(tx.AdditionalInformation, path + "/RtrRsnInf");
        }
    }
}

/// <summary>Reads pacs.004.001.10 into <see cref="PaymentReturnMessage"/>.</summary>
public static class Pacs004Reader
{
    /// <summary>Reads a message from <paramref name="input"/>.</summary>
    public static PaymentReturnMessage Read(Stream input)
    {
        var (r, message) = IsoXmlReader.Load(input, IsoNamespaces.Of(IsoNamespaces.Pacs004Id), "Document", "PmtRtr");
        var header = r.Required(message, "GrpHdr", "PmtRtr");
        return new PaymentReturnMessage
        {
            MessageId = r.Text(header, "MsgId", "GrpHdr"),
            CreatedAt = IsoXmlReader.DateTime(r.Text(header, "CreDtTm", "GrpHdr"), "GrpHdr/CreDtTm"),
            Rail = r.Rail(header, "GrpHdr"),
            Transactions = [.. r.All(message, "TxInf").Select((tx, i) => Transaction(r, tx, $"TxInf[{i}]"))],
        };
    }

    /// <summary>Reads a message from an XML string.</summary>
    public static PaymentReturnMessage Parse(string xml)
    {
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        return Read(input);
    }

    private static PaymentReturn Transaction(IsoXmlReader r, XElement tx, string path)
    {
        var (messageId, messageName) = r.OriginalGroup(tx, "OrgnlGrpInf", path);
        var reason = r.Required(tx, "RtrRsnInf", path);
        var (code, info) = r.Reason(reason, path + "/RtrRsnInf");
        return new PaymentReturn
        {
            ReturnId = r.Text(tx, "RtrId", path),
            OriginalMessageId = messageId,
            OriginalMessageNameId = messageName,
            OriginalInstructionId = r.OptionalText(tx, "OrgnlInstrId"),
            OriginalEndToEndId = r.Text(tx, "OrgnlEndToEndId", path),
            OriginalTransactionId = r.OptionalText(tx, "OrgnlTxId"),
            OriginalUetr = r.OptionalText(tx, "OrgnlUETR") is { } uetr ? IsoXmlReader.Uetr(uetr, path + "/OrgnlUETR") : null,
            OriginalAmountCents = r.OptionalAmount(tx, "OrgnlIntrBkSttlmAmt", path),
            OriginalSettlementDate = r.OptionalText(tx, "OrgnlIntrBkSttlmDt") is { } d ? IsoXmlReader.Date(d, path + "/OrgnlIntrBkSttlmDt") : null,
            ReturnedAmountCents = r.Amount(tx, "RtrdIntrBkSttlmAmt", path),
            SettlementDate = IsoXmlReader.Date(r.Text(tx, "IntrBkSttlmDt", path), path + "/IntrBkSttlmDt"),
            ReasonCode = code,
            AdditionalInformation = info,
        };
    }
}
