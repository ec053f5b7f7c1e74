using Baas.Compliance.Screening.Matching;

namespace Baas.Compliance.Screening.Lists;

/// <summary>An identifier of a list entry: passport, national ID, digital currency address, registration number, ...</summary>
/// <param name="Kind">The family of the identifier.</param>
/// <param name="Label">The label as written on the list (<c>Passport</c>, <c>Cedula No.</c>, <c>Digital Currency Address - XBT</c>).</param>
/// <param name="Value">The value as written.</param>
/// <param name="Country">The issuing country when the list gives one.</param>
public sealed record EntryIdentifier(IdentifierKind Kind, string Label, string Value, string? Country)
{
    /// <summary>The value compared with a screened identifier: letters and digits only, upper case.</summary>
    public string NormalizedValue { get; } = NameNormalizer.NormalizeIdentifier(Value);

    /// <inheritdoc />
    public override string ToString() => Country is null ? $"{Label} {Value}" : $"{Label} {Value} ({Country})";
}
