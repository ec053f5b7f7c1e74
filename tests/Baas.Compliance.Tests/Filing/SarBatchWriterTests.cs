using System.Globalization;
using System.Xml.Linq;
using Baas.Compliance.Filing;
using static Baas.Compliance.Tests.Filing.FilingSamples;

namespace Baas.Compliance.Tests.Filing;

public class SarBatchWriterTests
{
    [Fact]
    public void One_filing_is_valid_against_the_FinCEN_SAR_schema()
    {
        var (xml, summary) = WriteSar(Sar("SAR-1"));

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Sar));
        var root = Root(xml);
        Assert.Equal(N("EFilingBatchXML"), root.Name);
        Assert.Equal("SARX", root.Element(N("FormTypeCode"))!.Value);
        Assert.Equal("1", root.Attribute("ActivityCount")!.Value);
        Assert.Equal("0", root.Attribute("AttachmentCount")!.Value);
        Assert.Equal("20250630", root.Element(N("Activity"))!.Element(N("FilingDateText"))!.Value);
        Assert.Equal(1, summary.ActivityCount);
    }

    [Fact]
    public void The_parties_are_transmitter_contact_institution_contact_office_location_then_subjects()
    {
        var (xml, _) = WriteSar(Sar("SAR-1", 100, Individual(), Entity()));

        var codes = Root(xml).Element(N("Activity"))!.Elements(N("Party")).Select(Party).ToArray();
        Assert.Equal(["35", "37", "30", "8", "34", "33", "33"], codes);
    }

    [Fact]
    public void Several_filings_are_valid_and_the_header_counts_activities_subjects_and_the_total()
    {
        var (xml, summary) = WriteSar(
            Sar("SAR-1", 1_234_567),
            Sar("SAR-2", 50_000, Individual(), Entity()),
            Sar("SAR-3", 1_000_001));

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Sar));
        var root = Root(xml);
        var activities = root.Elements(N("Activity")).ToList();
        var subjects = activities.Sum(a => TopParties(a, "33").Count());
        var amounts = root.Descendants(N("TotalSuspiciousAmountText")).Sum(e => long.Parse(e.Value, CultureInfo.InvariantCulture));

        Assert.Equal(3, activities.Count);
        Assert.Equal("3", root.Attribute("ActivityCount")!.Value);
        Assert.Equal(4, subjects);
        Assert.Equal("4", root.Attribute("PartyCount")!.Value);
        Assert.Equal(12_346 + 500 + 10_001, amounts);
        Assert.Equal(amounts.ToString(CultureInfo.InvariantCulture), root.Attribute("TotalAmount")!.Value);
        Assert.Equal((3, 4, 22_847L), (summary.ActivityCount, summary.PartyCount, summary.TotalAmount));
    }

    [Fact]
    public void Several_subjects_are_each_a_subject_party_with_their_own_details()
    {
        var (xml, _) = WriteSar(Sar("SAR-1", 100_00, Individual("Doe", "Jane"), Individual("Smith", "John"), Entity("Acme Trading LLC")));

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Sar));
        var subjects = TopParties(Root(xml).Element(N("Activity"))!, "33").ToList();
        Assert.Equal(3, subjects.Count);
        Assert.Equal(["Doe", "Smith", "Acme Trading LLC"], subjects.Select(s => s.Element(N("PartyName"))!.Element(N("RawEntityIndividualLastName"))!.Value));

        var jane = subjects[0];
        Assert.Equal("19850412", jane.Element(N("IndividualBirthDateText"))!.Value);
        Assert.Equal("Y", jane.Element(N("PurchaserSenderIndicator"))!.Value);
        Assert.Equal("22 Elm St Apt 4", jane.Element(N("Address"))!.Element(N("RawStreetAddress1Text"))!.Value);
        Assert.Equal(["123456789", "D1234567"], jane.Elements(N("PartyIdentification")).Select(i => i.Element(N("PartyIdentificationNumberText"))!.Value));
        Assert.Equal("Y", jane.Element(N("PartyAssociation"))!.Element(N("CustomerIndicator"))!.Value);
        var accounts = jane.Element(N("PartyAccountAssociation"))!;
        Assert.Equal("7", accounts.Element(N("PartyAccountAssociationTypeCode"))!.Value);
        Assert.Equal("41", Party(accounts.Element(N("Party"))!));
        Assert.Equal(["ACC-0001", "ACC-0002"], accounts.Descendants(N("AccountNumberText")).Select(a => a.Value));

        var acme = subjects[2];
        Assert.Equal("Y", acme.Element(N("PartyAsEntityOrganizationIndicator"))!.Value);
        Assert.Equal("Y", acme.Element(N("NoKnownAccountInvolvedIndicator"))!.Value);
        Assert.Null(acme.Element(N("UnknownGenderIndicator")));
        Assert.Equal("ON", acme.Element(N("Address"))!.Element(N("RawStateCodeText"))!.Value);
        Assert.Equal("M5J2N8", acme.Element(N("Address"))!.Element(N("RawZIPCode"))!.Value);
    }

    [Fact]
    public void An_unknown_subject_is_written_as_all_critical_information_unavailable()
    {
        var (xml, summary) = WriteSar(Sar("SAR-1", 250_00, SarSubject.Unknown));

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Sar));
        var subject = Assert.Single(TopParties(Root(xml).Element(N("Activity"))!, "33"));
        Assert.Equal("Y", subject.Element(N("AllCriticalSubjectInformationUnavailableIndicator"))!.Value);
        Assert.Null(subject.Element(N("PartyName")));
        Assert.Null(subject.Element(N("Address")));
        Assert.Null(subject.Element(N("PartyIdentification")));
        Assert.Equal(1, summary.PartyCount);
    }

    [Fact]
    public void A_continuing_activity_report_carries_the_prior_BSA_ID_and_the_cumulative_amount()
    {
        var filing = Sar("SAR-2", 3_000_00) with { IsContinuingActivity = true, PriorBsaId = "31000055053784", CumulativeAmountMinor = 9_000_50 };

        var (xml, _) = WriteSar(filing);

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Sar));
        var activity = Root(xml).Element(N("Activity"))!;
        Assert.Equal("31000055053784", activity.Element(N("EFilingPriorDocumentNumber"))!.Value);
        var association = activity.Element(N("ActivityAssociation"))!;
        Assert.Equal("Y", association.Element(N("ContinuingActivityReportIndicator"))!.Value);
        Assert.Null(association.Element(N("InitialReportIndicator")));
        Assert.Equal("9001", activity.Element(N("SuspiciousActivity"))!.Element(N("CumulativeTotalViolationAmountText"))!.Value);
    }

    [Fact]
    public void A_continuing_activity_report_without_the_prior_BSA_ID_writes_fourteen_zeros()
    {
        var (xml, _) = WriteSar(Sar("SAR-2") with { IsContinuingActivity = true });

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Sar));
        Assert.Equal("00000000000000", Root(xml).Element(N("Activity"))!.Element(N("EFilingPriorDocumentNumber"))!.Value);
    }

    [Fact]
    public void An_initial_report_has_no_prior_document_number()
    {
        var (xml, _) = WriteSar(Sar("SAR-1"));

        var activity = Root(xml).Element(N("Activity"))!;
        Assert.Null(activity.Element(N("EFilingPriorDocumentNumber")));
        Assert.Equal("Y", activity.Element(N("ActivityAssociation"))!.Element(N("InitialReportIndicator"))!.Value);
    }

    [Theory]
    [InlineData(1, "1")]
    [InlineData(99, "1")]
    [InlineData(100, "1")]
    [InlineData(101, "2")]
    [InlineData(1_000_000, "10000")]
    [InlineData(1_000_001, "10001")]
    [InlineData(1_526_525, "15266")]
    public void Amounts_are_whole_dollars_rounded_up_to_the_next_dollar(long minor, string expected)
    {
        var (xml, summary) = WriteSar(Sar("SAR-1", minor));

        Assert.Equal(expected, Root(xml).Descendants(N("TotalSuspiciousAmountText")).Single().Value);
        Assert.Equal(expected, Root(xml).Attribute("TotalAmount")!.Value);
        Assert.Equal(long.Parse(expected, CultureInfo.InvariantCulture), summary.TotalAmount);
    }

    [Fact]
    public void No_amount_is_written_as_no_amount_involved()
    {
        var (xml, _) = WriteSar(Sar("SAR-1", 0));

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Sar));
        var activity = Root(xml).Descendants(N("SuspiciousActivity")).Single();
        Assert.Equal("Y", activity.Element(N("NoAmountInvolvedIndicator"))!.Value);
        Assert.Null(activity.Element(N("TotalSuspiciousAmountText")));
        Assert.Equal("0", Root(xml).Attribute("TotalAmount")!.Value);
    }

    [Fact]
    public void SeqNums_run_from_one_and_are_unique_across_the_batch()
    {
        var (xml, summary) = WriteSar(Sar("SAR-1"), Sar("SAR-2", 100, Individual(), Entity()), Sar("SAR-3", 100, SarSubject.Unknown));

        var seqNums = Root(xml).Descendants().Select(e => e.Attribute("SeqNum")).OfType<XAttribute>().Select(a => long.Parse(a.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, seqNums.Count).Select(i => (long)i), seqNums);
        var activitySeqNums = Root(xml).Elements(N("Activity")).Select(a => long.Parse(a.Attribute("SeqNum")!.Value, CultureInfo.InvariantCulture));
        Assert.Equal(activitySeqNums, summary.Activities.Select(a => a.SeqNum));
        Assert.Equal(["SAR-1", "SAR-2", "SAR-3"], summary.Activities.Select(a => a.FilingId));
    }

    [Fact]
    public void The_filing_id_is_written_as_the_institutions_internal_control_number()
    {
        var (xml, _) = WriteSar(Sar("CASE-2025-0042"));

        var institution = TopParties(Root(xml).Element(N("Activity"))!, "30").Single();
        var controlNumber = institution.Elements(N("PartyIdentification")).Single(i => i.Element(N("PartyIdentificationTypeCode"))!.Value == "29");
        Assert.Equal("CASE-2025-0042", controlNumber.Element(N("PartyIdentificationNumberText"))!.Value);
    }

    [Theory]
    [InlineData(SuspiciousActivityCategory.StructuringBelowCtrThreshold, "1", "114")]
    [InlineData(SuspiciousActivityCategory.TransactionOutOfPattern, "8", "812")]
    [InlineData(SuspiciousActivityCategory.SuspiciousFundsTransfers, "8", "805")]
    [InlineData(SuspiciousActivityCategory.FunnelAccount, "8", "824")]
    [InlineData(SuspiciousActivityCategory.CardFraud, "3", "305")]
    [InlineData(SuspiciousActivityCategory.AccountTakeover, "9", "920")]
    [InlineData(SuspiciousActivityCategory.IdentityTheft, "9", "905")]
    [InlineData(SuspiciousActivityCategory.HighRiskJurisdiction, "9", "928")]
    [InlineData(SuspiciousActivityCategory.SanctionsRelated, "9", "9999")]
    public void Categories_map_to_the_schemas_type_and_subtype(SuspiciousActivityCategory category, string type, string subtype)
    {
        var (xml, _) = WriteSar(Sar("SAR-1") with { Categories = [category, category] });

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Sar));
        var classification = Root(xml).Descendants(N("SuspiciousActivityClassification")).Single();
        Assert.Equal(type, classification.Element(N("SuspiciousActivityTypeID"))!.Value);
        Assert.Equal(subtype, classification.Element(N("SuspiciousActivitySubtypeID"))!.Value);
    }

    [Fact]
    public void Other_activity_is_described_in_the_other_text()
    {
        var (xml, _) = WriteSar(Sar("SAR-1") with { Categories = [SuspiciousActivityCategory.Other, SuspiciousActivityCategory.CardFraud], OtherActivityDescription = "Card testing  at\tmerchant" });

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Sar));
        var other = Root(xml).Descendants(N("SuspiciousActivityClassification")).Single(c => c.Element(N("SuspiciousActivitySubtypeID"))!.Value == "9999");
        Assert.Equal("Card testing at merchant", other.Element(N("OtherSuspiciousActivityTypeText"))!.Value);
    }

    [Fact]
    public void A_long_narrative_is_split_into_numbered_blocks_of_4000_characters()
    {
        var narrative = string.Concat(Enumerable.Range(0, 900).Select(i => $"Line {i:D4}.\n"));
        var (xml, _) = WriteSar(Sar("SAR-1") with { Narrative = narrative });

        Assert.Empty(FincenSchemas.Validate(xml, FincenSchemas.Sar));
        var blocks = Root(xml).Descendants(N("ActivityNarrativeInformation")).ToList();
        Assert.Equal(["1", "2", "3"], blocks.Select(b => b.Element(N("ActivityNarrativeSequenceNumber"))!.Value));
        var texts = blocks.Select(b => b.Element(N("ActivityNarrativeText"))!.Value).ToList();
        Assert.Equal([4000, 4000, 1899], texts.Select(t => t.Length));
        Assert.Equal(narrative.TrimEnd(), string.Concat(texts));
    }

    [Fact]
    public void The_text_writer_overload_writes_the_same_batch()
    {
        using var text = new StringWriter();
        new SarBatchWriter(Transmitter(), Clock()).Write(text, [Sar("SAR-1")]);

        Assert.Empty(FincenSchemas.Validate(text.ToString(), FincenSchemas.Sar));
        Assert.Equal(WriteSar(Sar("SAR-1")).Xml.Split('\n').Skip(1), text.ToString().Split('\n').Skip(1));
    }

    [Fact]
    public void The_schema_check_catches_a_broken_batch()
    {
        var (xml, _) = WriteSar(Sar("SAR-1"));

        // A SeqNum used twice, and a required element removed: both must be reported.
        var duplicated = Root(xml);
        duplicated.Descendants(N("PartyName")).First().SetAttributeValue("SeqNum", "1");
        Assert.NotEmpty(FincenSchemas.Validate(duplicated.ToString(), FincenSchemas.Sar));

        var missing = Root(xml);
        missing.Descendants(N("FilingDateText")).Single().Remove();
        Assert.NotEmpty(FincenSchemas.Validate(missing.ToString(), FincenSchemas.Sar));
    }

    public static TheoryData<string, string> RefusedFilings => new()
    {
        { "no subjects", "filings[0].Subjects" },
        { "negative amount", "filings[0].TotalAmountMinor" },
        { "blank narrative", "filings[0].Narrative" },
        { "narrative too long", "filings[0].Narrative" },
        { "activity ends before it starts", "filings[0].ActivityTo" },
        { "activity after the filing date", "filings[0].ActivityTo" },
        { "no categories", "filings[0].Categories" },
        { "other without description", "filings[0].OtherActivityDescription" },
        { "sanctions and other", "filings[0].Categories" },
        { "malformed prior BSA ID", "filings[0].PriorBsaId" },
        { "prior BSA ID on an initial report", "filings[0].PriorBsaId" },
        { "subject without a name", "filings[0].Subjects[0].LastName" },
        { "subject both individual and entity", "filings[0].Subjects[0].LastName" },
        { "unknown subject with a name", "filings[0].Subjects[0]" },
        { "two TINs", "filings[0].Subjects[0].Identifications[1]" },
        { "US address without a state", "filings[0].Subjects[0].Address.State" },
        { "malformed EIN", "filings[0].Institution.Ein" },
        { "filing id too long", "filings[0].FilingId" },
        { "second filing without subjects", "filings[1].Subjects" },
    };

    [Theory]
    [MemberData(nameof(RefusedFilings))]
    public void Invalid_input_is_refused_naming_the_field_and_nothing_is_written(string @case, string field)
    {
        var good = Sar("SAR-1");
        SarFiling[] filings = @case switch
        {
            "no subjects" => [good with { Subjects = [] }],
            "negative amount" => [good with { TotalAmountMinor = -1 }],
            "blank narrative" => [good with { Narrative = " \n\t " }],
            "narrative too long" => [good with { Narrative = new string('x', 17_001) }],
            "activity ends before it starts" => [good with { ActivityTo = good.ActivityFrom.AddDays(-1) }],
            "activity after the filing date" => [good with { ActivityTo = new DateOnly(2025, 7, 1) }],
            "no categories" => [good with { Categories = [] }],
            "other without description" => [good with { Categories = [SuspiciousActivityCategory.Other] }],
            "sanctions and other" => [good with { Categories = [SuspiciousActivityCategory.SanctionsRelated, SuspiciousActivityCategory.Other], OtherActivityDescription = "x" }],
            "malformed prior BSA ID" => [good with { IsContinuingActivity = true, PriorBsaId = "3100005505" }],
            "prior BSA ID on an initial report" => [good with { PriorBsaId = "31000055053784" }],
            "subject without a name" => [good with { Subjects = [new SarSubject { FirstName = "Jane" }] }],
            "subject both individual and entity" => [good with { Subjects = [Individual() with { EntityName = "Acme" }] }],
            "unknown subject with a name" => [good with { Subjects = [SarSubject.Unknown with { LastName = "Doe" }] }],
            "two TINs" => [good with { Subjects = [Individual() with { Identifications = [new(IdentificationType.SsnOrItin, "123456789"), new(IdentificationType.Ein, "123456789")] }] }],
            "US address without a state" => [good with { Subjects = [Individual() with { Address = new FilingAddress("1 A St", "Boston", null, "02101", "US") }] }],
            "malformed EIN" => [good with { Institution = Institution() with { Ein = "12345" } }],
            "filing id too long" => [good with { FilingId = new string('7', 26) }],
            "second filing without subjects" => [good, good with { Subjects = [] }],
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
        using var output = new MemoryStream();

        var e = Assert.Throws<ArgumentException>(() => new SarBatchWriter(Transmitter(), Clock()).Write(output, filings));

        Assert.Equal(field, e.ParamName);
        Assert.StartsWith(field, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void An_empty_batch_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new SarBatchWriter(Transmitter(), Clock()).Write(Stream.Null, []));

        Assert.Equal("filings", e.ParamName);
    }

    [Fact]
    public void A_refusal_does_not_repeat_the_value()
    {
        var filing = Sar("SAR-1") with { Subjects = [Individual() with { Identifications = [new(IdentificationType.SsnOrItin, "123-45-678X")] }] };

        var e = Assert.Throws<ArgumentException>(() => WriteSar(filing));

        Assert.Equal("filings[0].Subjects[0].Identifications[0].Number", e.ParamName);
        Assert.DoesNotContain("678X", e.Message, StringComparison.Ordinal);
    }
}
