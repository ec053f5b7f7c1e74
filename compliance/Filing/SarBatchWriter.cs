using System.Globalization;
using System.Xml;

namespace Baas.Compliance.Filing;

/// <summary>
/// Writes FinCEN SARs as a BSA E-Filing batch (<c>EFilingBatchXML</c>, form <c>SARX</c>) valid against FinCEN's
/// <c>EFL_SARXBatchSchema.xsd</c>. Each filing becomes one <c>Activity</c> with, in FinCEN's order, the
/// transmitter (35), transmitter contact (37), filing institution (30), contact office (8), institution where the
/// activity occurred (34, no branch involved) and the subjects (33), then the suspicious activity and the narrative.
/// </summary>
/// <remarks>
/// The header counts what FinCEN asks: <c>ActivityCount</c> the activities, <c>PartyCount</c> the subject parties,
/// <c>TotalAmount</c> the sum of the activities' total suspicious amounts in whole dollars (each rounded up, see
/// <see cref="FincenAmount"/>), and no attachments. The filing date is today's UTC date from the
/// <see cref="TimeProvider"/>. The batch is checked in full before anything is written: invalid input throws an
/// <see cref="ArgumentException"/> naming the field (<c>filings[2].Subjects[0].LastName</c>) and leaves the output
/// untouched.
/// </remarks>
public sealed class SarBatchWriter : EFilingBatchWriter<SarFiling>
{
    /// <summary>The batch form type.</summary>
    public const string FormTypeCode = "SARX";

    private const int NarrativeBlock = 4000;
    private const int NarrativeMax = 17000;

    /// <summary>Creates a writer for batches sent by <paramref name="transmitter"/>.</summary>
    public SarBatchWriter(FilingTransmitter transmitter, TimeProvider? timeProvider = null)
        : base(transmitter, timeProvider)
    {
    }

    /// <inheritdoc />
    protected override FilingBatchSummary WriteBatch(XmlWriter xml, IReadOnlyList<SarFiling> filings, DateOnly today, FilingBatchSummary? header)
    {
        var w = new EFilingXmlWriter(xml);
        w.StartBatch(FormTypeCode, "EFL_SARXBatchSchema.xsd",
        [
            new("ActivityAttachmentCount", "0"),
            new("AttachmentCount", "0"),
            new("PartyCount", (header?.PartyCount ?? 0).ToString(CultureInfo.InvariantCulture)),
            new("ActivityCount", (header?.ActivityCount ?? 0).ToString(CultureInfo.InvariantCulture)),
            new("TotalAmount", FincenAmount.Text(header?.TotalAmount ?? 0)),
        ]);

        var filingDate = FilingText.Date(today, "filingDate");
        var activities = new List<FiledActivity>(filings.Count);
        var subjects = 0;
        var total = 0L;
        for (var i = 0; i < filings.Count; i++)
        {
            var at = $"{nameof(filings)}[{i}]";
            var filing = filings[i] ?? FilingText.Fail<SarFiling>(at, "is null");
            var filingId = FilingText.Required(filing.FilingId, 25, $"{at}.FilingId");
            var seqNum = WriteActivity(w, filing, filingId, filingDate, today, at, out var dollars);
            activities.Add(new FiledActivity(filingId, seqNum));
            subjects += filing.Subjects.Count;
            total = checked(total + dollars);
        }

        w.EndBatch();
        return new FilingBatchSummary(FormTypeCode, filings.Count, subjects, total, activities);
    }

