using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Baas.Kyc.Checks;

/// <summary>Decides whether an address can be a real residential address, before any vendor is paid to look at it.</summary>
/// <remarks>
/// <para>
/// Refused: PO boxes in their usual spellings (PO Box, P.O. Box, P O Box, Post Office Box, POB, Box 123, Postal Box,
/// Lock Box, PMB / private mailbox, General Delivery, Poste Restante, Postfach, Apartado) in line 1 or 2; placeholders
/// (123 Fake St, N/A, asdf, Anytown...); unknown ISO 3166 countries; postal codes that do not fit the country, and
/// US ZIP codes whose 3-digit prefix is not the state's.
/// </para>
/// <para>
/// Accepted although they carry a "Box": rural routes (RR 2 Box 152, Rural Route, RFD, HC / Highway Contract) and
/// military mail (PSC, CMR or Unit boxes and ships, with city APO/FPO/DPO, state AA/AE/AP and a matching ZIP).
/// </para>
/// <para>
/// A PO-box spelling only counts when a box number (or nothing) follows it, so "123 Boxwood Ln", "45 Pobox Street"
/// and "12 Box Elder Rd" are streets. US addresses (and PR, GU, VI, AS, MP) need the house number first; elsewhere
/// the number may also come last ("Hauptstraße 5", "Calle Mayor, 12"), as those countries write it.
/// </para>
/// </remarks>
public static partial class AddressPlausibility
{
    /// <summary>The cause recorded for every address failure.</summary>
    public const string Cause = "address_implausible";

    private const int MaxLength = 100;

