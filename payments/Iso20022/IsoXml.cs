using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Baas.Payments.Ach;

namespace Baas.Payments.Iso20022;

/// <summary>Writing helpers shared by the message writers: one namespace, validated values, UTF-8 output.</summary>
internal sealed class IsoXmlWriter : IDisposable
{
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    private readonly XmlWriter _writer;
    private readonly string _ns;

    private IsoXmlWriter(Stream output, string ns)
    {
        _ns = ns;
        _writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, CloseOutput = false });
        _writer.WriteStartDocument();
    }

    /// <summary>Runs <paramref name="body"/> on a writer for a document in <paramref name="ns"/>, after validation passed.</summary>
    public static void Write(Stream output, string ns, string root, Action<IsoXmlWriter> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new IsoXmlWriter(output, ns);
        writer._writer.WriteStartElement(root, ns);
        body(writer);
        writer._writer.WriteEndElement();
        writer._writer.WriteEndDocument();
    }

    public static string WriteToString(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void Start(string name) => _writer.WriteStartElement(name, _ns);

    public void End() => _writer.WriteEndElement();

    public void Element(string name, string value) => _writer.WriteElementString(name, _ns, value);

    public void Optional(string name, string? value)
    {
        if (value is not null)
        {
            Element(name, value);
        }
    }

    public void Amount(string name, long cents)
    {
        _writer.WriteStartElement(name, _ns);
        _writer.WriteAttributeString("Ccy", IsoAmount.Currency);
        _writer.WriteString(IsoAmount.Format(cents));
        _writer.WriteEndElement();
    }

    public void DateTime(string name, DateTimeOffset value) => Element(name, value.ToString(DateTimeFormat, CultureInfo.InvariantCulture));

    public void Date(string name, DateOnly value) => Element(name, value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public void Uetr(string name, Guid value) => Element(name, value.ToString("D"));

    /// <summary>SttlmInf with method CLRG and the rail's clearing system code.</summary>
    public void Settlement(Rail rail)
    {
        Start("SttlmInf");
        Element("SttlmMtd", "CLRG");
        Start("ClrSys");
        Element("Cd", rail.ClearingSystemCode());
        End();
        End();
    }

    /// <summary>An agent (BranchAndFinancialInstitutionIdentification6) identified by its ABA routing number.</summary>
    public void Agent(string name, string routingNumber)
    {
        Start(name);
        FinancialInstitution(routingNumber);
        End();
    }

    public void FinancialInstitution(string routingNumber)
    {
        Start("FinInstnId");
        Start("ClrSysMmbId");
        Start("ClrSysId");
        Element("Cd", "USABA");
        End();
        Element("MmbId", routingNumber);
        End();
        End();
    }

    public void Party(string name, Party party)
    {
        Start(name);
        Element("Nm", party.Name);
        if (party.Address is { } a)
        {
            Start("PstlAdr");
            Optional("StrtNm", a.StreetName);
            Optional("BldgNb", a.BuildingNumber);
            Optional("PstCd", a.PostCode);
            Optional("TwnNm", a.TownName);
            Optional("CtrySubDvsn", a.CountrySubDivision);
            Optional("Ctry", a.Country);
            foreach (var line in a.AddressLines)
            {
                Element("AdrLine", line);
            }

            End();
        }

        End();
    }

    public void Account(string name, AccountId account)
    {
        Start(name);
        Start("Id");
        if (account.Iban is { } iban)
        {
            Element("IBAN", iban);
        }
        else
        {
            Start("Othr");
            Element("Id", account.Other!);
            End();
        }

        End();
        End();
    }

    /// <summary>A reason block: Rsn/Cd then AddtlInf lines (StsRsnInf, RtrRsnInf, CxlRsnInf share this shape).</summary>
    public void Reason(string name, string code, IReadOnlyList<string> additionalInformation)
    {
        Start(name);
        Start("Rsn");
        Element("Cd", code);
        End();
        foreach (var line in additionalInformation)
        {
            Element("AddtlInf", line);
        }

        End();
    }

    /// <summary>OrgnlGrpInf: the original message id and message name.</summary>
    public void OriginalGroup(string name, string messageId, string messageNameId)
    {
        Start(name);
        Element("OrgnlMsgId", messageId);
        Element("OrgnlMsgNmId", messageNameId);
        End();
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>Checks values against the schema facets before anything is written.</summary>
internal static partial class IsoCheck
{
    /// <summary>Required text: not blank, no control characters, at most <paramref name="max"/> characters. Too long is refused, never cut.</summary>
    public static string Text(string? value, int max, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new Iso20022FormatException(path, "is required.");
        }

        return OptionalText(value, max, path)!;
    }

    public static string? OptionalText(string? value, int max, string path)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length == 0 || string.IsNullOrWhiteSpace(value))
        {
            throw new Iso20022FormatException(path, "is blank; leave it out instead.");
        }

        if (value.Length > max)
        {
            throw new Iso20022FormatException(path, $"is {value.Length} characters; the schema allows {max} (Max{max}Text). Values are refused, not truncated.");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new Iso20022FormatException(path, $"contains control character 0x{(int)c:X2}.");
            }
        }

        return value;
    }

    /// <summary>An external code (status, reason): one to four upper-case letters or digits.</summary>
    public static string Code(string? value, string path) =>
        value is not null && CodePattern().IsMatch(value)
            ? value
            : throw new Iso20022FormatException(path, $"'{value}' is not a code of one to four upper-case letters or digits.");

    public static string Routing(string? value, string path) =>
        value is not null && RoutingNumber.IsValid(value)
            ? value
            : throw new Iso20022FormatException(path, $"'{value}' is not an ABA routing number with a valid check digit.");

    /// <summary>A UETR: the schema wants a lower-case version 4 UUID.</summary>
    public static Guid Uetr(Guid value, string path) =>
        UetrPattern().IsMatch(value.ToString("D"))
            ? value
            : throw new Iso20022FormatException(path, $"{value} is not a version 4 UUID (e.g. Guid.NewGuid()).");

    public static long PositiveAmount(long cents, string path) =>
        cents is > 0 and < 1_000_000_000_000_000_000
            ? cents
            : throw new Iso20022FormatException(path, $"{cents} cents is not a positive amount of at most 18 digits.");

    public static void Party(Party? party, string path)
    {
        if (party is null)
        {
            throw new Iso20022FormatException(path, "is required.");
        }

        Text(party.Name, 140, path + "/Nm");
        if (party.Address is not { } a)
        {
            return;
        }

        OptionalText(a.StreetName, 70, path + "/PstlAdr/StrtNm");
        OptionalText(a.BuildingNumber, 16, path + "/PstlAdr/BldgNb");
        OptionalText(a.PostCode, 16, path + "/PstlAdr/PstCd");
        OptionalText(a.TownName, 35, path + "/PstlAdr/TwnNm");
        OptionalText(a.CountrySubDivision, 35, path + "/PstlAdr/CtrySubDvsn");
        if (a.Country is not null && !CountryPattern().IsMatch(a.Country))
        {
            throw new Iso20022FormatException(path + "/PstlAdr/Ctry", $"'{a.Country}' is not a two-letter country code.");
        }

        if (a.AddressLines.Count > 7)
        {
            throw new Iso20022FormatException(path + "/PstlAdr/AdrLine", "at most seven address lines.");
        }

        for (var i = 0; i < a.AddressLines.Count; i++)
        {
            Text(a.AddressLines[i], 70, $"{path}/PstlAdr/AdrLine[{i}]");
        }
    }

    public static void Account(AccountId? account, string path)
    {
        if (account is null)
        {
            return;
        }

        if (account.Iban is { } iban)
        {
            if (!IbanPattern().IsMatch(iban))
            {
                throw new Iso20022FormatException(path + "/Id/IBAN", $"'{iban}' is not an IBAN.");
            }
        }
        else
        {
            Text(account.Other, 34, path + "/Id/Othr/Id");
        }
    }

    public static void AdditionalInformation(IReadOnlyList<string> lines, string path)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            Text(lines[i], 105, $"{path}/AddtlInf[{i}]");
        }
    }

    public static void Count<T>(IReadOnlyList<T> items, string path, int max = int.MaxValue)
    {
        if (items.Count == 0 || items.Count > max)
        {
            throw new Iso20022FormatException(path, max == 1 ? "exactly one transaction per message on this rail." : "at least one transaction.");
        }
    }

    [GeneratedRegex("^[A-Z0-9]{1,4}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$")]
    private static partial Regex UetrPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}$")]
    private static partial Regex IbanPattern();
}

