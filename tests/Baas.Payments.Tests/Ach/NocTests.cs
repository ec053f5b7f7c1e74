using Baas.Payments.Ach;

namespace Baas.Payments.Tests.Ach;

public sealed class NocTests
{
    [Fact]
    public void The_cor_reference_file_yields_an_account_number_correction()
    {
        var file = NachaReader.Read(TestData.AchFile("cor-read.ach"), ReferenceFileTests.OptionsFor("cor-read.ach"));
        var correction = Assert.Single(NocParser.ReadAll(file));

        Assert.Equal("C01", correction.Code.Code);
        Assert.Equal("121042880000001", correction.OriginalTrace);
        Assert.Equal("12104288", correction.OriginalRdfi);
        Assert.Equal("1918171614", correction.CorrectedData);
        Assert.Equal([new CorrectedField(NocField.AccountNumber, "1918171614")], correction.Changes);
        Assert.Equal("1918171614", correction.AccountNumber);
        Assert.Null(correction.RoutingNumber);
        Assert.False(correction.IsRefusal);
    }

    [Fact]
    public void The_table_has_c01_to_c14_and_the_refusals()
    {
        for (var n = 1; n <= 14; n++)
        {
            var code = NocCodes.Get($"C{n:00}");
            Assert.False(code.IsRefusal);
            Assert.NotEmpty(code.Fields);
        }

        for (var n = 61; n <= 69; n++)
        {
            Assert.True(NocCodes.Get($"C{n}").IsRefusal);
        }

        Assert.Equal([NocField.RoutingNumber, NocField.AccountNumber], NocCodes.Get("C03").Fields);
        Assert.Equal([NocField.AccountNumber, NocField.TransactionCode], NocCodes.Get("C06").Fields);
        Assert.Equal([NocField.RoutingNumber, NocField.AccountNumber, NocField.TransactionCode], NocCodes.Get("C07").Fields);
    }

    [Theory]
    [InlineData("C02", "231380104", "RoutingNumber=231380104")]
    [InlineData("C03", "231380104   12345678901234567", "RoutingNumber=231380104|AccountNumber=12345678901234567")]
    [InlineData("C04", "JANE Q DOE", "Name=JANE Q DOE")]
    [InlineData("C05", "32", "TransactionCode=32")]
    [InlineData("C06", "1234567890123        32", "AccountNumber=1234567890123|TransactionCode=32")]
    [InlineData("C06", "1234                      37", "AccountNumber=1234|TransactionCode=37")]
    [InlineData("C07", "23138010412345678901234567 22", "RoutingNumber=231380104|AccountNumber=12345678901234567|TransactionCode=22")]
    [InlineData("C07", "121042882987               32", "RoutingNumber=121042882|AccountNumber=987|TransactionCode=32")]
    [InlineData("C09", "ID-99", "IndividualId=ID-99")]
    [InlineData("C12", "NEW NAME CORP   1987654321", "CompanyName=NEW NAME CORP|CompanyIdentification=1987654321")]
    [InlineData("C14", "IAT", "SecCode=IAT")]
    public void Corrected_data_is_split_into_its_fields(string code, string data, string expected)
    {
        var fields = NocParser.ParseCorrectedData(code, data);
        Assert.Equal(expected, string.Join('|', fields.Select(f => $"{f.Field}={f.Value}")));
    }

    [Theory]
    [InlineData("C02", "231380105")]
    [InlineData("C05", "99")]
    [InlineData("C06", "1234")]
    [InlineData("C01", "")]
    [InlineData("C62", "whatever")]
    public void Malformed_corrected_data_is_refused(string code, string data) =>
        Assert.Throws<NachaFormatException>(() => NocParser.ParseCorrectedData(code, data));

    [Fact]
    public void A_combined_correction_and_a_refusal_round_trip_through_a_cor_file()
    {
        var header = new FileHeader
        {
            ImmediateDestination = AchSamples.FederalReserve,
            ImmediateOrigin = AchSamples.OtherBank,
            FileCreationDate = new DateOnly(2026, 3, 9),
        };
        var batch = new BatchHeader
        {
            ServiceClass = ServiceClass.CreditsOnly,
            CompanyName = "ACME PAYROLL",
            CompanyIdentification = "1234567890",
            SecCode = SecCode.Cor,
            CompanyEntryDescription = "PAYROLL",
            EffectiveEntryDate = new DateOnly(2026, 3, 10),
            OdfiIdentification = "12104288",
            BatchNumber = 1,
        };
        EntryDetail Cor(string trace, ChangeAddenda addenda) => new()
        {
            TransactionCode = TransactionCode.CheckingReturnOrNocCredit,
            RdfiIdentification = "23138010",
            CheckDigit = '4',
            DfiAccountNumber = "12345678",
            AmountCents = 0,
            ReceiverName = "JANE DOE",
            TraceNumber = trace,
            Addenda = [addenda],
        };
        var c07 = new Addenda98
        {
            ChangeCode = "C07",
            OriginalTrace = "231380100000001",
            OriginalRdfiIdentification = "12104288",
            CorrectedData = "02100002155512345          32",
            TraceNumber = "121042880000001",
        };
        var refused = new Addenda98Refused
        {
            RefusedChangeCode = "C62",
            OriginalTrace = "231380100000002",
            OriginalRdfiIdentification = "12104288",
            CorrectedData = "987654321",
            ChangeCode = "C01",
            TraceSequenceNumber = "0000009",
            TraceNumber = "121042880000002",
        };
        var file = new NachaFile
        {
            Header = header,
            Batches = [new NachaBatch { Header = batch, Entries = [Cor("121042880000001", c07), Cor("121042880000002", refused)] }],
        };

        var read = NachaReader.Read(new StringReader(NachaWriter.WriteToString(file)));
        var corrections = NocParser.ReadAll(read);

        Assert.Equal("C07", corrections[0].Code.Code);
        Assert.Equal("021000021", corrections[0].RoutingNumber);
        Assert.Equal("55512345", corrections[0].AccountNumber);
        Assert.Equal(TransactionCode.SavingsCredit, corrections[0].TransactionCode);
        Assert.True(corrections[1].IsRefusal);
        Assert.Equal("C62", corrections[1].Code.Code);
        Assert.Equal("C01", corrections[1].RefusedNotificationCode!.Code);
        Assert.Equal("987654321", corrections[1].AccountNumber);
        Assert.Equal("0000009", Assert.IsType<Addenda98Refused>(read.Batches[0].Entries[1].Addenda[0]).TraceSequenceNumber);
        Assert.Throws<NachaFormatException>(() => NachaWriter.WriteToString(file with { Batches = [file.Batches[0] with { Header = batch with { SecCode = SecCode.Ppd } }] }));
    }
}
