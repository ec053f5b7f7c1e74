using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Baas.Compliance.Tests.Filing;

/// <summary>FinCEN's batch schemas from the shared data, loaded once, and validation that reports errors and warnings alike.</summary>
internal static class FincenSchemas
{
    public const string Sar = "EFL_SARXBatchSchema.xsd";
    public const string Ctr = "EFL_CTRXBatchSchema.xsd";

    public static readonly XNamespace Ns = "www.fincen.gov/base";

    private static readonly Lazy<XmlSchemaSet> SarSet = new(() => Load(Sar));
    private static readonly Lazy<XmlSchemaSet> CtrSet = new(() => Load(Ctr));

    /// <summary>
    /// Every schema error and warning for the document. Warnings count: an element the schema does not know (a wrong
    /// namespace, say) is only a warning, and would otherwise pass.
    /// </summary>
    public static List<string> Validate(string xml, string schema)
    {
        var problems = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = schema == Sar ? SarSet.Value : CtrSet.Value,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints,
        };
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return problems;
    }

    private static XmlSchemaSet Load(string file)
    {
        var set = new XmlSchemaSet();
        set.Add("www.fincen.gov/base", Path.Combine(TestData.FincenSchemasDirectory, file));
        set.Compile();
        return set;
    }
}
