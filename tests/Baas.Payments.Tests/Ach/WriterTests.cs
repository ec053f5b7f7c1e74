using Baas.Payments.Ach;

namespace Baas.Payments.Tests.Ach;

public sealed class WriterTests
{
    [Fact]
    public void A_built_file_is_blocked_padded_and_reads_back_with_its_totals()
    {
        var text = AchSamples.TwoBatchBuilder().BuildText();

        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(0, lines.Length % 10);
        Assert.All(lines, l => Assert.Equal(94, l.Length));
        var fillers = lines.Reverse().TakeWhile(l => l == new string('9', 94)).Count();
        Assert.Equal(13 + fillers, lines.Length);
        Assert.InRange(fillers, 0, 9);

        var file = NachaReader.Read(new StringReader(text));
        Assert.Equal(2, file.Batches.Count);
        var control = file.Control!;
        Assert.Equal(2, control.BatchCount);
        Assert.Equal(lines.Length / 10, control.BlockCount);
        Assert.Equal(7, control.EntryAddendaCount);
        Assert.Equal(150_000 + 25_050, control.TotalCreditCents);
        Assert.Equal(1_999 + 1_000_000 + 42, control.TotalDebitCents);
        var hash = file.Batches.SelectMany(b => b.Entries).Sum(e => long.Parse(e.RdfiIdentification, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(hash % 10_000_000_000, control.EntryHash);
        Assert.Equal(
            ["231380100000001", "231380100000002", "231380100000003", "231380100000004", "231380100000005", "231380100000006"],
            file.Batches.SelectMany(b => b.Entries).Select(e => e.TraceNumber));
    }

    [Fact]
    public void The_header_takes_its_date_and_time_from_the_clock_in_eastern_time()
    {
        var file = NachaReader.Read(new StringReader(AchSamples.TwoBatchBuilder().BuildText()));

        // 14:05 UTC on 2026-03-09 is 10:05 EDT (DST began the day before).
        Assert.Equal(new DateOnly(2026, 3, 9), file.Header.FileCreationDate);
        Assert.Equal(new TimeOnly(10, 5), file.Header.FileCreationTime);
        Assert.Equal("FEDERAL RESERVE BANK", file.Header.ImmediateDestinationName);
        Assert.Equal('A', file.Header.FileIdModifier);
    }

    [Fact]
    public void Service_class_follows_the_entry_mix_and_text_is_upper_case()
    {
        var file = AchSamples.TwoBatchBuilder().Build();
        Assert.Equal(ServiceClass.Mixed, file.Batches[0].Header.ServiceClass);
        Assert.Equal(ServiceClass.DebitsOnly, file.Batches[1].Header.ServiceClass);
        Assert.Equal("JANE DOE", file.Batches[0].Entries[0].ReceiverName);
        Assert.Equal("SALARY MARCH", Assert.IsType<Addenda05>(file.Batches[0].Entries[0].Addenda[0]).PaymentRelatedInformation);

        var credits = AchSamples.Builder();
        credits.AddBatch(SecCode.Web, "P2P", "1234567890", "TRANSFER", new DateOnly(2026, 3, 10), AchSamples.SponsorBank)
            .AddEntry(TransactionCode.CheckingCredit, AchSamples.OtherBank, "1", 1, "", "A B");
        Assert.Equal(ServiceClass.CreditsOnly, credits.Build().Batches[0].Header.ServiceClass);
    }

    [Fact]
    public void Bad_entries_are_refused_with_the_field_name()
    {
        var batch = AchSamples.Builder().AddBatch(SecCode.Web, "Acme", "1234567890", "WEB PAY", new DateOnly(2026, 3, 10), AchSamples.SponsorBank, ServiceClass.CreditsOnly);

        AssertField("IndividualName", () => batch.AddEntry(TransactionCode.CheckingCredit, AchSamples.OtherBank, "1", 100, "", new string('X', 23)));
        AssertField("RdfiIdentification", () => batch.AddEntry(TransactionCode.CheckingCredit, "121042883", "1", 100, "", "A"));
        AssertField("Amount", () => batch.AddEntry(TransactionCode.CheckingCreditPrenote, AchSamples.OtherBank, "1", 100, "", "A"));
        AssertField("Amount", () => batch.AddEntry(TransactionCode.CheckingCredit, AchSamples.OtherBank, "1", 0, "", "A"));
        AssertField("Amount", () => batch.AddEntry(TransactionCode.CheckingCredit, AchSamples.OtherBank, "1", 10_000_000_000, "", "A"));
        AssertField("TransactionCode", () => batch.AddEntry(TransactionCode.CheckingReturnOrNocCredit, AchSamples.OtherBank, "1", 100, "", "A"));
        AssertField("TransactionCode", () => batch.AddEntry(TransactionCode.CheckingDebit, AchSamples.OtherBank, "1", 100, "", "A", discretionaryData: "S"));
        AssertField("IndividualName", () => batch.AddEntry(TransactionCode.CheckingCredit, AchSamples.OtherBank, "1", 100, "", "Zoë"));
        AssertField("DfiAccountNumber", () => batch.AddEntry(TransactionCode.CheckingCredit, AchSamples.OtherBank, new string('1', 18), 100, "", "A"));
        AssertField("PaymentRelatedInformation", () => batch.AddEntry(TransactionCode.CheckingCredit, AchSamples.OtherBank, "1", 100, "", "A", new string('P', 81)));

        var web = AchSamples.Builder().AddBatch(SecCode.Web, "Acme", "1234567890", "WEB PAY", new DateOnly(2026, 3, 10), AchSamples.SponsorBank);
        AssertField("PaymentTypeCode", () => web.AddEntry(TransactionCode.CheckingDebit, AchSamples.OtherBank, "1", 100, "", "A"));
        Assert.Equal("R", web.AddEntry(TransactionCode.CheckingDebit, AchSamples.OtherBank, "1", 100, "", "A", discretionaryData: "r").DiscretionaryData);

        AssertField("StandardEntryClassCode", () => AchSamples.Builder().AddBatch(SecCode.Iat, "A", "1", "B", new DateOnly(2026, 3, 10), AchSamples.SponsorBank));
        AssertField("OdfiIdentification", () => AchSamples.Builder().AddBatch(SecCode.Ppd, "A", "1", "B", new DateOnly(2026, 3, 10), "231380105"));
        AssertField("CompanyEntryDescription", () => AchSamples.Builder().AddBatch(SecCode.Ppd, "A", "1", "DESCRIPTION", new DateOnly(2026, 3, 10), AchSamples.SponsorBank));
        AssertField("ImmediateDestination", () => _ = new NachaFileBuilder("031300013", AchSamples.SponsorBank, TimeProvider.System));

        var empty = AchSamples.Builder();
        empty.AddBatch(SecCode.Ppd, "A", "1", "B", new DateOnly(2026, 3, 10), AchSamples.SponsorBank);
        AssertField("Entries", () => empty.Build());
    }

    [Fact]
    public void The_writer_refuses_a_bad_model_and_writes_nothing()
    {
        var file = AchSamples.TwoBatchBuilder().Build();
        var entry = file.Batches[0].Entries[1] with { ReceiverName = "lower case" };
        var bad = file with { Batches = [file.Batches[0] with { Entries = [file.Batches[0].Entries[0], entry] }, file.Batches[1]] };

        var output = new StringWriter();
        var error = Assert.Throws<NachaFormatException>(() => NachaWriter.Write(bad, output));
        Assert.Equal(5, error.LineNumber);
        Assert.Equal('6', error.RecordType);
        Assert.Equal("", output.ToString());

        var tooLarge = file with { Batches = [file.Batches[0] with { Entries = [file.Batches[0].Entries[0] with { AmountCents = 10_000_000_000 }] }] };
        Assert.Equal("Amount", Assert.Throws<NachaFormatException>(() => NachaWriter.WriteToString(tooLarge)).FieldName);

        var outOfOrder = file with { Batches = [file.Batches[0] with { Entries = [.. file.Batches[0].Entries.Reverse()] }] };
        Assert.Equal("TraceNumber", Assert.Throws<NachaFormatException>(() => NachaWriter.WriteToString(outOfOrder)).FieldName);
    }

    [Fact]
    public void Trace_numbers_continue_from_the_first_sequence_given()
    {
        var builder = AchSamples.Builder(firstTrace: 4200);
        var entry = builder.AddBatch(SecCode.Ppd, "A", "1", "B", new DateOnly(2026, 3, 10), AchSamples.SponsorBank)
            .AddEntry(TransactionCode.CheckingCredit, AchSamples.OtherBank, "1", 1, "", "A", "NOTE");
        Assert.Equal("231380100004200", entry.TraceNumber);
        Assert.Equal(4200, Assert.IsType<Addenda05>(entry.Addenda[0]).EntryDetailSequenceNumber);
        NachaReader.Read(new StringReader(builder.BuildText()));
    }

    private static void AssertField(string field, Action action) =>
        Assert.Equal(field, Assert.Throws<NachaFormatException>(action).FieldName);
}
