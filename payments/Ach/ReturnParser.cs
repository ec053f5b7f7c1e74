namespace Baas.Payments.Ach;

/// <summary>Reads returns (addenda 99 in all three layouts) from entries and files.</summary>
public static class ReturnParser
{
    /// <summary>The return carried by <paramref name="entry"/>, which must have exactly one addenda 99.</summary>
    public static AchReturn Parse(EntryDetail entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var addenda = entry.Addenda.OfType<ReturnAddenda>().ToList();
        return addenda.Count == 1
            ? From(entry, addenda[0])
            : throw new NachaFormatException(0, '7', "AddendaTypeCode", $"entry {entry.TraceNumber} carries {addenda.Count} addenda 99; a return has one.");
    }

    /// <summary>Like <see cref="Parse"/>, false when the entry is not a return.</summary>
    public static bool TryParse(EntryDetail entry, out AchReturn? result)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var addenda = entry.Addenda.OfType<ReturnAddenda>().ToList();
        result = addenda.Count == 1 ? From(entry, addenda[0]) : null;
        return result is not null;
    }

    /// <summary>Every addenda 99 of the file as a return, in file order.</summary>
    public static IReadOnlyList<AchReturn> ReadAll(NachaFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return
        [
            .. from batch in file.Batches
               from entry in batch.Entries
               from addenda in entry.Addenda.OfType<ReturnAddenda>()
               select From(entry, addenda),
        ];
    }

    private static AchReturn From(EntryDetail entry, ReturnAddenda addenda)
    {
        var code = ReturnCodes.Get(addenda.ReturnReasonCode);
        var (dateOfDeath, information) = addenda switch
        {
            Addenda99 a => (a.DateOfDeath, a.AddendaInformation),
            Addenda99Dishonored d => (null, d.AddendaInformation),
            _ => ((DateOnly?)null, ""),
        };
        return new AchReturn(code, addenda.OriginalTrace, addenda.OriginalRdfiIdentification, dateOfDeath, information)
        {
            TraceNumber = entry.TraceNumber,
            AmountCents = entry.AmountCents,
            TransactionCode = entry.TransactionCode,
            Addenda = addenda,
        };
    }
}
