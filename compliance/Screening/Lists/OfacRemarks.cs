namespace Baas.Compliance.Screening.Lists;

/// <summary>
/// What an OFAC Remarks field carries, parsed from its <c>; </c>-separated parts: weak aliases (<c>a.k.a. '...'</c>),
/// dates and places of birth, nationality and citizenship, gender, and identifiers (passport, national ID,
/// tax and registration numbers, <c>Digital Currency Address - XBT ...</c>, vessel and aircraft numbers, e-mail).
/// The caller passes the remark already joined with its <c>sdn_comments.csv</c> continuation.
/// </summary>
internal sealed class OfacRemarks
{
    private static readonly string[] ValueEnds = [" (", " issued", " Issued", " expires", " Expires", " expired", " Expired", " valid", " Valid", ", "];

    public List<string> WeakAliases { get; } = [];

    public List<DateOfBirth> DatesOfBirth { get; } = [];

    public List<string> PlacesOfBirth { get; } = [];

    public List<string> Nationalities { get; } = [];

    public List<string> Citizenships { get; } = [];

    public List<EntryIdentifier> Identifiers { get; } = [];

    public string? Gender { get; private set; }

    public static OfacRemarks Parse(string remarks)
    {
        var result = new OfacRemarks();
        foreach (var raw in remarks.Split(';'))
        {
            var part = raw.Trim();
            if (part.StartsWith("alt. ", StringComparison.OrdinalIgnoreCase))
            {
                part = part[5..].TrimStart();
            }

            if (part.Length == 0)
            {
                continue;
            }

            if (TryAlias(part, out var alias))
            {
                result.WeakAliases.Add(alias);
            }
            else if (part.StartsWith("DOB ", StringComparison.Ordinal))
            {
                if (DateOfBirth.ParseOfac(part[4..]) is { } dob)
                {
                    result.DatesOfBirth.Add(dob);
                }
            }
            else if (part.StartsWith("POB ", StringComparison.Ordinal))
            {
                result.PlacesOfBirth.Add(TrimEnd(part[4..]));
            }
            else if (part.StartsWith("nationality ", StringComparison.Ordinal))
            {
                result.Nationalities.Add(TrimEnd(part[12..]));
            }
            else if (part.StartsWith("citizen ", StringComparison.Ordinal))
            {
                result.Citizenships.Add(TrimEnd(part[8..]));
            }
            else if (part.StartsWith("Gender ", StringComparison.Ordinal))
            {
                result.Gender = TrimEnd(part[7..]);
            }
            else if (TryIdentifier(part) is { } identifier)
            {
                result.Identifiers.Add(identifier);
            }
        }

        return result;
    }

    /// <summary><c>a.k.a. 'NAME'</c> (also f.k.a., n.k.a.); the name may itself hold apostrophes (<c>'Abu Haza''</c>).</summary>
    private static bool TryAlias(string part, out string alias)
    {
        alias = "";
        if (!(part.StartsWith("a.k.a.", StringComparison.OrdinalIgnoreCase)
            || part.StartsWith("f.k.a.", StringComparison.OrdinalIgnoreCase)
            || part.StartsWith("n.k.a.", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var body = part[6..].Trim().TrimEnd('.');
        var first = body.IndexOf('\'', StringComparison.Ordinal);
        var last = body.LastIndexOf('\'');
        alias = first >= 0 && last > first ? body[(first + 1)..last].Trim() : body.Trim('\'', ' ');
        return alias.Length > 0;
    }

    private static EntryIdentifier? TryIdentifier(string part)
    {
        const string DigitalCurrency = "Digital Currency Address - ";
        if (part.StartsWith(DigitalCurrency, StringComparison.Ordinal))
        {
            var rest = TrimEnd(part[DigitalCurrency.Length..]);
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                return null;
            }

            var address = rest[(space + 1)..].Trim();
            var cut = address.IndexOf(' ', StringComparison.Ordinal);
            if (cut > 0)
            {
                address = address[..cut];
            }

            return address.Length == 0 ? null : new EntryIdentifier(IdentifierKind.DigitalCurrencyAddress, DigitalCurrency + rest[..space], address, null);
        }

        const string Imo = "Vessel Registration Identification IMO ";
        if (part.StartsWith(Imo, StringComparison.Ordinal))
        {
            return new EntryIdentifier(IdentifierKind.VesselOrAircraft, "IMO", TrimEnd(part[Imo.Length..]), null);
        }

        foreach (var known in (string[])["Email Address ", "MMSI ", "Vessel Registration Identification "])
        {
            if (part.StartsWith(known, StringComparison.Ordinal))
            {
                var label = known.TrimEnd();
                var value = TrimEnd(part[known.Length..]);
                return value.Length == 0 ? null : new EntryIdentifier(IdentifierLabels.Classify(label), label, value, null);
            }
        }

        // Generic "<label> <value>[ (<country>)][ issued ...]": the value starts at the first word holding a digit.
        var words = part.Split(' ');
        var start = -1;
        for (var i = 1; i < words.Length; i++)
        {
            if (words[i].Any(char.IsDigit))
            {
                start = i;
                break;
            }
        }

        if (start < 1)
        {
            return null;
        }

        // A short capitalised prefix belongs to the number: "Passport RL 1794375", "Registration ID HRB 12345".
        while (start > 1 && IsNumberPrefix(words[start - 1]))
        {
            start--;
        }

        var labelText = string.Join(' ', words[..start]).TrimEnd(':');
        if (part.StartsWith("Linked To", StringComparison.Ordinal) || !IdentifierLabels.LooksLikeIdentifierLabel(labelText))
        {
            return null;
        }

        var tail = string.Join(' ', words[start..]);
        var end = tail.Length;
        foreach (var marker in ValueEnds)
        {
            var at = tail.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0 && at < end)
            {
                end = at;
            }
        }

        var valueText = TrimEnd(tail[..end]);
        string? country = null;
        var open = tail.IndexOf(" (", end, StringComparison.Ordinal);
        if (open == end)
        {
            var close = tail.IndexOf(')', open);
            if (close > open)
            {
                country = tail[(open + 2)..close].Trim();
            }
        }

        return valueText.Length == 0 ? null : new EntryIdentifier(IdentifierLabels.Classify(labelText), labelText, valueText, country);
    }

    private static bool IsNumberPrefix(string word) =>
        word.Length is > 0 and <= 4 && char.IsAsciiLetterUpper(word[0]) && word.All(c => char.IsAsciiLetterUpper(c) || c == '-')
        && word is not ("ID" or "NIT" or "RUC" or "RIF" or "RTN" or "SSN" or "MMSI" or "CURP" or "RFC" or "USCC");

    private static string TrimEnd(string value) => value.Trim().TrimEnd('.', ',').Trim();
}
