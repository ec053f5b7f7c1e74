using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Schema;

namespace Baas.Compliance.Filing;

/// <summary>
/// Writes the elements of an <c>EFilingBatchXML</c> in the FinCEN namespace (prefix <c>fc2</c>, as FinCEN's samples
/// do) and numbers them: the schemas want a <c>SeqNum</c> on every element that has one, unique in the batch, so one
/// counter runs from 1 in document order across all activities.
/// </summary>
internal sealed class EFilingXmlWriter
{
    public const string Namespace = "www.fincen.gov/base";
    private const string Prefix = "fc2";

    private readonly XmlWriter _xml;
    private long _seqNum;

    public EFilingXmlWriter(XmlWriter xml) => _xml = xml;

    /// <summary>Indented UTF-8 (no BOM) with LF line ends, the declaration written, the output left open.</summary>
    public static XmlWriterSettings Settings { get; } = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Replace,
        CloseOutput = false,
    };

    /// <summary>Opens the root element with its header attributes and writes the form type.</summary>
    public void StartBatch(string formTypeCode, string schemaFile, IEnumerable<KeyValuePair<string, string>> attributes)
    {
        _xml.WriteStartDocument();
        _xml.WriteStartElement(Prefix, "EFilingBatchXML", Namespace);
        _xml.WriteAttributeString("xmlns", "xsi", null, XmlSchema.InstanceNamespace);
        _xml.WriteAttributeString("xsi", "schemaLocation", XmlSchema.InstanceNamespace, $"{Namespace} https://www.fincen.gov/base/{schemaFile}");
        foreach (var (name, value) in attributes)
        {
            _xml.WriteAttributeString(name, value);
        }

        Value("FormTypeCode", formTypeCode);
    }

    /// <summary>Closes the root element and the document.</summary>
    public void EndBatch()
    {
        _xml.WriteEndElement();
        _xml.WriteEndDocument();
        _xml.Flush();
    }

    /// <summary>Opens an element that carries a SeqNum and returns the number given.</summary>
    public long Start(string name)
    {
        _xml.WriteStartElement(Prefix, name, Namespace);
        var seqNum = ++_seqNum;
        _xml.WriteAttributeString("SeqNum", seqNum.ToString(CultureInfo.InvariantCulture));
        return seqNum;
    }

    /// <summary>Closes the element opened last.</summary>
    public void End() => _xml.WriteEndElement();

    /// <summary>A simple element (an empty value writes an empty element, which the schemas read as "not set").</summary>
    public void Value(string name, string value) => _xml.WriteElementString(Prefix, name, Namespace, value);

    /// <summary>A simple element holding a number.</summary>
    public void Value(string name, long value) => Value(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A simple element when there is a value.</summary>
    public void Optional(string name, string? value)
    {
        if (value is not null)
        {
            Value(name, value);
        }
    }

    /// <summary>An indicator element set to <c>Y</c>, written only when set.</summary>
    public void Indicator(string name, bool set = true)
    {
        if (set)
        {
            Value(name, "Y");
        }
    }
}
