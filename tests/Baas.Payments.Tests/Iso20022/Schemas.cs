using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Schema;

namespace Baas.Payments.Tests.Iso20022;

/// <summary>Validates XML against the reference XSDs in shared/data/schemas/iso20022 (loaded with DTDs prohibited).</summary>
internal static class Schemas
{
    private static readonly ConcurrentDictionary<string, XmlSchemaSet> Sets = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> Errors(string messageId, string xml)
    {
        var set = Sets.GetOrAdd(messageId, Load);
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = set,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }

        return errors;
    }

    public static void AssertValid(string messageId, string xml)
    {
        var errors = Errors(messageId, xml);
        Assert.True(errors.Count == 0, $"{messageId} is not schema-valid:\n{string.Join('\n', errors)}\n{xml}");
    }

    private static XmlSchemaSet Load(string messageId)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(Path.Combine(TestData.SchemaDirectory, messageId + ".xsd"), settings);
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(null, reader);
        set.Compile();
        return set;
    }
}