    private static readonly FrozenSet<string> LinePlaceholders = new[]
    {
        "n a", "na", "none", "nil", "null", "unknown", "test", "testing", "asdf", "qwerty", "xxx", "abc", "abc 123",
        "address", "street", "tbd", "tba", "placeholder", "sample", "example", "same", "fake", "no address",
        "not applicable", "unknown address", "test address", "fake address", "my address", "home", "homeless",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> CityPlaceholders = new[]
    {
        "anytown", "any town", "anycity", "any city", "anywhere", "somewhere", "test", "testing", "test city", "city",
        "town", "my city", "xxx", "none", "unknown", "n a", "na", "null", "nil", "asdf", "qwerty", "abc", "tbd",
        "placeholder", "sample", "example", "same", "fake", "fake city",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> MilitaryCities = new[] { "APO", "FPO", "DPO" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> ProvinceLetters = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["NL"] = "A",
        ["NS"] = "B",
        ["PE"] = "C",
        ["NB"] = "E",
        ["QC"] = "GHJ",
        ["ON"] = "KLMNP",
        ["MB"] = "R",
        ["SK"] = "S",
        ["AB"] = "T",
        ["BC"] = "V",
        ["NT"] = "X",
        ["NU"] = "X",
        ["YT"] = "Y",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Returns null when the address is plausible, otherwise the first thing wrong with it.</summary>
    public static CheckFailure? Check(PostalAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);

        // Records built from JSON can carry nulls in non-nullable members; treat them as empty.
        var line1 = (address.Line1 ?? "").Trim();
        var line2 = (address.Line2 ?? "").Trim();
        var city = (address.City ?? "").Trim();
        var state = (address.State ?? "").Trim().ToUpperInvariant();
        var postalCode = (address.PostalCode ?? "").Trim().ToUpperInvariant();
        var country = (address.Country ?? "").Trim();

        return CheckCountry(country)
            ?? CheckShapes(line1, line2, city)
            ?? CheckPostBoxes(line1, line2)
            ?? CheckPlaceholders(line1, city)
            ?? (country == "US" || UsZipPrefixes.Territories.Contains(country)
                ? CheckUnitedStates(line1, city, state, postalCode, country)
                : CheckElsewhere(line1, state, postalCode, country));
    }

    private static CheckFailure Fail(string field, string message) => new(Cause, field, message);

    private static CheckFailure? CheckCountry(string country)
    {
        if (country.Length == 0)
        {
            return Fail("address.country", "the country is required, as an ISO 3166 alpha-2 code such as US");
        }

        if (country.Length != 2 || !char.IsAsciiLetterUpper(country[0]) || !char.IsAsciiLetterUpper(country[1]))
        {
            return Fail("address.country", "the country must be an ISO 3166 alpha-2 code in uppercase, such as US or GB");
        }

        return CountryCodes.IsAssigned(country)
            ? null
            : Fail("address.country", "the country is not an assigned ISO 3166 alpha-2 code");
    }

    private static CheckFailure? CheckShapes(string line1, string line2, string city)
    {
        if (line1.Length == 0)
        {
            return Fail("address.line1", "line 1 of the address is required");
        }

        if (line1.Length > MaxLength)
        {
            return Fail("address.line1", "line 1 of the address is longer than 100 characters");
        }

        if (!line1.Any(char.IsLetter))
        {
            return Fail("address.line1", "line 1 of the address has no letters; it needs a street name");
        }

        if (line2.Length > MaxLength)
        {
            return Fail("address.line2", "line 2 of the address is longer than 100 characters");
        }

        // Line 2 is often just a unit ("#4"), so it needs a letter or a digit rather than a letter.
        if (line2.Length > 0 && !line2.Any(char.IsLetterOrDigit))
        {
            return Fail("address.line2", "line 2 of the address has neither letters nor digits");
        }

        if (city.Length == 0)
        {
            return Fail("address.city", "the city is required");
        }

        if (city.Length > MaxLength)
        {
            return Fail("address.city", "the city is longer than 100 characters");
        }

        return city.Any(char.IsLetter) ? null : Fail("address.city", "the city has no letters");
    }

    private static CheckFailure? CheckPostBoxes(string line1, string line2)
    {
        // A rural route or a military box carries the word Box legitimately; only line 1 can be one.
        if (!RuralRoute().IsMatch(line1) && !MilitaryLine().IsMatch(line1) && PostBoxKind(line1) is { } kind1)
        {
            return Fail("address.line1", $"{kind1} is not a residential address");
        }

        return PostBoxKind(line2) is { } kind2 ? Fail("address.line2", $"{kind2} is not a residential address") : null;
    }

    private static string? PostBoxKind(string line)
    {
        if (line.Length == 0)
        {
            return null;
        }

        if (PrivateMailbox().IsMatch(line))
        {
            return "a private mailbox (PMB)";
        }

        if (GeneralDelivery().IsMatch(line))
        {
            return "general delivery";
        }

        return PostBox().IsMatch(line) || BarePostBox().IsMatch(line) ? "a PO box" : null;
    }

    private static CheckFailure? CheckPlaceholders(string line1, string city)
    {
        var folded = Placeholders.Fold(line1);
        if (Placeholders.IsPlaceholder(folded, LinePlaceholders) || PlaceholderStreet().IsMatch(folded) || Placeholders.HasJunkWord(folded))
        {
            return Fail("address.line1", "line 1 of the address looks like a placeholder, not a street address");
        }

        var foldedCity = Placeholders.Fold(city);
        return Placeholders.IsPlaceholder(foldedCity, CityPlaceholders) || Placeholders.HasJunkWord(foldedCity)
            ? Fail("address.city", "the city looks like a placeholder, not a real place")
            : null;
    }

    private static CheckFailure? CheckUnitedStates(string line1, string city, string state, string postalCode, string country)
    {
        if (country != "US")
        {
            // A territory given as the country: the state is the territory itself, or left out.
            if (state.Length == 0)
            {
                state = country;
            }
            else if (state != country)
            {
                return Fail("address.state", $"when the country is {country} the state must be {country} or empty");
            }
        }
        else if (state.Length == 0)
        {
            return Fail("address.state", "a US address needs a state, as a USPS code such as NY");
        }

        if (!UsZipPrefixes.IsState(state))
        {
            return Fail("address.state", "the state is not a USPS state, territory or military code");
        }

        var militaryCity = MilitaryCities.Contains(city.ToUpperInvariant());
        var militaryState = UsZipPrefixes.MilitaryStates.Contains(state);
        if (militaryCity || militaryState)
        {
            if (!militaryState)
            {
                return Fail("address.state", "an APO, FPO or DPO address needs state AA, AE or AP");
            }

            if (!militaryCity)
            {
                return Fail("address.city", $"state {state} is for military mail; the city must be APO, FPO or DPO");
            }

            if (!MilitaryLine().IsMatch(line1))
            {
                return Fail(
                    "address.line1",
                    "an APO, FPO or DPO address needs line 1 like 'PSC 1234 Box 5678', 'Unit 2050 Box 4190', 'CMR 450 Box 12' or a ship such as 'USS Nimitz'");
            }
        }
        else if (MilitaryLine().IsMatch(line1))
        {
            return Fail("address.city", "PSC, CMR and Unit boxes and ships are military addresses; the city must be APO, FPO or DPO");
        }
        else if (!RuralRoute().IsMatch(line1) && !NumberFirst().IsMatch(line1))
        {
            return Fail("address.line1", "line 1 of the address must start with a house number followed by the street name");
        }

        if (!UsZip().IsMatch(postalCode))
        {
            return Fail("address.postalCode", "a US postal code is 5 digits or ZIP+4, such as 12345 or 12345-6789");
        }

        var zip5 = postalCode[..5];
        if (zip5 is "00000" or "99999")
        {
            return Fail("address.postalCode", $"{zip5} is not a real ZIP code");
        }

        var prefix = int.Parse(zip5.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture);
        return UsZipPrefixes.Matches(state, prefix)
            ? null
            : Fail("address.postalCode", $"ZIP codes starting {zip5[..3]} are not in {state}, whose ZIP codes start {UsZipPrefixes.Describe(state)}");
    }

    private static CheckFailure? CheckElsewhere(string line1, string state, string postalCode, string country)
    {
        if (country == "CA" && CheckCanada(state, postalCode) is { } canada)
        {
            return canada;
        }

        var postalProblem = country switch
        {
            "CA" => null,
            "GB" => UkPostcode().IsMatch(postalCode) ? null : "a UK postcode looks like SW1A 1AA",
            "DE" => FiveDigits().IsMatch(postalCode) ? null : "a German postal code is 5 digits",
            "FR" => FiveDigits().IsMatch(postalCode) ? null : "a French postal code is 5 digits",
            "MX" => FiveDigits().IsMatch(postalCode) ? null : "a Mexican postal code is 5 digits",
            "NL" => DutchPostcode().IsMatch(postalCode) ? null : "a Dutch postcode looks like 1234 AB",
            "AU" => FourDigits().IsMatch(postalCode) ? null : "an Australian postcode is 4 digits",
            "IN" => IndianPin().IsMatch(postalCode) ? null : "an Indian PIN code is 6 digits, not starting with 0",
            "JP" => JapanesePostcode().IsMatch(postalCode) ? null : "a Japanese postal code looks like 123-4567",
            _ => postalCode.Length == 0 || GenericPostcode().IsMatch(postalCode)
                ? null
                : "a postal code is 2 to 12 letters, digits, spaces or dashes",
        };
        if (postalProblem is not null)
        {
            return Fail("address.postalCode", postalProblem);
        }

        return RuralRoute().IsMatch(line1) || NumberFirst().IsMatch(line1) || NumberLast().IsMatch(line1)
            ? null
            : Fail("address.line1", "line 1 of the address needs a house number and a street name");
    }

    private static CheckFailure? CheckCanada(string province, string postalCode)
    {
        if (!ProvinceLetters.TryGetValue(province, out var letters))
        {
            return Fail("address.state", "a Canadian address needs a province or territory code such as ON or QC");
        }

        if (!CanadianPostcode().IsMatch(postalCode))
        {
            return Fail("address.postalCode", "a Canadian postal code looks like A1A 1A1");
        }

        // The first letter of a Canadian postal code names the province (A is Newfoundland, T Alberta...).
        return letters.Contains(postalCode[0], StringComparison.Ordinal)
            ? null
            : Fail("address.postalCode", $"Canadian postal codes starting {postalCode[0]} are not in {province}");
    }

    // Box-number spellings count only when a number follows, so street names such as Boxwood or Pobox pass.
    [GeneratedRegex(@"\b(?:P(?:ost)?\.?\s*O(?:ffice)?\.?\s*B(?:ox)?|Post(?:al)?\s*Box|Lock\s*Box|Box|Postfach|Apartado(?:\s+Postal)?|Bo[iî]te\s+Postale)\.?\s*(?:#|No\.?|Number|Num\.?)?\s*[:\-]?\s*[0-9]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostBox();

    [GeneratedRegex(@"\b(?:P(?:ost)?\.?\s*O(?:ffice)?\.?\s*Box|Post(?:al)?\s*Box|Lock\s*Box)\.?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BarePostBox();

    [GeneratedRegex(@"\b(?:PMB|Private\s+Mail\s*Box)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrivateMailbox();

    [GeneratedRegex(@"\b(?:General\s+Delivery|Poste?\s+Restante)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GeneralDelivery();

    [GeneratedRegex(@"^(?:R\.?\s?R\.?|Rural\s+Route|R\.?\s?F\.?\s?D\.?|Rural\s+Free\s+Delivery|H\.?\s?C\.?|Highway\s+Contract(?:\s+Route)?|Star\s+Route)\s*#?\s*[0-9]{1,4}\s*,?\s+Box\s*#?\s*[0-9]{1,6}[A-Z]?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RuralRoute();

    [GeneratedRegex(@"^(?:(?:PSC|CMR|Unit)\s*#?\s*[0-9]{1,5}\s*,?\s+Box\s*#?\s*[0-9]{1,5}|(?:USNS|USS|USCGC)\s+\p{L}[\p{L}\s.'\-]{0,60}?(?:\s*\(\s*[A-Z]{1,5}[\s\-]?[0-9]{1,4}\s*\))?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MilitaryLine();

    // Over folded text (lowercase, punctuation as spaces): a house number followed by an obviously fake street.
    [GeneratedRegex(@"^[0-9]+[a-z]?\s+(?:fake|test|testing|asdf|qwerty|xxx|dummy|example|placeholder|none|unknown|null|abc)\b|^[0-9]+\s+(?:street|address)$", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderStreet();

    // 12, 12B, 12-14, 123-45 (Queens), 1-2-3 (Japan), 221 1/2, 221½; then a street name with a letter in it.
    [GeneratedRegex(@"^[0-9]{1,6}[A-Z]?(?:\s?[-/]\s?[0-9]{1,6}[A-Z]?)*(?:\s+[1-3]/[2-4])?[½¼¾]?\s*,?\s+(?=.*\p{L})\S.*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberFirst();

    // Hauptstraße 5, Damrak 1a, Calle Mayor, 12, Via Roma 10/B, Keizersgracht 123 A.
    [GeneratedRegex(@"^(?=.*\p{L})\S.*?\s*,?\s+[0-9]{1,6}(?:\s?[A-Z])?(?:\s?[-/]\s?(?:[0-9]{1,6}[A-Z]?|[A-Z]{1,2}))*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberLast();

    [GeneratedRegex(@"^[0-9]{5}(?:-[0-9]{4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex UsZip();

    [GeneratedRegex(@"^[0-9]{5}$", RegexOptions.CultureInvariant)]
    private static partial Regex FiveDigits();

    [GeneratedRegex(@"^[0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex FourDigits();

    [GeneratedRegex(@"^[1-9][0-9]{5}$", RegexOptions.CultureInvariant)]
    private static partial Regex IndianPin();

    [GeneratedRegex(@"^[0-9]{3}-?[0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex JapanesePostcode();

    [GeneratedRegex(@"^[1-9][0-9]{3} ?[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DutchPostcode();

    [GeneratedRegex(@"^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex CanadianPostcode();

    // Outward code (A9, A99, A9A, AA9, AA99, AA9A), optional space, inward code (9AA); GIR 0AA is the one exception.
    [GeneratedRegex(@"^(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9](?:[0-9]|[ABEHMNPRV-Y])?|[0-9][A-HJKPS-UW]) ?[0-9][ABD-HJLNP-UW-Z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex UkPostcode();

    [GeneratedRegex(@"^(?=.*[A-Z0-9])[A-Z0-9 \-]{2,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex GenericPostcode();
}
