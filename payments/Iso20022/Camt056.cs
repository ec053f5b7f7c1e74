using System.Globalization;
using System.Xml.Linq;

namespace Baas.Payments.Iso20022;

/// <summary>Writes camt.056.001.08 (FIToFIPaymentCancellationRequest) in UTF-8.</summary>
public static class Camt056Writer
{
    /// <summary>Writes <paramref name="request"/> to <paramref name="output"/>.</summary>
    public static void Write(CancellationRequest request, Stream output)
    {
        Validate(request);
        IsoXmlWriter.Write(output, IsoNamespaces.Of(IsoNamespaces.Camt056Id), "Document", w =>
        {
            w.Start("FIToFIPmtCxlReq");
            w.Start("Assgnmt");
            w.Element("Id", request.AssignmentId);
            PartyAgent(w, "Assgnr", request.AssignerRoutingNumber);
            PartyAgent(w, "Assgne", request.AssigneeRoutingNumber);
            w.DateTime("CreDtTm", request.CreatedAt);
            w.End();
            if (request.CaseId is { } caseId)
            {
                w.Start("Case");
                w.Element("Id", caseId);
                PartyAgent(w, "Cretr", request.AssignerRoutingNumber);
                w.End();
            }

            w.Start("CtrlData");
            w.Element("NbOfTxs", request.Transactions.Count.ToString(CultureInfo.InvariantCulture));
            w.End();
            w.Start("Undrlyg");
            foreach (var tx in request.Transactions)
            {
                w.Start("TxInf");
                w.Optional("CxlId", tx.CancellationId);
                w.OriginalGroup("OrgnlGrpInf", tx.OriginalMessageId, tx.OriginalMessageNameId);
                w.Optional("OrgnlInstrId", tx.OriginalInstructionId);
                w.Element("OrgnlEndToEndId", tx.OriginalEndToEndId);
                w.Optional("OrgnlTxId", tx.OriginalTransactionId);
                if (tx.OriginalUetr is { } uetr)
                {
                    w.Uetr("OrgnlUETR", uetr);
                }

                w.Amount("OrgnlIntrBkSttlmAmt", tx.OriginalAmountCents);
                w.Date("OrgnlIntrBkSttlmDt", tx.OriginalSettlementDate);
                w.Reason("CxlRsnInf", tx.ReasonCode, tx.AdditionalInformation);
                w.End();
            }

            w.End();
            w.End();
        });
    }

    /// <summary>The request as a UTF-8 XML string.</summary>
    public static string WriteToString(CancellationRequest request) => IsoXmlWriter.WriteToString(s => Write(request, s));

    private static void PartyAgent(IsoXmlWriter w, string name, string routingNumber)
    {
        w.Start(name);
        w.Agent("Agt", routingNumber);
        w.End();
    }

    private static void Validate(CancellationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IsoCheck.Text(request.AssignmentId, 35, "Assgnmt/Id");
        IsoCheck.Routing(request.AssignerRoutingNumber, "Assgnmt/Assgnr");
        IsoCheck.Routing(request.AssigneeRoutingNumber, "Assgnmt/Assgne");
        IsoCheck.OptionalText(request.CaseId, 35, "Case/Id");
        IsoCheck.Count(request.Transactions, "Undrlyg/TxInf");
        for (var i = 0; i < request.Transactions.Count; i++)
        {
            var tx = request.Transactions[i];
            var path = $"Undrlyg/TxInf[{i}]";
            IsoCheck.OptionalText(tx.CancellationId, 35, path + "/CxlId");
            IsoCheck.Text(tx.OriginalMessageId, 35, path + "/OrgnlGrpInf/OrgnlMsgId");
            IsoCheck.Text(tx.OriginalMessageNameId, 35, path + "/OrgnlGrpInf/OrgnlMsgNmId");
            IsoCheck.OptionalText(tx.OriginalInstructionId, 35, path + "/OrgnlInstrId");
            IsoCheck.Text(tx.OriginalEndToEndId, 35, path + "/OrgnlEndToEndId");
            IsoCheck.OptionalText(tx.OriginalTransactionId, 35, path + "/OrgnlTxId");
            if (tx.OriginalUetr is { } uetr)
            {
                IsoCheck.Uetr(uetr, path + "/OrgnlUETR");
            }

            IsoCheck.PositiveAmount(tx.OriginalAmountCents, path + "/OrgnlIntrBkSttlmAmt");
            IsoCheck.Code(tx.ReasonCode, path + "/CxlRsnInf/Rsn/Cd");
            IsoCheck.AdditionalInformation(tx.AdditionalInformation, path + "/CxlRsnInf");
        }
    }
}

