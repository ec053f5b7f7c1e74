namespace Baas.Payments.Orchestration;

/// <summary>A payment request that cannot be done as asked: the HTTP status, the field at fault, and why.</summary>
public sealed class PaymentException(int status, string message, string? field = null) : Exception(message)
{
    /// <summary>400 bad input, 404 unknown payment, 409 not in this state or a reused key, 422 refused (funds, limits), 503 a dependency is down.</summary>
    public int Status { get; } = status;

    /// <summary>The request field at fault, when one is.</summary>
    public string? Field { get; } = field;
}