    private long WriteActivity(EFilingXmlWriter w, SarFiling filing, string filingId, string filingDate, DateOnly today, string at, out long dollars)
    {
        var institution = filing.Institution ?? FilingText.Fail<FilingInstitution>($"{at}.Institution", "is required");
        var ein = EFilingParts.Ein(institution.Ein, $"{at}.Institution.Ein");
        if (filing.Subjects is null || filing.Subjects.Count == 0)
        {
            FilingText.Fail($"{at}.Subjects", "must hold at least one subject");
        }

        var seqNum = w.Start("Activity");
        if (filing.IsContinuingActivity)
        {
            // FinCEN asks for fourteen zeros when the prior report's BSA ID is not known.
            w.Value("EFilingPriorDocumentNumber", filing.PriorBsaId is null ? "00000000000000" : FilingText.Digits(filing.PriorBsaId, 14, 14, $"{at}.PriorBsaId"));
        }
        else if (filing.PriorBsaId is not null)
        {
            FilingText.Fail($"{at}.PriorBsaId", "is only for a continuing activity report");
        }

        w.Value("FilingDateText", filingDate);
        w.Start("ActivityAssociation");
        w.Indicator("ContinuingActivityReportIndicator", filing.IsContinuingActivity);
        w.Indicator("InitialReportIndicator", !filing.IsContinuingActivity);
        w.End();

        WriteTransmitter(w);
        WriteFilingInstitution(w, institution, ein, filingId, $"{at}.Institution");
        WriteActivityLocation(w, institution, ein, $"{at}.Institution");
        for (var i = 0; i < filing.Subjects.Count; i++)
        {
            var subjectAt = $"{at}.Subjects[{i}]";
            WriteSubject(w, filing.Subjects[i] ?? FilingText.Fail<SarSubject>(subjectAt, "is null"), ein, subjectAt);
        }

        dollars = WriteSuspiciousActivity(w, filing, today, at);
        WriteNarrative(w, filing.Narrative, $"{at}.Narrative");
        w.End();
        return seqNum;
    }

    private static void WriteFilingInstitution(EFilingXmlWriter w, FilingInstitution institution, string ein, string filingId, string at)
    {
        var rssd = EFilingParts.Rssd(institution.RssdNumber, $"{at}.RssdNumber");

        w.Start("Party");
        w.Value("ActivityPartyTypeCode", "30");
        w.Value("PrimaryRegulatorTypeCode", EFilingParts.Regulator(institution.PrimaryRegulator, $"{at}.PrimaryRegulator"));
        EFilingParts.FullName(w, institution.LegalName, $"{at}.LegalName");
        EFilingParts.Address(w, institution.Address ?? FilingText.Fail<FilingAddress>($"{at}.Address", "is required"), $"{at}.Address");
        EFilingParts.Identification(w, EFilingParts.EinCode, ein);
        if (rssd is not null)
        {
            EFilingParts.Identification(w, EFilingParts.RssdCode, rssd);
        }

        // Our filing id as the institution's internal control/file number, which FinCEN keeps with the report.
        EFilingParts.Identification(w, "29", filingId);
        EFilingParts.OrganizationType(w, institution.InstitutionType, $"{at}.InstitutionType");
        w.End();

        w.Start("Party");
        w.Value("ActivityPartyTypeCode", "8");
        EFilingParts.FullName(w, institution.ContactOfficeName, $"{at}.ContactOfficeName");
        EFilingParts.Phone(w, institution.ContactOfficePhone, $"{at}.ContactOfficePhone");
        w.End();
    }

    private static void WriteActivityLocation(EFilingXmlWriter w, FilingInstitution institution, string ein, string at)
    {
        var rssd = EFilingParts.Rssd(institution.RssdNumber, $"{at}.RssdNumber");

        // Card activity happens at no branch of the institution.
        w.Start("Party");
        w.Value("ActivityPartyTypeCode", "34");
        w.Indicator("NoBranchActivityInvolvedIndicator");
        w.Value("PrimaryRegulatorTypeCode", EFilingParts.Regulator(institution.PrimaryRegulator, $"{at}.PrimaryRegulator"));
        EFilingParts.FullName(w, institution.LegalName, $"{at}.LegalName");
        EFilingParts.Address(w, institution.Address, $"{at}.Address");
        EFilingParts.Identification(w, EFilingParts.EinCode, ein);
        if (rssd is not null)
        {
            EFilingParts.Identification(w, EFilingParts.RssdCode, rssd);
        }

        EFilingParts.OrganizationType(w, institution.InstitutionType, $"{at}.InstitutionType");
        w.End();
    }

