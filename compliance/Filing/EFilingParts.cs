using System.Globalization;

namespace Baas.Compliance.Filing;

/// <summary>
/// The pieces of a party that the SAR and CTR schemas share (same element names and order): names, addresses,
/// phone numbers, identifications and the institution type. Each checks its input as it writes, naming the field.
/// </summary>
internal static class EFilingParts
{
    /// <summary>Party identification type codes for institutions and transmitters.</summary>
    public const string TinCode = "4";
    public const string EinCode = "2";
    public const string RssdCode = "14";
    public const string TransmitterControlCode = "28";

    /// <summary>A legal name written whole (institutions, transmitters, contacts).</summary>
    public static void FullName(EFilingXmlWriter w, string? name, string field)
    {
        var fullName = FilingText.Required(name, 150, field);
        w.Start("PartyName");
        w.Value("PartyNameTypeCode", "L");
        w.Value("RawPartyFullName", fullName);
        w.End();
    }

    /// <summary>Whether the party is an entity; refuses a party with neither or both of last name and entity name.</summary>
    public static bool IsEntity(string? lastName, string? entityName, string field)
    {
        var hasLast = !string.IsNullOrWhiteSpace(lastName);
        var hasEntity = !string.IsNullOrWhiteSpace(entityName);
        if (hasLast == hasEntity)
        {
            FilingText.Fail($"{field}.LastName", hasLast ? "and EntityName are both set; a party is an individual or an entity" : "or EntityName is required");
        }

        return hasEntity;
    }

    /// <summary>The legal name of an individual (last, first, middle; first written as unknown when absent) or an entity.</summary>
    public static void PersonName(EFilingXmlWriter w, string? lastName, string? firstName, string? middleName, string? entityName, string field)
    {
        w.Start("PartyName");
        if (IsEntity(lastName, entityName, field))
        {
            w.Value("PartyNameTypeCode", "L");
            w.Value("RawEntityIndividualLastName", FilingText.Required(entityName, 150, $"{field}.EntityName"));
        }
        else
        {
            var first = FilingText.Optional(firstName, 35, $"{field}.FirstName");
            w.Indicator("FirstNameUnknownIndicator", first is null);
            w.Value("PartyNameTypeCode", "L");
            w.Value("RawEntityIndividualLastName", FilingText.Required(lastName, 150, $"{field}.LastName"));
            w.Optional("RawIndividualFirstName", first);
            w.Optional("RawIndividualMiddleName", FilingText.Optional(middleName, 35, $"{field}.MiddleName"));
        }

        w.End();
    }

    /// <summary>An address; a missing address (or ZIP) is written as unknown.</summary>
    public static void Address(EFilingXmlWriter w, FilingAddress? address, string field)
    {
        w.Start("Address");
        if (address is null)
        {
            w.Indicator("CityUnknownIndicator");
            w.Indicator("CountryCodeUnknownIndicator");
            w.Indicator("StateCodeUnknownIndicator");
            w.Indicator("StreetAddressUnknownIndicator");
            w.Indicator("ZIPCodeUnknownIndicator");
            w.End();
            return;
        }

        var city = FilingText.Required(address.City, 50, $"{field}.City");
        var country = Country(address.Country, $"{field}.Country");
        var needsState = country is "US" or "CA" or "MX";
        var state = FilingText.Optional(address.State, 3, $"{field}.State")?.ToUpperInvariant();
        if (needsState && state is null)
        {
            FilingText.Fail($"{field}.State", "is required for an address in the US, Canada or Mexico");
        }

        var street = FilingText.Required(address.Street, 100, $"{field}.Street");
        var zip = FilingText.Optional(address.ZipCode, 10, $"{field}.ZipCode")?.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (zip is not null && country == "US" && !(zip.Length is 5 or 9 && zip.All(char.IsAsciiDigit)))
        {
            FilingText.Fail($"{field}.ZipCode", "must be 5 or 9 digits for a US address");
        }

        if (zip is { Length: > 9 })
        {
            FilingText.Fail($"{field}.ZipCode", "is longer than 9 characters");
        }

        w.Value("RawCityText", city);
        w.Value("RawCountryCodeText", country);
        w.Optional("RawStateCodeText", needsState ? state : null);
        w.Value("RawStreetAddress1Text", street);
        w.Optional("RawZIPCode", zip);
        w.Indicator("ZIPCodeUnknownIndicator", zip is null);
        w.End();
    }

    /// <summary>A phone number.</summary>
    public static void Phone(EFilingXmlWriter w, string? phone, string field)
    {
        var digits = FilingText.Phone(phone, field);
        w.Start("PhoneNumber");
        w.Value("PhoneNumberText", digits);
        w.End();
    }

    /// <summary>An identification of an institution or transmitter (TIN, EIN, RSSD, TCC).</summary>
    public static void Identification(EFilingXmlWriter w, string typeCode, string number)
    {
        w.Start("PartyIdentification");
        w.Value("PartyIdentificationNumberText", number);
        w.Value("PartyIdentificationTypeCode", typeCode);
        w.End();
    }

