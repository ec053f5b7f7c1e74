using Baas.Payments.Ach;

namespace Baas.Payments.Tests.Ach;

/// <summary>Corrupted copies of a valid reference file are refused with the line of the fault.</summary>
public sealed class CorruptionTests
{
    // ppd-mixedDebitCredit.ach: 1 file header, 2 batch header, 3-5 entries, 6 batch control, 7 file control, 8-10 filler.
    private static readonly string[] Valid = File.ReadAllText(TestData.AchFile("ppd-mixedDebitCredit.ach")).Split('\n');

    [Fact]
    public void The_untouched_file_is_valid()
    {
        Assert.Equal(10, Valid.Length);
        NachaReader.Read(new StringReader(string.Join('\n', Valid)));
    }

    [Theory]
    [InlineData(4, 39, "1", 6, "TotalCreditEntryDollarAmount")] // a changed digit in an amount breaks the batch totals
    [InlineData(3, 39, "1", 6, "TotalDebitEntryDollarAmount")]
    [InlineData(6, 20, "1", 6, "EntryHash")] // wrong batch entry hash
    [InlineData(7, 31, "1", 7, "EntryHash")] // wrong file entry hash
    [InlineData(3, 12, "5", 3, "CheckDigit")] // wrong RDFI check digit
    [InlineData(3, 35, "O", 3, "Amount")] // letter in a numeric field
    [InlineData(6, 10, "4", 6, "EntryAddendaCount")]
    [InlineData(7, 7, "2", 7, "BatchCount")]
    [InlineData(7, 13, "2", 7, "BlockCount")]
    [InlineData(7, 55, "1", 7, "TotalCreditEntryDollarAmount")]
    [InlineData(2, 3, "2", 3, "TransactionCode")] // 220 credits-only batch holding a debit
    [InlineData(2, 51, "XYZ", 2, "StandardEntryClassCode")]
    [InlineData(2, 70, "191332", 2, "EffectiveEntryDate")]
    [InlineData(3, 79, "1", 3, "AddendaRecordIndicator")]
    [InlineData(3, 80, "9", 3, "TraceNumber")] // trace does not start with the ODFI
    [InlineData(1, 13, "3", 1, "ImmediateDestination")]
    [InlineData(1, 35, "095", 1, "RecordSize")]
    [InlineData(6, 88, "0000002", 6, "BatchNumber")]
    [InlineData(6, 80, "12104289", 6, "OdfiIdentification")]
    [InlineData(6, 45, "9", 6, "CompanyIdentification")]
    public void A_changed_field_is_refused_at_its_line(int line, int position, string replacement, int expectedLine, string expectedField)
    {
        var error = Read(Mutate(Valid, line, position, replacement));
        Assert.Equal(expectedLine, error.LineNumber);
        Assert.Equal(expectedField, error.FieldName);
        Assert.Contains($"line {expectedLine}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_record_is_refused_at_its_line()
    {
        var lines = (string[])Valid.Clone();
        lines[3] = lines[3][..60];
        var error = Read(lines);
        Assert.Equal(4, error.LineNumber);
        Assert.Equal('6', error.RecordType);
        Assert.Contains("60 characters", error.Message, StringComparison.Ordinal);

        lines[3] = Valid[3][..60];
        var padded = NachaReader.Read(new StringReader(string.Join('\n', Valid.Select((l, i) => i == 5 ? l.TrimEnd() : l))), new NachaReadOptions { AllowTrimmedRecords = true });
        Assert.Single(padded.Batches);
        var stillBad = Assert.Throws<NachaFormatException>(() => NachaReader.Read(new StringReader(string.Join('\n', lines)), new NachaReadOptions { AllowTrimmedRecords = true }));
        Assert.Equal(4, stillBad.LineNumber);
    }

    [Fact]
    public void A_record_longer_than_94_characters_is_refused()
    {
        var lines = (string[])Valid.Clone();
        lines[2] += "X";
        Assert.Equal(3, Read(lines).LineNumber);
    }

    [Fact]
    public void Missing_controls_are_refused_where_they_belong()
    {
        var noBatchControl = Valid.Where((_, i) => i != 5).ToArray();
        var error = Read(noBatchControl);
        Assert.Equal(6, error.LineNumber);
        Assert.Equal('9', error.RecordType);

        var noFileControl = Valid.Where((_, i) => i != 6).ToArray();
        error = Read(noFileControl);
        Assert.Equal(7, error.LineNumber);
        Assert.Contains("file control record is missing", error.Message, StringComparison.Ordinal);

        var endsAfterBatch = Valid.Take(6).ToArray();
        error = Read(endsAfterBatch);
        Assert.Equal(7, error.LineNumber);
        Assert.Equal('9', error.RecordType);

        var endsInBatch = Valid.Take(4).ToArray();
        error = Read(endsInBatch);
        Assert.Equal(5, error.LineNumber);
        Assert.Equal('8', error.RecordType);

        error = Read(Valid.Skip(1).ToArray());
        Assert.Equal(1, error.LineNumber);
        Assert.Equal("RecordTypeCode", error.FieldName);
    }

    [Fact]
    public void Records_out_of_order_are_refused()
    {
        var swapped = (string[])Valid.Clone();
        (swapped[3], swapped[4]) = (swapped[4], swapped[3]);
        var error = Read(swapped);
        Assert.Equal(5, error.LineNumber);
        Assert.Equal("TraceNumber", error.FieldName);

        var addendaFirst = Valid.Take(2).Append("705" + new string(' ', 80) + "00010000001").Concat(Valid.Skip(2)).ToArray();
        Assert.Equal(3, Read(addendaFirst).LineNumber);

        var trailing = Valid.Append(Valid[2]).ToArray();
        Assert.Equal(11, Read(trailing).LineNumber);

        var blankLine = Valid.Take(3).Append("").Concat(Valid.Skip(3)).ToArray();
        Assert.Equal(4, Read(blankLine).LineNumber);
    }

    [Fact]
    public void Padding_is_required_unless_relaxed()
    {
        var unpadded = Valid.Take(7).ToArray();
        var blocks = Mutate(unpadded, 7, 8, "000001");
        var error = Read(blocks);
        Assert.Equal("BlockCount", error.FieldName);
        Assert.Equal(7, error.LineNumber);

        var file = NachaReader.Read(new StringReader(string.Join('\n', blocks)), new NachaReadOptions { AllowMissingBlockPadding = true });
        Assert.Equal(1, file.Control!.BlockCount);

        var tooMuch = Valid.Concat(Enumerable.Repeat(NachaRecords.FillerRecord, 10)).ToArray();
        Assert.Contains("filler", Read(Mutate(tooMuch, 7, 8, "000002")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crlf_line_endings_need_their_relaxation()
    {
        var text = string.Join("\r\n", Valid) + "\r\n";
        var error = Assert.Throws<NachaFormatException>(() => NachaReader.Read(new StringReader(text)));
        Assert.Equal(1, error.LineNumber);
        Assert.Contains("AllowLineEndingsVariants", error.Message, StringComparison.Ordinal);

        var file = NachaReader.Read(new StringReader(text), new NachaReadOptions { AllowLineEndingsVariants = true });
        Assert.Equal(3, file.Batches[0].Entries.Count);
    }

    [Fact]
    public void Check_digits_can_be_skipped_for_test_files()
    {
        var lines = Mutate(Valid, 3, 12, "5");
        var file = NachaReader.Read(new StringReader(string.Join('\n', lines)), new NachaReadOptions { SkipRoutingCheckDigit = true });
        Assert.Equal('5', file.Batches[0].Entries[0].CheckDigit);
    }

    [Fact]
    public void A_prenote_with_an_amount_and_a_non_printable_character_are_refused()
    {
        var dne = File.ReadAllText(TestData.AchFile("dne-read.ach")).Split('\n');
        var error = Read(Mutate(dne, 3, 39, "1"));
        Assert.Equal(3, error.LineNumber);
        Assert.Equal("Amount", error.FieldName);

        error = Read(Mutate(Valid, 3, 60, "\t"));
        Assert.Equal(3, error.LineNumber);
        Assert.Contains("0x09", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Addenda_rules_are_checked()
    {
        var web = File.ReadAllText(TestData.AchFile("web-credit.ach")).Split('\n');

        // The addenda 05 must repeat the entry's sequence number.
        var error = Read(Mutate(web, 4, 94, "2"));
        Assert.Equal(4, error.LineNumber);
        Assert.Equal("EntryDetailSequenceNumber", error.FieldName);

        // A second addenda 05 on a WEB entry.
        var twice = web.Take(4).Append(web[3][..83] + "0002" + web[3][87..]).Concat(web.Skip(4)).ToArray();
        twice = Mutate(twice, 6, 10, "3");
        twice = Mutate(twice, 7, 21, "3");
        Assert.Equal(5, Read(twice).LineNumber);

        // An addenda type the SEC code does not allow: the POS terminal addenda under a PPD header.
        var pos = File.ReadAllText(TestData.AchFile("pos-debit.ach")).Split('\n');
        error = Read(Mutate(pos, 2, 51, "PPD"));
        Assert.Equal(4, error.LineNumber);
        Assert.Equal("AddendaTypeCode", error.FieldName);
    }

    internal static string[] Mutate(string[] lines, int line, int position, string replacement)
    {
        var copy = (string[])lines.Clone();
        var text = copy[line - 1];
        copy[line - 1] = string.Concat(text.AsSpan(0, position - 1), replacement, text.AsSpan(position - 1 + replacement.Length));
        return copy;
    }

    private static NachaFormatException Read(string[] lines) =>
        Assert.Throws<NachaFormatException>(() => NachaReader.Read(new StringReader(string.Join('\n', lines))));
}
