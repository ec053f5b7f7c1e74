using System.Xml;

namespace Baas.Compliance.Filing;

/// <summary>
/// What the SAR and CTR batch writers share: the transmitter, the clock, the two ways to write a batch, the
/// checking first pass (the batch is written to nowhere first, which checks every filing and counts the header
/// attributes written at the top, so a refused batch writes nothing), and the transmitter's two parties.
/// </summary>
/// <typeparam name="TFiling">The filing the batch holds.</typeparam>
public abstract class EFilingBatchWriter<TFiling>
    where TFiling : class
{
    /// <summary>Creates a writer for batches sent by <paramref name="transmitter"/>.</summary>
    protected EFilingBatchWriter(FilingTransmitter transmitter, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(transmitter);
        Transmitter = transmitter;
        Time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Who sends the batches.</summary>
    protected FilingTransmitter Transmitter { get; }

    /// <summary>The clock of the filing date.</summary>
    protected TimeProvider Time { get; }

    /// <summary>Writes the batch as UTF-8 to <paramref name="output"/> (left open) and returns what was written.</summary>
    public FilingBatchSummary Write(Stream output, IReadOnlyList<TFiling> filings)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Write(settings => XmlWriter.Create(output, settings), filings);
    }

    /// <summary>Writes the batch to <paramref name="output"/> (left open) and returns what was written.</summary>
    public FilingBatchSummary Write(TextWriter output, IReadOnlyList<TFiling> filings)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Write(settings => XmlWriter.Create(output, settings), filings);
    }

    /// <summary>Writes the whole batch; <paramref name="header"/> is null on the checking pass and the counts of that pass after.</summary>
    protected abstract FilingBatchSummary WriteBatch(XmlWriter xml, IReadOnlyList<TFiling> filings, DateOnly today, FilingBatchSummary? header);

    /// <summary>The transmitter (35) and transmitter contact (37) parties every activity starts with.</summary>
    private protected void WriteTransmitter(EFilingXmlWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        const string at = "transmitter";
        var tin = FilingText.Digits(Transmitter.Tin, 9, 9, $"{at}.Tin");
        var tcc = FilingText.Required(Transmitter.TransmitterControlCode, 25, $"{at}.TransmitterControlCode");

        w.Start("Party");
        w.Value("ActivityPartyTypeCode", "35");
        EFilingParts.FullName(w, Transmitter.LegalName, $"{at}.LegalName");
        EFilingParts.Address(w, Transmitter.Address ?? FilingText.Fail<FilingAddress>($"{at}.Address", "is required"), $"{at}.Address");
        EFilingParts.Phone(w, Transmitter.Phone, $"{at}.Phone");
        EFilingParts.Identification(w, EFilingParts.TinCode, tin);
        EFilingParts.Identification(w, EFilingParts.TransmitterControlCode, tcc);
        w.End();

        w.Start("Party");
        w.Value("ActivityPartyTypeCode", "37");
        EFilingParts.FullName(w, Transmitter.ContactName, $"{at}.ContactName");
        w.End();
    }

    private FilingBatchSummary Write(Func<XmlWriterSettings, XmlWriter> create, IReadOnlyList<TFiling> filings)
    {
        ArgumentNullException.ThrowIfNull(filings);
        if (filings.Count == 0)
        {
            FilingText.Fail(nameof(filings), "must hold at least one filing");
        }

        var today = DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
        FilingBatchSummary counted;
        using (var nowhere = XmlWriter.Create(Stream.Null, EFilingXmlWriter.Settings))
        {
            counted = WriteBatch(nowhere, filings, today, header: null);
        }

        using var xml = create(EFilingXmlWriter.Settings);
        return WriteBatch(xml, filings, today, counted);
    }
}
