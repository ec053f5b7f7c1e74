namespace Baas.Payments.Ach;

/// <summary>Reads notifications of change (addenda 98) and splits their corrected data by change code.</summary>
public static class NocParser
{
    /// <summary>The notification carried by a COR entry.</summary>
    public static Correction Parse(EntryDetail entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var addenda = entry.Addenda.OfType<ChangeAddenda>().ToList();
        if (addenda.Count != 1)
        {
            throw new NachaFormatException(0, '7', "AddendaTypeCode", $"entry {entry.TraceNumber} carries {addenda.Count} addenda 98; a notification of change has one.");
        }

        return From(entry, addenda[0]);
    }

    /// <summary>Every notification of change in the file, in file order.</summary>
    public static IReadOnlyList<Correction> ReadAll(NachaFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return
        [
            .. from batch in file.Batches
               from entry in batch.Entries
               from addenda in entry.Addenda.OfType<ChangeAddenda>()
               select From(entry, addenda),
        ];
    }

    /// <summary>
    /// Splits <paramref name="correctedData"/> for <paramref name="changeCode"/>. Layouts: C03 routing (1-9) and account
    /// (13-29); C06 account (1-17) and transaction code (21-22); C07 routing (1-9), account (10-26), transaction code (27-28);
    /// C12 company name (1-16) then company identification. Transaction codes are accepted anywhere after the account,
    /// because generators right-align them.
    /// </summary>
    public static IReadOnlyList<CorrectedField> ParseCorrectedData(string changeCode, string correctedData)
    {
        ArgumentNullException.ThrowIfNull(correctedData);
        var code = NocCodes.TryGet(changeCode, out var c) && !c.IsRefusal
            ? c
            : throw new NachaFormatException(0, '7', "ChangeCode", $"'{changeCode}' is not a change code C01-C14.");
        var data = correctedData.PadRight(29);
        return code.Code switch
        {
            "C01" => [Account(data[..17])],
            "C02" => [Routing(data[..9])],
            "C03" => [Routing(data[..9]), Account(data[9..])],
            "C04" => [Required(NocField.Name, data[..22])],
            "C05" => [TransactionCode(data[..2])],
            "C06" => [Account(data[..17]), TransactionCode(data[17..])],
            "C07" => [Routing(data[..9]), Account(data[9..26]), TransactionCode(data[26..])],
            "C08" => [Required(NocField.ReceivingDfiIdentification, data)],
            "C09" => [Required(NocField.IndividualId, data[..22])],
            "C10" => [Required(NocField.CompanyName, data[..16])],
            "C11" => [Required(NocField.CompanyIdentification, data[..10])],
            "C12" => [Required(NocField.CompanyName, data[..16]), Required(NocField.CompanyIdentification, data[16..])],
            "C13" => [new CorrectedField(NocField.AddendaFormat, data.Trim())],
            _ => [Required(NocField.SecCode, data)],
        };
    }

    private static Correction From(EntryDetail entry, ChangeAddenda addenda)
    {
        var (code, refused, changeCode) = addenda switch
        {
            Addenda98Refused r => (NocCodes.Get(r.RefusedChangeCode), NocCodes.Get(r.ChangeCode), r.ChangeCode),
            Addenda98 a => (NocCodes.Get(a.ChangeCode), (NocCode?)null, a.ChangeCode),
            _ => throw new NachaFormatException(0, '7', "AddendaTypeCode", "unknown addenda 98 layout."),
        };
        return new Correction(code, addenda.OriginalTrace, addenda.CorrectedData, ParseCorrectedData(changeCode, addenda.CorrectedData))
        {
            OriginalRdfi = addenda.OriginalRdfiIdentification,
            TraceNumber = entry.TraceNumber,
            RefusedNotificationCode = refused,
        };
    }

    private static CorrectedField Required(NocField field, string text)
    {
        var value = text.Trim();
        return value.Length > 0
            ? new CorrectedField(field, value)
            : throw new NachaFormatException(0, '7', "CorrectedData", $"the corrected {field} is blank.");
    }

    private static CorrectedField Account(string text) => Required(NocField.AccountNumber, text);

    private static CorrectedField Routing(string text)
    {
        var value = text.Trim();
        return Ach.RoutingNumber.IsValid(value)
            ? new CorrectedField(NocField.RoutingNumber, value)
            : throw new NachaFormatException(0, '7', "CorrectedData", $"'{value}' is not a routing number with a valid check digit.");
    }

    private static CorrectedField TransactionCode(string text)
    {
        var value = text.Trim();
        return value.Length == 2 && Ach.RoutingNumber.IsDigits(value) && TransactionCodes.IsDefined(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture))
            ? new CorrectedField(NocField.TransactionCode, value)
            : throw new NachaFormatException(0, '7', "CorrectedData", $"'{value}' is not a transaction code.");
    }
}
