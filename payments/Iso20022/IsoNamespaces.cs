namespace Baas.Payments.Iso20022;

/// <summary>Message identifiers and XML namespaces of the ISO 20022 messages written and read here.</summary>
public static class IsoNamespaces
{
    /// <summary>FI to FI customer credit transfer.</summary>
    public const string Pacs008Id = "pacs.008.001.08";

    /// <summary>FI to FI payment status report.</summary>
    public const string Pacs002Id = "pacs.002.001.10";

    /// <summary>Payment return.</summary>
    public const string Pacs004Id = "pacs.004.001.10";

    /// <summary>FI to FI payment cancellation request.</summary>
    public const string Camt056Id = "camt.056.001.08";

    /// <summary>Business application header.</summary>
    public const string Head001Id = "head.001.001.02";

    /// <summary>The XML namespace of a message identifier.</summary>
    public static string Of(string messageId) => "urn:iso:std:iso:20022:tech:xsd:" + messageId;
}
