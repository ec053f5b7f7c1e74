using System.Xml.Linq;

namespace Baas.Payments.Iso20022;

/// <summary>A head.001.001.02 business application header: who sends which message to whom, and when.</summary>
public sealed record AppHeader
{
    /// <summary>ABA routing number of the sender.</summary>
    public required string FromRoutingNumber { get; init; }

    /// <summary>ABA routing number of the receiver.</summary>
    public required string ToRoutingNumber { get; init; }

    /// <summary>Business message identifier, usually the message's MsgId (Max35Text).</summary>
    public required string BusinessMessageId { get; init; }

    /// <summary>Message definition identifier, e.g. "pacs.008.001.08".</summary>
    public required string MessageDefinitionId { get; init; }

    /// <summary>Business service, e.g. a rail's service name (Max35Text), optional.</summary>
    public string? BusinessService { get; init; }

    /// <summary>Creation date and time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>True when the message may already have been sent.</summary>
    public bool PossibleDuplicate { get; init; }
}

/// <summary>Writes and reads the head.001.001.02 AppHdr document.</summary>
public static class AppHeaderXml
{
    private static readonly string Ns = IsoNamespaces.Of(IsoNamespaces.Head001Id);

    /// <summary>Writes <paramref name="header"/> as an AppHdr document.</summary>
    public static void Write(AppHeader header, Stream output)
    {
        ArgumentNullException.ThrowIfNull(header);
        IsoCheck.Routing(header.FromRoutingNumber, "AppHdr/Fr");
        IsoCheck.Routing(header.ToRoutingNumber, "AppHdr/To");
        IsoCheck.Text(header.BusinessMessageId, 35, "AppHdr/BizMsgIdr");
        IsoCheck.Text(header.MessageDefinitionId, 35, "AppHdr/MsgDefIdr");
        IsoCheck.OptionalText(header.BusinessService, 35, "AppHdr/BizSvc");
        IsoXmlWriter.Write(output, Ns, "AppHdr", w =>
        {
            Institution(w, "Fr", header.FromRoutingNumber);
            Institution(w, "To", header.ToRoutingNumber);
            w.Element("BizMsgIdr", header.BusinessMessageId);
            w.Element("MsgDefIdr", header.MessageDefinitionId);
            w.Optional("BizSvc", header.BusinessService);
            w.DateTime("CreDt", header.CreatedAt);
            if (header.PossibleDuplicate)
            {
                w.Element("PssblDplct", "true");
            }
        });
    }

    /// <summary>The header as a UTF-8 XML string.</summary>
    public static string WriteToString(AppHeader header) => IsoXmlWriter.WriteToString(s => Write(header, s));

    /// <summary>Reads an AppHdr document.</summary>
    public static AppHeader Read(Stream input)
    {
        var (r, root) = IsoXmlReader.Load(input, Ns, "AppHdr", "AppHdr");
        return new AppHeader
        {
            FromRoutingNumber = Institution(r, root, "Fr"),
            ToRoutingNumber = Institution(r, root, "To"),
            BusinessMessageId = r.Text(root, "BizMsgIdr", "AppHdr"),
            MessageDefinitionId = r.Text(root, "MsgDefIdr", "AppHdr"),
            BusinessService = r.OptionalText(root, "BizSvc"),
            CreatedAt = IsoXmlReader.DateTime(r.Text(root, "CreDt", "AppHdr"), "AppHdr/CreDt"),
            PossibleDuplicate = r.OptionalText(root, "PssblDplct") is "true" or "1",
        };
    }

    /// <summary>Reads an AppHdr document from an XML string.</summary>
    public static AppHeader Parse(string xml)
    {
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        return Read(input);
    }

    private static void Institution(IsoXmlWriter w, string name, string routingNumber)
    {
        w.Start(name);
        w.Start("FIId");
        w.FinancialInstitution(routingNumber);
        w.End();
        w.End();
    }

    private static string Institution(IsoXmlReader r, XElement root, string name)
    {
        var party = r.Required(root, name, "AppHdr");
        var fi = r.Required(party, "FIId", "AppHdr/" + name);
        return r.FinancialInstitution(fi, $"AppHdr/{name}/FIId");
    }
}
