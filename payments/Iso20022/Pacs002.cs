using System.Xml.Linq;

namespace Baas.Payments.Iso20022;

/// <summary>Writes pacs.002.001.10 (FIToFIPaymentStatusReport) in UTF-8; the simulator answers pacs.008 with it.</summary>
public static class Pacs002Writer
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Write(PaymentStatusReport report, Stream output)
    {
        Validate(report);
        IsoXmlWriter.Write(output, IsoNamespaces.Of(IsoNamespaces.Pacs002Id), "Document", w =>
        {
            w.Start("FIToFIPmtStsRpt");
            w.Start("GrpHdr");
            w.Element("MsgId", report.MessageId);
            w.DateTime("CreDtTm", report.CreatedAt);
            w.End();
            if (report.Group is { } group)
            {
                w.Start("OrgnlGrpInfAndSts");
                w.Element("OrgnlMsgId", group.OriginalMessageId);
                w.Element("OrgnlMsgNmId", group.OriginalMessageNameId);
                if (group.Status is { } status)
                {
                    w.Element("GrpSts", status.ToCode());
                }

                Reasons(w, group.Reasons);
                w.End();
            }

            foreach (var tx in report.Transactions)
            {
                w.Start("TxInfAndSts");
                w.Optional("StsId", tx.StatusId);
                w.OriginalGroup("OrgnlGrpInf", tx.OriginalMessageId, tx.OriginalMessageNameId);
                w.Optional("OrgnlInstrId", tx.OriginalInstructionId);
                w.Element("OrgnlEndToEndId", tx.OriginalEndToEndId);
                w.Optional("OrgnlTxId", tx.OriginalTransactionId);
                if (tx.OriginalUetr is { } uetr)
                {
                    w.Uetr("OrgnlUETR", uetr);
                }

                w.Element("TxSts", tx.Status.ToCode());
                Reasons(w, tx.Reasons);
                if (tx.AcceptedAt is { } accepted)
                {
                    w.DateTime("AccptncDtTm", accepted);
                }

                if (tx.EffectiveSettlementDate is { } date)
                {
                    w.Start("FctvIntrBkSttlmDt");
                    w.Date("Dt", date);
                    w.End();
                }

                w.End();
            }

            w.End();
        });
    }

    /// <summary>The report as a UTF-8 XML string.</summary>
    public static string WriteToString(PaymentStatusReport report) => IsoXmlWriter.WriteToString(s => Write(report, s));

    private static void Reasons(IsoXmlWriter w, IReadOnlyList<StatusReason> reasons)
    {
        foreach (var reason in reasons)
        {
            w.Reason("StsRsnInf", reason.Code, reason.AdditionalInformation);
        }
    }

    private static void Validate(PaymentStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        IsoCheck.Text(report.MessageId, 35, "GrpHdr/MsgId");
        if (report.Group is null && report.Transactions.Count == 0)
        {
            throw new Iso20022FormatException("FIToFIPmtStsRpt", "reports a group status or at least one transaction status.");
        }

        if (report.Group is { } group)
        {
            IsoCheck.Text(group.OriginalMessageId, 35, "OrgnlGrpInfAndSts/OrgnlMsgId");
            IsoCheck.Text(group.OriginalMessageNameId, 35, "OrgnlGrpInfAndSts/OrgnlMsgNmId");
            CheckReasons(group.Reasons, group.Status, "OrgnlGrpInfAndSts");
        }

        for (var i = 0; i < report.Transactions.Count; i++)
        {
            var tx = report.Transactions[i];
            var path = $"TxInfAndSts[{i}]";
            IsoCheck.OptionalText(tx.StatusId, 35, path + "/StsId");
            IsoCheck.Text(tx.OriginalMessageId, 35, path + "/OrgnlGrpInf/OrgnlMsgId");
            IsoCheck.Text(tx.OriginalMessageNameId, 35, path + "/OrgnlGrpInf/OrgnlMsgNmId");
            IsoCheck.OptionalText(tx.OriginalInstructionId, 35, path + "/OrgnlInstrId");
            IsoCheck.Text(tx.OriginalEndToEndId, 35, path + "/OrgnlEndToEndId");
            IsoCheck.OptionalText(tx.OriginalTransactionId, 35, path + "/OrgnlTxId");
            if (tx.OriginalUetr is { } uetr)
            {
                IsoCheck.Uetr(uetr, path + "/OrgnlUETR");
            }

            CheckReasons(tx.Reasons, tx.Status, path);
        }
    }

    private static void CheckReasons(IReadOnlyList<StatusReason> reasons, PaymentStatus? status, string path)
    {
        if (status == PaymentStatus.Rejected && reasons.Count == 0)
        {
            throw new Iso20022FormatException(path + "/StsRsnInf", "a rejection carries a reason.");
        }

        for (var i = 0; i < reasons.Count; i++)
        {
            var reasonPath = $"{path}/StsRsnInf[{i}]";
            IsoCheck.Code(reasons[i].Code, reasonPath + "/Rsn/Cd");
            IsoCheck.AdditionalInformation(reasons[i].AdditionalInformation, reasonPath);
            if (reasons[i].Code == ReasonCodes.Narrative && reasons[i].AdditionalInformation.Count == 0)
            {
                throw new Iso20022FormatException(reasonPath + "/AddtlInf", "NARR needs the narrative.");
            }
        }
    }
}