    private static void WriteSubject(EFilingXmlWriter w, SarSubject subject, string institutionEin, string at)
    {
        var unknown = subject.IsUnknown;
        if (unknown && (subject.LastName ?? subject.FirstName ?? subject.MiddleName ?? subject.EntityName ?? subject.Occupation) is not null)
        {
            FilingText.Fail(at, "is an unknown subject and carries no name or occupation");
        }

        if (unknown && (subject.DateOfBirth is not null || subject.Address is not null || subject.Identifications is { Count: > 0 }))
        {
            FilingText.Fail(at, "is an unknown subject and carries no date of birth, address or identification");
        }

        var entity = !unknown && EFilingParts.IsEntity(subject.LastName, subject.EntityName, at);
        var individual = !unknown && !entity;
        if (entity && subject.DateOfBirth is not null)
        {
            FilingText.Fail($"{at}.DateOfBirth", "is for an individual, not an entity");
        }

        var dateOfBirth = subject.DateOfBirth is { } dob ? FilingText.Date(dob, $"{at}.DateOfBirth") : null;
        var role = subject.Role is { } r ? EFilingParts.Defined(r, $"{at}.Role") : (SubjectRole?)null;
        var accounts = EFilingParts.AccountNumbers(subject.AccountNumbers, $"{at}.AccountNumbers");
        if (accounts.Count > 99)
        {
            FilingText.Fail($"{at}.AccountNumbers", "holds more than 99 accounts");
        }

        // PartyType's elements, in the schema's (alphabetical) order.
        w.Start("Party");
        w.Value("ActivityPartyTypeCode", "33");
        w.Indicator("AllCriticalSubjectInformationUnavailableIndicator", unknown);
        w.Indicator("BirthDateUnknownIndicator", individual && dateOfBirth is null);
        w.Indicator("BothPurchaserSenderPayeeReceiveIndicator", role == SubjectRole.Both);
        w.Optional("IndividualBirthDateText", dateOfBirth);
        w.Indicator("NoKnownAccountInvolvedIndicator", accounts.Count == 0);
        w.Indicator("PartyAsEntityOrganizationIndicator", entity);
        w.Indicator("PayeeReceiverIndicator", role == SubjectRole.PayeeReceiver);
        w.Indicator("PurchaserSenderIndicator", role == SubjectRole.PurchaserSender);
        w.Indicator("UnknownGenderIndicator", individual);

        if (!unknown)
        {
            EFilingParts.PersonName(w, subject.LastName, subject.FirstName, subject.MiddleName, subject.EntityName, at);
            EFilingParts.Address(w, subject.Address, $"{at}.Address");
            EFilingParts.PersonIdentifications(w, subject.Identifications, documentExpected: individual, $"{at}.Identifications");
            EFilingParts.Occupation(w, subject.Occupation, $"{at}.Occupation");
        }

        if (subject.Relationship is { } relationship)
        {
            w.Start("PartyAssociation");
            w.Indicator(EFilingParts.Defined(relationship, $"{at}.Relationship") switch
            {
                SubjectRelationship.Customer => "CustomerIndicator",
                SubjectRelationship.Employee => "EmployeeIndicator",
                SubjectRelationship.Officer => "OfficerIndicator",
                SubjectRelationship.Director => "DirectorIndicator",
                SubjectRelationship.Agent => "AgentIndicator",
                SubjectRelationship.OwnerShareholder => "OwnerShareholderIndicator",
                _ => "NoRelationshipToInstitutionIndicator",
            });
            w.Value("SubjectRelationshipFinancialInstitutionTINText", institutionEin);
            w.End();
        }

        if (accounts.Count > 0)
        {
            // The accounts affected (7), held at the filing institution (party 41, identified by its TIN; 5).
            w.Start("PartyAccountAssociation");
            w.Value("PartyAccountAssociationTypeCode", "7");
            w.Start("Party");
            w.Value("ActivityPartyTypeCode", "41");
            EFilingParts.Identification(w, EFilingParts.TinCode, institutionEin);
            foreach (var account in accounts)
            {
                w.Start("Account");
                w.Value("AccountNumberText", account);
                w.Start("PartyAccountAssociation");
                w.Value("PartyAccountAssociationTypeCode", "5");
                w.End();
                w.End();
            }

            w.End();
            w.End();
        }

        w.End();
    }

