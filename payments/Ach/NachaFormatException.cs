namespace Baas.Payments.Ach;

/// <summary>A NACHA file, record or field that breaks the format rules, with where it was found.</summary>
public sealed class NachaFormatException : FormatException
{
    public NachaFormatException()
        : this("The NACHA data is not valid.")
    {
    }

    public NachaFormatException(string message)
        : base(message)
    {
        Detail = message;
    }

    public NachaFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Detail = message;
    }

    public NachaFormatException(int lineNumber, char recordType, string fieldName, string detail)
        : base(Describe(lineNumber, recordType, fieldName, detail))
    {
        LineNumber = lineNumber;
        RecordType = recordType;
        FieldName = fieldName;
        Detail = detail;
    }

    /// <summary>1-based line of the record in the file (for the writer: the record it was producing); 0 when unknown.</summary>
    public int LineNumber { get; }

    /// <summary>Record type code ('1', '5', '6', '7', '8', '9'); '\0' when unknown.</summary>
    public char RecordType { get; }

    /// <summary>Name of the field at fault, or "Record"/"File" for structural problems.</summary>
    public string FieldName { get; } = "";

    /// <summary>The explanation without the location prefix.</summary>
    public string Detail { get; }

    private static string Describe(int lineNumber, char recordType, string fieldName, string detail)
    {
        var where = lineNumber > 0 ? $"line {lineNumber}" : "NACHA data";
        var type = recordType != '\0' ? $" (record type {recordType})" : "";
        return $"{where}{type}, field {fieldName}: {detail}";
    }
}
