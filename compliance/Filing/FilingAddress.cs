namespace Baas.Compliance.Filing;

/// <summary>A postal address on a FinCEN filing.</summary>
/// <param name="Street">Street address (at most 100 characters).</param>
/// <param name="City">City (at most 50 characters).</param>
/// <param name="State">State, territory or province code; required when the country is US, CA or MX.</param>
/// <param name="ZipCode">ZIP or postal code; for the US 5 or 9 digits (a hyphen is removed).</param>
/// <param name="Country">ISO 3166-1 alpha-2 country code.</param>
public sealed record FilingAddress(string Street, string City, string? State, string? ZipCode, string Country);