    private static long WriteSuspiciousActivity(EFilingXmlWriter w, SarFiling filing, DateOnly today, string at)
    {
        var from = FilingText.Date(filing.ActivityFrom, $"{at}.ActivityFrom");
        var to = FilingText.Date(filing.ActivityTo, $"{at}.ActivityTo");
        if (filing.ActivityTo < filing.ActivityFrom)
        {
            FilingText.Fail($"{at}.ActivityTo", "is before ActivityFrom");
        }

        if (filing.ActivityTo > today)
        {
            FilingText.Fail($"{at}.ActivityTo", "is after the filing date");
        }

        var dollars = FincenAmount.WholeDollars(filing.TotalAmountMinor, $"{at}.TotalAmountMinor");
        long? cumulative = null;
        if (filing.CumulativeAmountMinor is { } cumulativeMinor)
        {
            cumulative = filing.IsContinuingActivity
                ? FincenAmount.WholeDollars(cumulativeMinor, $"{at}.CumulativeAmountMinor")
                : FilingText.Fail<long>($"{at}.CumulativeAmountMinor", "is only for a continuing activity report");
        }

        var classifications = Classifications(filing, at);

        w.Start("SuspiciousActivity");
        w.Optional("CumulativeTotalViolationAmountText", cumulative is { } c ? FincenAmount.Text(c) : null);
        w.Indicator("NoAmountInvolvedIndicator", dollars == 0);
        w.Value("SuspiciousActivityFromDateText", from);
        w.Optional("SuspiciousActivityToDateText", to == from ? null : to);
        w.Optional("TotalSuspiciousAmountText", dollars == 0 ? null : FincenAmount.Text(dollars));
        foreach (var (type, subtype, otherText) in classifications)
        {
            w.Start("SuspiciousActivityClassification");
            w.Optional("OtherSuspiciousActivityTypeText", otherText);
            w.Value("SuspiciousActivitySubtypeID", subtype);
            w.Value("SuspiciousActivityTypeID", type);
            w.End();
        }

        w.End();
        return dollars;
    }

    private static List<(int Type, int Subtype, string? OtherText)> Classifications(SarFiling filing, string at)
    {
        var field = $"{at}.Categories";
        if (filing.Categories is null || filing.Categories.Count == 0)
        {
            FilingText.Fail(field, "must hold at least one category");
        }

        var categories = filing.Categories.Distinct().ToList();
        if (categories.Contains(SuspiciousActivityCategory.SanctionsRelated) && categories.Contains(SuspiciousActivityCategory.Other))
        {
            FilingText.Fail(field, "holds both SanctionsRelated and Other, which are the same FinCEN subtype (9999); use Other and describe both");
        }

        var other = FilingText.Optional(filing.OtherActivityDescription, 50, $"{at}.OtherActivityDescription");
        if (other is not null && !categories.Contains(SuspiciousActivityCategory.Other))
        {
            FilingText.Fail($"{at}.OtherActivityDescription", "is only for the Other category");
        }

        var classifications = new List<(int, int, string?)>(categories.Count);
        foreach (var category in categories)
        {
            classifications.Add(EFilingParts.Defined(category, field) switch
            {
                SuspiciousActivityCategory.StructuringBelowCtrThreshold => (1, 114, null),
                SuspiciousActivityCategory.TransactionOutOfPattern => (8, 812, null),
                SuspiciousActivityCategory.SuspiciousFundsTransfers => (8, 805, null),
                SuspiciousActivityCategory.FunnelAccount => (8, 824, null),
                SuspiciousActivityCategory.CardFraud => (3, 305, null),
                SuspiciousActivityCategory.AccountTakeover => (9, 920, null),
                SuspiciousActivityCategory.IdentityTheft => (9, 905, null),
                SuspiciousActivityCategory.HighRiskJurisdiction => (9, 928, null),
                SuspiciousActivityCategory.SanctionsRelated => (9, 9999, "Sanctions-related activity"),
                _ => (9, 9999, other ?? FilingText.Fail<string>($"{at}.OtherActivityDescription", "is required with the Other category")),
            });
        }

        return classifications;
    }

    private static void WriteNarrative(EFilingXmlWriter w, string? narrative, string field)
    {
        var text = FilingText.Narrative(narrative, NarrativeMax, field);
        var sequence = 0;
        for (var start = 0; start < text.Length;)
        {
            var length = Math.Min(NarrativeBlock, text.Length - start);

            // Never split a surrogate pair across two blocks.
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--;
            }

            w.Start("ActivityNarrativeInformation");
            w.Value("ActivityNarrativeSequenceNumber", ++sequence);
            w.Value("ActivityNarrativeText", text.Substring(start, length));
            w.End();
            start += length;
        }
    }
}