/// <summary>Reads camt.056.001.08 into <see cref="CancellationRequest"/>.</summary>
public static class Camt056Reader
{
    /// <summary>Reads a request from <paramref name="input"/>.</summary>
    public static CancellationRequest Read(Stream input)
    {
        var (r, request) = IsoXmlReader.Load(input, IsoNamespaces.Of(IsoNamespaces.Camt056Id), "Document", "FIToFIPmtCxlReq");
        var assignment = r.Required(request, "Assgnmt", "FIToFIPmtCxlReq");
        var caseElement = r.Optional(request, "Case");
        var transactions = r.All(request, "Undrlyg").SelectMany(u => r.All(u, "TxInf")).Select((tx, i) => Transaction(r, tx, $"Undrlyg/TxInf[{i}]")).ToList();
        return new CancellationRequest
        {
            AssignmentId = r.Text(assignment, "Id", "Assgnmt"),
            AssignerRoutingNumber = PartyAgent(r, assignment, "Assgnr", "Assgnmt"),
            AssigneeRoutingNumber = PartyAgent(r, assignment, "Assgne", "Assgnmt"),
            CreatedAt = IsoXmlReader.DateTime(r.Text(assignment, "CreDtTm", "Assgnmt"), "Assgnmt/CreDtTm"),
            CaseId = caseElement is null ? null : r.Text(caseElement, "Id", "Case"),
            Transactions = transactions,
        };
    }

    /// <summary>Reads a request from an XML string.</summary>
    public static CancellationRequest Parse(string xml)
    {
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        return Read(input);
    }

    private static string PartyAgent(IsoXmlReader r, XElement parent, string name, string path)
    {
        var party = r.Required(parent, name, path);
        return r.Agent(party, "Agt", $"{path}/{name}");
    }

    private static CancellationItem Transaction(IsoXmlReader r, XElement tx, string path)
    {
        var (messageId, messageName) = r.OriginalGroup(tx, "OrgnlGrpInf", path);
        var (code, info) = r.Reason(r.Required(tx, "CxlRsnInf", path), path + "/CxlRsnInf");
        return new CancellationItem
        {
            CancellationId = r.OptionalText(tx, "CxlId"),
            OriginalMessageId = messageId,
            OriginalMessageNameId = messageName,
            OriginalInstructionId = r.OptionalText(tx, "OrgnlInstrId"),
            OriginalEndToEndId = r.Text(tx, "OrgnlEndToEndId", path),
            OriginalTransactionId = r.OptionalText(tx, "OrgnlTxId"),
            OriginalUetr = r.OptionalText(tx, "OrgnlUETR") is { } uetr ? IsoXmlReader.Uetr(uetr, path + "/OrgnlUETR") : null,
            OriginalAmountCents = r.Amount(tx, "OrgnlIntrBkSttlmAmt", path),
            OriginalSettlementDate = IsoXmlReader.Date(r.Text(tx, "OrgnlIntrBkSttlmDt", path), path + "/OrgnlIntrBkSttlmDt"),
            ReasonCode = code,
            AdditionalInformation = info,
        };
    }
}