/// <summary>Reading helpers: safe loading (no DTD, no resolver), namespace check, required and optional children with paths.</summary>
internal sealed class IsoXmlReader
{
    private readonly XNamespace _ns;

    private IsoXmlReader(XNamespace ns) => _ns = ns;

    /// <summary>Loads a document and returns the single child of Document (e.g. FIToFICstmrCdtTrf) with a reader bound to the namespace.</summary>
    public static (IsoXmlReader Reader, XElement Message) Load(Stream input, string ns, string documentRoot, string messageRoot)
    {
        ArgumentNullException.ThrowIfNull(input);
        XDocument document;
        try
        {
            using var xml = XmlReader.Create(input, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(xml);
        }
        catch (XmlException e)
        {
            throw new Iso20022FormatException("", $"not well-formed XML: {e.Message}");
        }

        var reader = new IsoXmlReader(ns);
        var root = document.Root!;
        if (root.Name != reader.Name(documentRoot))
        {
            throw new Iso20022FormatException(root.Name.LocalName, $"expected {documentRoot} in namespace {ns}, found {root.Name.LocalName} in '{root.Name.NamespaceName}'.");
        }

        if (documentRoot == messageRoot)
        {
            return (reader, root);
        }

        return (reader, reader.Required(root, messageRoot, documentRoot));
    }

    public XName Name(string local) => _ns + local;

    public XElement Required(XElement parent, string name, string path) =>
        parent.Element(Name(name)) ?? throw new Iso20022FormatException($"{path}/{name}", "is missing.");

    public XElement? Optional(XElement parent, string name) => parent.Element(Name(name));

    public IEnumerable<XElement> All(XElement parent, string name) => parent.Elements(Name(name));

    public string Text(XElement parent, string name, string path) => Required(parent, name, path).Value;

    public string? OptionalText(XElement parent, string name) => Optional(parent, name)?.Value;

    public static DateTimeOffset DateTime(string text, string path)
    {
        try
        {
            return XmlConvert.ToDateTimeOffset(text);
        }
        catch (FormatException)
        {
            throw new Iso20022FormatException(path, $"'{text}' is not an ISO date-time.");
        }
    }

    public static DateOnly Date(string text, string path) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new Iso20022FormatException(path, $"'{text}' is not an ISO date.");

    public static Guid Uetr(string text, string path) =>
        Guid.TryParseExact(text, "D", out var guid)
            ? guid
            : throw new Iso20022FormatException(path, $"'{text}' is not a UUID.");

    public long Amount(XElement parent, string name, string path)
    {
        var element = Required(parent, name, path);
        var currency = (string?)element.Attribute("Ccy");
        if (currency != IsoAmount.Currency)
        {
            throw new Iso20022FormatException($"{path}/{name}/@Ccy", $"'{currency}' is not USD.");
        }

        return IsoAmount.Parse(element.Value, $"{path}/{name}");
    }

    public long? OptionalAmount(XElement parent, string name, string path) =>
        Optional(parent, name) is null ? null : Amount(parent, name, path);

    /// <summary>The rail from SttlmInf/ClrSys (Cd or Prtry).</summary>
    public Rail Rail(XElement parent, string path)
    {
        var settlement = Required(parent, "SttlmInf", path);
        var system = Required(settlement, "ClrSys", path + "/SttlmInf");
        var code = OptionalText(system, "Cd") ?? OptionalText(system, "Prtry");
        return code is not null && RailCodes.TryParse(code, out var rail)
            ? rail
            : throw new Iso20022FormatException(path + "/SttlmInf/ClrSys", $"'{code}' is not TCH, FDN or FDW.");
    }

    /// <summary>The routing number of an agent: FinInstnId/ClrSysMmbId/MmbId.</summary>
    public string Agent(XElement parent, string name, string path)
    {
        var agent = Required(parent, name, path);
        return FinancialInstitution(agent, $"{path}/{name}");
    }

    public string FinancialInstitution(XElement agent, string path)
    {
        var institution = Required(agent, "FinInstnId", path);
        var member = Required(institution, "ClrSysMmbId", path + "/FinInstnId");
        return Text(member, "MmbId", path + "/FinInstnId/ClrSysMmbId");
    }

    public Party Party(XElement parent, string name, string path)
    {
        var party = Required(parent, name, path);
        var address = Optional(party, "PstlAdr");
        return new Party(
            Text(party, "Nm", $"{path}/{name}"),
            address is null
                ? null
                : new PostalAddress
                {
                    StreetName = OptionalText(address, "StrtNm"),
                    BuildingNumber = OptionalText(address, "BldgNb"),
                    PostCode = OptionalText(address, "PstCd"),
                    TownName = OptionalText(address, "TwnNm"),
                    CountrySubDivision = OptionalText(address, "CtrySubDvsn"),
                    Country = OptionalText(address, "Ctry"),
                    AddressLines = [.. All(address, "AdrLine").Select(e => e.Value)],
                });
    }

    public AccountId? Account(XElement parent, string name, string path)
    {
        var account = Optional(parent, name);
        if (account is null)
        {
            return null;
        }

        var id = Required(account, "Id", $"{path}/{name}");
        if (OptionalText(id, "IBAN") is { } iban)
        {
            return AccountId.FromIban(iban);
        }

        var other = Required(id, "Othr", $"{path}/{name}/Id");
        return AccountId.FromOther(Text(other, "Id", $"{path}/{name}/Id/Othr"));
    }

    /// <summary>Reason code (Rsn/Cd, or Rsn/Prtry) and additional information lines of a reason block.</summary>
    public (string Code, IReadOnlyList<string> AdditionalInformation) Reason(XElement reason, string path)
    {
        var rsn = Required(reason, "Rsn", path);
        var code = OptionalText(rsn, "Cd") ?? OptionalText(rsn, "Prtry") ?? throw new Iso20022FormatException(path + "/Rsn", "has neither Cd nor Prtry.");
        return (code, [.. All(reason, "AddtlInf").Select(e => e.Value)]);
    }

    public (string MessageId, string MessageNameId) OriginalGroup(XElement parent, string name, string path)
    {
        var group = Required(parent, name, path);
        return (Text(group, "OrgnlMsgId", $"{path}/{name}"), Text(group, "OrgnlMsgNmId", $"{path}/{name}"));
    }
}