/// <summary>Reads pacs.002.001.10 into <see cref="PaymentStatusReport"/>.</summary>
public static class Pacs002Reader
{
    /// <summary>Reads a report from <paramref name="input"/>.</summary>
    public static PaymentStatusReport Read(Stream input)
    {
        var (r, report) = IsoXmlReader.Load(input, IsoNamespaces.Of(IsoNamespaces.Pacs002Id), "Document", "FIToFIPmtStsRpt");
        var header = r.Required(report, "GrpHdr", "FIToFIPmtStsRpt");
        var group = r.Optional(report, "OrgnlGrpInfAndSts");
        return new PaymentStatusReport
        {
            MessageId = r.Text(header, "MsgId", "GrpHdr"),
            CreatedAt = IsoXmlReader.DateTime(r.Text(header, "CreDtTm", "GrpHdr"), "GrpHdr/CreDtTm"),
            Group = group is null
                ? null
                : new OriginalGroupStatus
                {
                    OriginalMessageId = r.Text(group, "OrgnlMsgId", "OrgnlGrpInfAndSts"),
                    OriginalMessageNameId = r.Text(group, "OrgnlMsgNmId", "OrgnlGrpInfAndSts"),
                    Status = r.OptionalText(group, "GrpSts") is { } code ? Status(code, "OrgnlGrpInfAndSts/GrpSts") : null,
                    Reasons = Reasons(r, group, "OrgnlGrpInfAndSts"),
                },
            Transactions = [.. r.All(report, "TxInfAndSts").Select((tx, i) => Transaction(r, tx, $"TxInfAndSts[{i}]"))],
        };
    }

    /// <summary>Reads a report from an XML string.</summary>
    public static PaymentStatusReport Parse(string xml)
    {
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        return Read(input);
    }

    private static TransactionStatus Transaction(IsoXmlReader r, XElement tx, string path)
    {
        var original = r.Optional(tx, "OrgnlGrpInf");
        var date = r.Optional(tx, "FctvIntrBkSttlmDt");
        return new TransactionStatus
        {
            StatusId = r.OptionalText(tx, "StsId"),
            OriginalMessageId = original is null ? "" : r.Text(original, "OrgnlMsgId", path + "/OrgnlGrpInf"),
            OriginalMessageNameId = original is null ? "" : r.Text(original, "OrgnlMsgNmId", path + "/OrgnlGrpInf"),
            OriginalInstructionId = r.OptionalText(tx, "OrgnlInstrId"),
            OriginalEndToEndId = r.OptionalText(tx, "OrgnlEndToEndId") ?? "",
            OriginalTransactionId = r.OptionalText(tx, "OrgnlTxId"),
            OriginalUetr = r.OptionalText(tx, "OrgnlUETR") is { } uetr ? IsoXmlReader.Uetr(uetr, path + "/OrgnlUETR") : null,
            Status = Status(r.Text(tx, "TxSts", path), path + "/TxSts"),
            Reasons = Reasons(r, tx, path),
            AcceptedAt = r.OptionalText(tx, "AccptncDtTm") is { } accepted ? IsoXmlReader.DateTime(accepted, path + "/AccptncDtTm") : null,
            EffectiveSettlementDate = date is null
                ? null
                : r.OptionalText(date, "Dt") is { } d ? IsoXmlReader.Date(d, path + "/FctvIntrBkSttlmDt/Dt")
                : DateOnly.FromDateTime(IsoXmlReader.DateTime(r.Text(date, "DtTm", path + "/FctvIntrBkSttlmDt"), path + "/FctvIntrBkSttlmDt/DtTm").Date),
        };
    }

    private static StatusReason[] Reasons(IsoXmlReader r, XElement parent, string path) =>
    [
        .. r.All(parent, "StsRsnInf").Select((reason, i) =>
        {
            var (code, info) = r.Reason(reason, $"{path}/StsRsnInf[{i}]");
            return new StatusReason(code, info);
        }),
    ];

    private static PaymentStatus Status(string code, string path) =>
        PaymentStatusCodes.TryParse(code, out var status)
            ? status
            : throw new Iso20022FormatException(path, $"'{code}' is not ACTC, ACSP, ACSC, ACCC, RJCT or PDNG.");
}