    /// <summary>The institution's EIN as 9 digits.</summary>
    public static string Ein(string? ein, string field) => FilingText.Digits(ein, 9, 9, field);

    /// <summary>The institution's RSSD number, when it has one.</summary>
    public static string? Rssd(string? rssd, string field) => rssd is null ? null : FilingText.Digits(rssd, 1, 10, field);

    /// <summary>The type of institution.</summary>
    public static void OrganizationType(EFilingXmlWriter w, FinancialInstitutionType type, string field)
    {
        w.Start("OrganizationClassificationTypeSubtype");
        w.Value("OrganizationTypeID", (int)Defined(type, field));
        w.End();
    }

    /// <summary>The regulator's code.</summary>
    public static string Regulator(FederalRegulator regulator, string field) => ((int)Defined(regulator, field)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The TIN and the identification document of a subject or person: at most one of each; a missing TIN is
    /// written as unknown, and so is a missing document when one is expected.
    /// </summary>
    public static void PersonIdentifications(EFilingXmlWriter w, IReadOnlyList<PartyIdentification>? identifications, bool documentExpected, string field)
    {
        identifications ??= [];
        var tinAt = -1;
        var documentAt = -1;
        for (var i = 0; i < identifications.Count; i++)
        {
            var id = identifications[i] ?? FilingText.Fail<PartyIdentification>($"{field}[{i}]", "is null");
            Defined(id.Type, $"{field}[{i}].Type");
            ref var slot = ref id.IsTin ? ref tinAt : ref documentAt;
            if (slot >= 0)
            {
                FilingText.Fail($"{field}[{i}]", id.IsTin ? "is a second TIN; a party carries at most one" : "is a second identification document; a party carries at most one");
            }

            slot = i;
        }

        w.Start("PartyIdentification");
        if (tinAt < 0)
        {
            w.Indicator("TINUnknownIndicator");
        }
        else
        {
            var tin = identifications[tinAt];
            var number = tin.Type == IdentificationType.ForeignTin
                ? FilingText.Required(tin.Number, 25, $"{field}[{tinAt}].Number")
                : FilingText.Digits(tin.Number, 9, 9, $"{field}[{tinAt}].Number");
            w.Value("PartyIdentificationNumberText", number);
            w.Value("PartyIdentificationTypeCode", (int)tin.Type);
        }

        w.End();

        if (documentAt < 0)
        {
            if (documentExpected)
            {
                w.Start("PartyIdentification");
                w.Indicator("IdentificationPresentUnknownIndicator");
                w.End();
            }

            return;
        }

        var document = identifications[documentAt];
        var at = $"{field}[{documentAt}]";
        var country = document.IssuingCountry is null ? null : Country(document.IssuingCountry, $"{at}.IssuingCountry");
        var state = FilingText.Optional(document.IssuingState, 3, $"{at}.IssuingState")?.ToUpperInvariant();
        var other = document.Type == IdentificationType.Other
            ? FilingText.Required(document.OtherTypeDescription, 50, $"{at}.OtherTypeDescription")
            : null;
        var documentNumber = FilingText.Required(document.Number, 25, $"{at}.Number");

        w.Start("PartyIdentification");
        w.Optional("OtherIssuerCountryText", country);
        w.Optional("OtherIssuerStateText", state);
        w.Optional("OtherPartyIdentificationTypeText", other);
        w.Value("PartyIdentificationNumberText", documentNumber);
        w.Value("PartyIdentificationTypeCode", (int)document.Type);
        w.End();
    }

    /// <summary>Occupation or type of business, when given.</summary>
    public static void Occupation(EFilingXmlWriter w, string? occupation, string field)
    {
        var text = FilingText.Optional(occupation, 50, field);
        if (text is not null)
        {
            w.Start("PartyOccupationBusiness");
            w.Value("OccupationBusinessText", text);
            w.End();
        }
    }

    /// <summary>Account numbers, normalised and checked; duplicates removed.</summary>
    public static List<string> AccountNumbers(IReadOnlyList<string>? accountNumbers, string field)
    {
        var numbers = new List<string>();
        if (accountNumbers is null)
        {
            return numbers;
        }

        for (var i = 0; i < accountNumbers.Count; i++)
        {
            var number = FilingText.Required(accountNumbers[i], 40, $"{field}[{i}]");
            if (!numbers.Contains(number, StringComparer.Ordinal))
            {
                numbers.Add(number);
            }
        }

        return numbers;
    }

    /// <summary>An ISO 3166-1 alpha-2 country code, upper case.</summary>
    public static string Country(string? country, string field)
    {
        var code = FilingText.Required(country, 2, field).ToUpperInvariant();
        return code.Length == 2 && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1])
            ? code
            : FilingText.Fail<string>(field, "must be an ISO 3166-1 alpha-2 country code");
    }

    /// <summary>Refuses a value outside the enum.</summary>
    public static TEnum Defined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum
    {
        return Enum.IsDefined(value) ? value : FilingText.Fail<TEnum>(field, "is not a known value");
    }
}
