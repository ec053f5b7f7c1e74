using Baas.Payments.Ach;

namespace Baas.Payments.Tests.Ach;

public sealed class ReferenceFileTests
{
    /// <summary>
    /// The reference files that are not strictly valid, with the relaxations each needs and why. Every other file in the
    /// directory must read with the strict default.
    /// </summary>
    private static readonly Dictionary<string, (NachaReadOptions Options, string Why)> Relaxed = new(StringComparer.Ordinal)
    {
        ["cie-credit.ach"] = (new NachaReadOptions { AllowTrimmedRecords = true },
            "the file control record has its trailing blanks stripped (55 characters)"),
        ["contested-return.ach"] = (new NachaReadOptions { AllowZeroEffectiveEntryDate = true, AllowAddendaTraceMismatch = true, AllowMultipleReturnAddenda = true },
            "effective date 000000; one entry chains three addenda 99 (R07 return, R68 dishonor, R71 contest) whose trace numbers are not the entry's"),
        ["dishonored-return.ach"] = (new NachaReadOptions { AllowZeroEffectiveEntryDate = true },
            "effective date 000000 in the return batch header"),
        ["cor-read.ach"] = (new NachaReadOptions { AllowAddendaTraceMismatch = true },
            "the addenda 98 trace number (091012980000088) is not the COR entry's (121042880000001)"),
        ["iat-mixedCreditDebit.ach"] = (new NachaReadOptions { AllowIatAddendaCountOfMandatoryOnly = true },
            "the entries declare 0007 addenda but carry nine (10-16 plus 17 and 18)"),
    };

    public static TheoryData<string> Files() => [.. TestData.AchFileNames()];

