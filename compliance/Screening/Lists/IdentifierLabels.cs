namespace Baas.Compliance.Screening.Lists;

/// <summary>Sorts an identifier's label (<c>Cedula No.</c>, <c>Tax ID No.</c>, <c>Aircraft Tail Number</c>) into an <see cref="IdentifierKind"/>.</summary>
internal static class IdentifierLabels
{
    private static readonly (string Word, IdentifierKind Kind)[] Keywords =
    [
        ("Digital Currency", IdentifierKind.DigitalCurrencyAddress),
        ("Email", IdentifierKind.Email),
        ("Phone", IdentifierKind.Phone),
        ("Telephone", IdentifierKind.Phone),
        ("Fax", IdentifierKind.Phone),
        ("Aircraft", IdentifierKind.VesselOrAircraft),
        ("Vessel", IdentifierKind.VesselOrAircraft),
        ("IMO", IdentifierKind.VesselOrAircraft),
        ("MMSI", IdentifierKind.VesselOrAircraft),
        ("Call Sign", IdentifierKind.VesselOrAircraft),
        ("Passport", IdentifierKind.Passport),
        ("pasaporte", IdentifierKind.Passport),
        ("passeport", IdentifierKind.Passport),
        ("Travel Document", IdentifierKind.Passport),
        ("Electoral", IdentifierKind.NationalId),
        ("Driver", IdentifierKind.NationalId),
        ("Tax", IdentifierKind.TaxId),
        ("V.A.T.", IdentifierKind.TaxId),
        ("VAT", IdentifierKind.TaxId),
        ("NIT", IdentifierKind.TaxId),
        ("RUC", IdentifierKind.TaxId),
        ("R.F.C.", IdentifierKind.TaxId),
        ("RFC", IdentifierKind.TaxId),
        ("RIF", IdentifierKind.TaxId),
        ("C.U.I.T.", IdentifierKind.TaxId),
        ("C.U.I.", IdentifierKind.TaxId),
        ("RTN", IdentifierKind.TaxId),
        ("FEIN", IdentifierKind.TaxId),
        ("Fiscal", IdentifierKind.TaxId),
        ("Registration", IdentifierKind.Registration),
        ("C.R.", IdentifierKind.Registration),
        ("Incorporation", IdentifierKind.Registration),
        ("Registry", IdentifierKind.Registration),
        ("Company", IdentifierKind.Registration),
        ("License", IdentifierKind.Registration),
        ("Licence", IdentifierKind.Registration),
        ("Gazette", IdentifierKind.Registration),
        ("Folio", IdentifierKind.Registration),
        ("Matricula", IdentifierKind.Registration),
        ("Enterprise", IdentifierKind.Registration),
        ("Business", IdentifierKind.Registration),
        ("Legal Entity", IdentifierKind.Registration),
        ("LE Number", IdentifierKind.Registration),
        ("Charity", IdentifierKind.Registration),
        ("Branch", IdentifierKind.Registration),
        ("File Number", IdentifierKind.Registration),
        ("Chamber", IdentifierKind.Registration),
        ("Social Credit", IdentifierKind.Registration),
        ("National", IdentifierKind.NationalId),
        ("Identification", IdentifierKind.NationalId),
        ("Identity", IdentifierKind.NationalId),
        ("ID", IdentifierKind.NationalId),
        ("Cedula", IdentifierKind.NationalId),
        ("D.N.I.", IdentifierKind.NationalId),
        ("C.U.R.P.", IdentifierKind.NationalId),
        ("CURP", IdentifierKind.NationalId),
        ("SSN", IdentifierKind.NationalId),
        ("Card", IdentifierKind.NationalId),
        ("I.F.E.", IdentifierKind.NationalId),
        ("Residency", IdentifierKind.NationalId),
        ("Birth Certificate", IdentifierKind.NationalId),
        ("C.U.I.P.", IdentifierKind.NationalId),
    ];

    private static readonly string[] NotIdentifierWords = ["Model", "Date", "Operator", "Year", "Order", "Tonnage", "Sanctions", "sanctions", "Directive", "Section", "section"];

    /// <summary>Words that make a label an identifier label when the list does not use a known one.</summary>
    private static readonly string[] IdentifierWords = ["No.", "No", "Number", "#", "ID", "Passport", "Card", "Code", "Identification", "MMSI", "IMO", "Address"];

    public static IdentifierKind Classify(string label)
    {
        foreach (var (word, kind) in Keywords)
        {
            var at = label.IndexOf(word, StringComparison.Ordinal);
            while (at >= 0)
            {
                var before = at == 0 || !char.IsLetter(label[at - 1]);
                var end = at + word.Length;
                var after = end >= label.Length || !char.IsLetter(label[end]);
                if (before && after)
                {
                    return kind;
                }

                at = label.IndexOf(word, at + 1, StringComparison.Ordinal);
            }
        }

        return IdentifierKind.Other;
    }

    /// <summary>Whether a label that is not in the known table still reads like an identifier's label.</summary>
    public static bool LooksLikeIdentifierLabel(string label)
    {
        var words = label.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            // "Aircraft Model A319", "Organization Established Date 25 Sep 2018", "Executive Order 13846 ...".
            if (Array.IndexOf(NotIdentifierWords, word.Trim('(', ')', ':')) >= 0)
            {
                return false;
            }
        }

        foreach (var word in words)
        {
            if (Array.IndexOf(IdentifierWords, word.Trim('(', ')')) >= 0)
            {
                return true;
            }
        }

        return Classify(label) != IdentifierKind.Other;
    }
}
