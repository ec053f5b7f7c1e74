namespace Baas.Payments.Iso20022;

/// <summary>An ISO 20022 message or model value that breaks the schema or our rules, with the element path at fault.</summary>
public sealed class Iso20022FormatException : FormatException
{
    public Iso20022FormatException()
        : this("The ISO 20022 message is not valid.")
    {
    }

    public Iso20022FormatException(string message)
        : base(message)
    {
    }

    public Iso20022FormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Iso20022FormatException(string path, string detail)
        : base($"{path}: {detail}")
    {
        Path = path;
    }

    /// <summary>Element path such as "CdtTrfTxInf[0]/PmtId/EndToEndId"; empty when not known.</summary>
    public string Path { get; } = "";
}
