namespace Baas.Kyc.Providers;

/// <summary>A provider payload that cannot be mapped to a result; the message names the field and never echoes values.</summary>
/// <remarks>
/// <see cref="Ignorable"/> is true for a well-formed event that is not a final result (a check that started, a
/// verification still pending): answer it with 202 and apply nothing. Everything else is a malformed payload.
/// </remarks>
public sealed class ProviderPayloadException : Exception
{
    /// <summary>A malformed payload, without details.</summary>
    public ProviderPayloadException()
        : base("the provider payload is malformed")
    {
    }

    /// <summary>A malformed payload, described by <paramref name="message"/>.</summary>
    public ProviderPayloadException(string message)
        : base(message)
    {
    }

    /// <summary>A malformed payload, with the exception that revealed it.</summary>
    public ProviderPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A payload refused because of <paramref name="field"/>, or an ignorable non-final event.</summary>
    public ProviderPayloadException(string message, string? field, bool ignorable = false)
        : base(message)
    {
        Field = field;
        Ignorable = ignorable;
    }

    /// <summary>The path of the field at fault (<c>payload.object.result</c>), when one is.</summary>
    public string? Field { get; }

    /// <summary>True for a well-formed event that is not a final result; the caller answers 202 and applies nothing.</summary>
    public bool Ignorable { get; }
}
