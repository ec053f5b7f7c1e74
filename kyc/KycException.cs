namespace Baas.Kyc;

/// <summary>A KYC request that cannot be done as asked: the HTTP status to answer, the field at fault, and why.</summary>
public sealed class KycException(int status, string message, string? field = null) : Exception(message)
{
    /// <summary>400 bad input, 404 unknown customer, 409 not in this state, 503 a dependency is down.</summary>
    public int Status { get; } = status;

    /// <summary>The request field at fault, when one is.</summary>
    public string? Field { get; } = field;
}