    [Fact]
    public void The_reference_directory_has_the_29_files()
    {
        Assert.Equal(29, TestData.AchFileNames().Count());
        Assert.All(Relaxed.Keys, name => Assert.Contains(name, TestData.AchFileNames()));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_reference_file_reads_and_its_controls_match_what_the_reader_computes(string name)
    {
        var file = NachaReader.Read(TestData.AchFile(name), OptionsFor(name));

        Assert.NotEmpty(file.Batches);
        var control = Assert.IsType<FileControl>(file.Control);
        var computed = file.ComputeControl();
        Assert.Equal(control.BatchCount, computed.BatchCount);
        Assert.Equal(control.BlockCount, computed.BlockCount);
        Assert.Equal(control.EntryAddendaCount, computed.EntryAddendaCount);
        Assert.Equal(control.EntryHash, computed.EntryHash);
        Assert.Equal(control.TotalDebitCents, computed.TotalDebitCents);
        Assert.Equal(control.TotalCreditCents, computed.TotalCreditCents);
        foreach (var batch in file.Batches)
        {
            var declared = Assert.IsType<BatchControl>(batch.Control);
            var mine = batch.ComputeControl();
            Assert.Equal(declared.EntryAddendaCount, mine.EntryAddendaCount);
            Assert.Equal(declared.EntryHash, mine.EntryHash);
            Assert.Equal(declared.TotalDebitCents, mine.TotalDebitCents);
            Assert.Equal(declared.TotalCreditCents, mine.TotalCreditCents);
            Assert.Equal(declared.ServiceClass, batch.Header.ServiceClass);
        }

        var lines = File.ReadAllText(TestData.AchFile(name)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(control.BlockCount * NachaFile.BlockingFactor, lines.Length);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Relaxed_files_fail_strictly_and_need_every_relaxation_they_name(string name)
    {
        if (!Relaxed.TryGetValue(name, out var relaxed))
        {
            NachaReader.Read(TestData.AchFile(name));
            return;
        }

        Assert.False(string.IsNullOrWhiteSpace(relaxed.Why));
        Assert.Throws<NachaFormatException>(() => NachaReader.Read(TestData.AchFile(name)));
        foreach (var without in WithoutEachRelaxation(relaxed.Options))
        {
            Assert.Throws<NachaFormatException>(() => NachaReader.Read(TestData.AchFile(name), without));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_record_formats_back_to_the_same_94_characters(string name)
    {
        var file = NachaReader.Read(TestData.AchFile(name), OptionsFor(name));
        var expected = File.ReadAllText(TestData.AchFile(name))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.PadRight(NachaFile.RecordLength))
            .ToList();

        var actual = new List<string> { NachaRecords.Format(file.Header, 1) };
        foreach (var batch in file.Batches)
        {
            actual.Add(NachaRecords.Format(batch.Header, 0));
            foreach (var entry in batch.Entries)
            {
                actual.Add(NachaRecords.Format(entry, batch.Header.SecCode, 0));
                actual.AddRange(entry.Addenda.Select(a => NachaRecords.Format(a, 0)));
            }

            actual.Add(NachaRecords.Format(batch.Control!, 0));
        }

        actual.Add(NachaRecords.Format(file.Control!, file.IsAdvice, 0));
        while (actual.Count < expected.Count)
        {
            actual.Add(NachaRecords.FillerRecord);
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_ppd_mixed_file_reads_to_the_expected_model()
    {
        var file = NachaReader.Read(TestData.AchFile("ppd-mixedDebitCredit.ach"));

        Assert.Equal("231380104", file.Header.ImmediateDestination);
        Assert.Equal("0121042882", file.Header.ImmediateOrigin);
        Assert.Equal(new DateOnly(2019, 7, 18), file.Header.FileCreationDate);
        Assert.Equal(new TimeOnly(10, 55), file.Header.FileCreationTime);
        var batch = Assert.Single(file.Batches);
        Assert.Equal(ServiceClass.Mixed, batch.Header.ServiceClass);
        Assert.Equal(SecCode.Ppd, batch.Header.SecCode);
        Assert.Equal("REG.SALARY", batch.Header.CompanyEntryDescription);
        Assert.Equal(new DateOnly(2019, 7, 19), batch.Header.EffectiveEntryDate);
        Assert.Collection(
            batch.Entries,
            e =>
            {
                Assert.Equal(TransactionCode.CheckingDebit, e.TransactionCode);
                Assert.Equal("231380104", e.RdfiRoutingNumber);
                Assert.Equal("123456789", e.DfiAccountNumber);
                Assert.Equal(200_000_000, e.AmountCents);
                Assert.Equal("Debit Account", e.ReceiverName);
                Assert.Equal("121042880000001", e.TraceNumber);
            },
            e => Assert.Equal(TransactionCode.CheckingCredit, e.TransactionCode),
            e => Assert.Equal("Credit Account 2", e.ReceiverName));
        Assert.Equal(69414030, batch.Control!.EntryHash);
    }

    [Fact]
    public void Iat_and_adv_layouts_are_read_field_by_field()
    {
        var iat = NachaReader.Read(TestData.AchFile("iat-mixedCreditDebit.ach"), OptionsFor("iat-mixedCreditDebit.ach"));
        var batch = Assert.Single(iat.Batches);
        Assert.Equal("CAD", batch.Header.Iat!.OriginatingCurrencyCode);
        Assert.Equal("US", batch.Header.Iat.DestinationCountryCode);
        Assert.Equal("123456789", batch.Header.CompanyIdentification);
        var entry = batch.Entries[0];
        Assert.Equal(7, entry.DeclaredAddendaCount);
        Assert.Equal(9, entry.Addenda.Count);
        Assert.Equal("123456789", entry.DfiAccountNumber);
        Assert.Equal(100_000, Assert.IsType<Addenda10>(entry.Addenda[0]).ForeignPaymentAmount);
        Assert.Equal("BEK Enterprises", ((Addenda10)entry.Addenda[0]).ReceiverName);
        Assert.Equal("231380104", Assert.IsType<Addenda13>(entry.Addenda[3]).Identification);
        Assert.Equal("FR", Assert.IsType<Addenda18>(entry.Addenda[8]).BranchCountryCode);
        Assert.Equal(100_000, batch.Control!.TotalDebitCents);
        Assert.Equal(100_000, batch.Control.TotalCreditCents);

        var adv = NachaReader.Read(TestData.AchFile("adv-read.ach"));
        Assert.True(adv.IsAdvice);
        var advBatch = Assert.Single(adv.Batches);
        Assert.Equal(ServiceClass.AutomatedAccountingAdvices, advBatch.Header.ServiceClass);
        Assert.Equal(50_000, advBatch.Entries[0].AmountCents);
        Assert.Equal("121042882", advBatch.Entries[0].Advice!.AdviceRoutingNumber);
        Assert.Equal(250_000, advBatch.Control!.TotalDebitCents);
        Assert.Equal(50_000, advBatch.Control.TotalCreditCents);
        Assert.Equal(250_000, adv.Control!.TotalDebitCents);
    }

    [Fact]
    public void Enr_batches_carry_a_blank_effective_date()
    {
        var file = NachaReader.Read(TestData.AchFile("enr-read.ach"));
        Assert.Null(file.Batches[0].Header.EffectiveEntryDate);
        Assert.StartsWith("22*12200004*3*", Assert.IsType<Addenda05>(file.Batches[0].Entries[0].Addenda[0]).PaymentRelatedInformation, StringComparison.Ordinal);
    }

    internal static NachaReadOptions OptionsFor(string name) =>
        Relaxed.TryGetValue(name, out var relaxed) ? relaxed.Options : NachaReadOptions.Strict;

    private static IEnumerable<NachaReadOptions> WithoutEachRelaxation(NachaReadOptions options)
    {
        foreach (var property in typeof(NachaReadOptions).GetProperties().Where(p => p.PropertyType == typeof(bool)))
        {
            if ((bool)property.GetValue(options)!)
            {
                var copy = options with { };
                property.SetValue(copy, false);
                yield return copy;
            }
        }
    }
}
