using System.Globalization;
using Baas.Compliance.Filing;
using static Baas.Compliance.Tests.Filing.FilingSamples;

namespace Baas.Compliance.Tests.Filing;

public class CtrBatchWriterTests
{
    [Fact]
    public void One_filing_is_valid_against_the_FinCEN_CTR_schema()
    {
        var (xml, summary) = WriteCtr(Ctr("CTR-1"));

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Ctr));
        var root = Root(xml);
        Assert.Equal("CTRX", root.Element(N("FormTypeCode"))!.Value);
        var activity = root.Element(N("Activity"))!;
        Assert.Equal(["35", "37", "30", "8", "34", "50"], activity.Elements(N("Party")).Select(Party));
        var cash = activity.Element(N("CurrencyTransactionActivity"))!;
        Assert.Equal("12501", cash.Element(N("TotalCashInReceiveAmountText"))!.Value);
        Assert.Equal(string.Empty, cash.Element(N("TotalCashOutAmountText"))!.Value);
        Assert.Equal("20250627", cash.Element(N("TransactionDateText"))!.Value);
        var detail = Assert.Single(cash.Elements(N("CurrencyTransactionActivityDetail")));
        Assert.Equal("55", detail.Element(N("CurrencyTransactionActivityDetailTypeCode"))!.Value);
        Assert.Equal("12501", detail.Element(N("DetailTransactionAmountText"))!.Value);
        Assert.Equal("12501", root.Attribute("TotalAmount")!.Value);
        Assert.Equal(12_501, summary.TotalAmount);
    }

    [Fact]
    public void Several_filings_are_valid_and_the_header_counts_activities_all_parties_and_the_detail_total()
    {
        var (xml, summary) = WriteCtr(
            Ctr("CTR-1", 1_250_050),
            Ctr("CTR-2", 0, 2_000_000, Person(), Person("Roe", "Rita") with { Role = CtrPersonRole.ConductedForAnother }),
            Ctr("CTR-3", 1_100_000, 300_001) with { CashInType = CtrCashInType.CurrencyToPrepaidAccess, CashOutType = CtrCashOutType.CurrencyFromPrepaidAccess, ViaAtm = true });

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Ctr));
        var root = Root(xml);
        var parties = root.Elements(N("Activity")).Sum(a => a.Elements(N("Party")).Count());
        var details = root.Descendants(N("DetailTransactionAmountText")).Sum(e => long.Parse(e.Value, CultureInfo.InvariantCulture));

        Assert.Equal("3", root.Attribute("ActivityCount")!.Value);
        Assert.Equal(6 + 7 + 6, parties);
        Assert.Equal(parties.ToString(CultureInfo.InvariantCulture), root.Attribute("PartyCount")!.Value);
        Assert.Equal(12_501 + 20_000 + 11_000 + 3_001, details);
        Assert.Equal(details.ToString(CultureInfo.InvariantCulture), root.Attribute("TotalAmount")!.Value);
        Assert.Equal((3, parties, details), (summary.ActivityCount, summary.PartyCount, summary.TotalAmount));
        Assert.Equal(["CTR-1", "CTR-2", "CTR-3"], summary.Activities.Select(a => a.FilingId));
    }

    [Fact]
    public void Several_persons_each_carry_their_role_amounts_and_accounts()
    {
        var conductor = Person("Roe", "Richard") with { Role = CtrPersonRole.ConductedForAnother, AccountNumbers = [] };
        var owner = new CtrPerson { Role = CtrPersonRole.OnWhoseBehalf, EntityName = "Roe Diner LLC", Identifications = [new(IdentificationType.Ein, "45-6789012")], AccountNumbers = ["BIZ-7"] };
        var (xml, _) = WriteCtr(Ctr("CTR-1", 1_500_000, 1_200_000, conductor, owner) with { IsAggregated = true });

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Ctr));
        var activity = Root(xml).Element(N("Activity"))!;
        var richard = TopParties(activity, "17").Single();
        Assert.Equal("15000", richard.Element(N("IndividualEntityCashInAmountText"))!.Value);
        Assert.Equal("12000", richard.Element(N("IndividualEntityCashOutAmountText"))!.Value);
        Assert.Equal("19791103", richard.Element(N("IndividualBirthDateText"))!.Value);
        Assert.Equal(2, richard.Elements(N("PartyIdentification")).Count());

        var diner = TopParties(activity, "23").Single();
        Assert.Equal("Y", diner.Element(N("PartyAsEntityOrganizationIndicator"))!.Value);
        Assert.Equal("Roe Diner LLC", diner.Element(N("PartyName"))!.Element(N("RawEntityIndividualLastName"))!.Value);
        Assert.Equal("Y", diner.Element(N("Address"))!.Element(N("StreetAddressUnknownIndicator"))!.Value);
        Assert.Equal(["8", "9"], diner.Elements(N("Account")).Select(a => a.Element(N("PartyAccountAssociation"))!.Element(N("PartyAccountAssociationTypeCode"))!.Value));
        Assert.Equal("Y", activity.Element(N("CurrencyTransactionActivity"))!.Element(N("AggregateTransactionIndicator"))!.Value);
    }

    [Fact]
    public void A_persons_own_amounts_replace_the_filing_totals()
    {
        var (xml, _) = WriteCtr(Ctr("CTR-1", 1_500_000, 0, Person() with { CashInMinor = 700_001 }, Person("Poe", "Edgar") with { CashInMinor = 799_999 }));

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Ctr));
        Assert.Equal(["7001", "8000"], TopParties(Root(xml).Element(N("Activity"))!, "50").Select(p => p.Element(N("IndividualEntityCashInAmountText"))!.Value));
    }

    [Theory]
    [InlineData(1_000_001, 0, "10001")]
    [InlineData(0, 1_000_001, "10001")]
    [InlineData(1_526_525, 0, "15266")]
    public void Amounts_just_over_the_threshold_are_reported_rounded_up(long cashIn, long cashOut, string expected)
    {
        var (xml, _) = WriteCtr(Ctr("CTR-1", cashIn, cashOut));

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Ctr));
        Assert.Equal(expected, Root(xml).Descendants(N("DetailTransactionAmountText")).Single().Value);
    }

    [Fact]
    public void The_schema_check_catches_a_broken_batch()
    {
        var (xml, _) = WriteCtr(Ctr("CTR-1"));

        var broken = Root(xml);
        broken.Descendants(N("TransactionDateText")).Single().Value = "2025-06-27";
        Assert.NotEmpty(FincenSchemas.Validate(broken.ToString(), FincenSchemas.Ctr));

        var fewParties = Root(xml);
        fewParties.Element(N("Activity"))!.Elements(N("Party")).Last().Remove();
        Assert.NotEmpty(FincenSchemas.Validate(fewParties.ToString(), FincenSchemas.Ctr));
    }

    public static TheoryData<string, string> RefusedFilings => new()
    {
        { "exactly the threshold", "filings[0].CashInMinor" },
        { "under the threshold both ways", "filings[0].CashInMinor" },
        { "negative cash in", "filings[0].CashInMinor" },
        { "negative cash out", "filings[0].CashOutMinor" },
        { "no persons", "filings[0].Persons" },
        { "person without a name", "filings[0].Persons[0].LastName" },
        { "two documents", "filings[0].Persons[0].Identifications[1]" },
        { "negative person amount", "filings[0].Persons[0].CashInMinor" },
        { "transaction after the filing date", "filings[0].TransactionDate" },
        { "unknown role", "filings[0].Persons[0].Role" },
        { "bad country", "filings[0].Persons[0].Address.Country" },
    };

    [Theory]
    [MemberData(nameof(RefusedFilings))]
    public void Invalid_input_is_refused_naming_the_field_and_nothing_is_written(string @case, string field)
    {
        var good = Ctr("CTR-1");
        var filing = @case switch
        {
            "exactly the threshold" => good with { CashInMinor = 1_000_000, CashOutMinor = 0 },
            "under the threshold both ways" => good with { CashInMinor = 900_000, CashOutMinor = 999_999 },
            "negative cash in" => good with { CashInMinor = -5 },
            "negative cash out" => good with { CashOutMinor = -5 },
            "no persons" => good with { Persons = [] },
            "person without a name" => good with { Persons = [new CtrPerson { Role = CtrPersonRole.ConductedOnOwnBehalf, FirstName = "Ann" }] },
            "two documents" => good with { Persons = [Person() with { Identifications = [new(IdentificationType.Passport, "P1"), new(IdentificationType.DriversLicenseOrStateId, "D1")] }] },
            "negative person amount" => good with { Persons = [Person() with { CashInMinor = -1 }] },
            "transaction after the filing date" => good with { TransactionDate = new DateOnly(2025, 7, 1) },
            "unknown role" => good with { Persons = [Person() with { Role = (CtrPersonRole)99 }] },
            "bad country" => good with { Persons = [Person() with { Address = new FilingAddress("1 Rue", "Paris", null, "75001", "FRA") }] },
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
        using var output = new MemoryStream();

        var e = Assert.Throws<ArgumentException>(() => new CtrBatchWriter(Transmitter(), Clock()).Write(output, [filing]));

        Assert.Equal(field, e.ParamName);
        Assert.Equal(0, output.Length);
    }
}
