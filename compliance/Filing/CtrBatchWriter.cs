using System.Globalization;
using System.Xml;

namespace Baas.Compliance.Filing;

/// <summary>
/// Writes FinCEN CTRs as a BSA E-Filing batch (<c>EFilingBatchXML</c>, form <c>CTRX</c>) valid against FinCEN's
/// <c>EFL_CTRXBatchSchema.xsd</c>. Each filing becomes one <c>Activity</c> with the transmitter (35), transmitter
/// contact (37), filing institution (30), contact office (8), transaction location (34) and the persons involved
/// (50, 17 or 23), then the currency transaction activity with one detail per direction of cash.
/// </summary>
/// <remarks>
/// The header counts what FinCEN asks: <c>ActivityCount</c> the activities, <c>PartyCount</c> every <c>Party</c>
/// element, <c>TotalAmount</c> the sum of all <c>DetailTransactionAmountText</c> amounts (cash in and cash out) in
/// whole dollars, each rounded up (see <see cref="FincenAmount"/>). A filing must have cash in or cash out over the
/// $10,000 threshold (judged on the exact cents: $10,000.00 is not over it, $10,000.01 is). The filing date is today's
/// UTC date from the <see cref="TimeProvider"/>. The batch is checked in full before anything is written: invalid
/// input throws an <see cref="ArgumentException"/> naming the field and leaves the output untouched.
/// </remarks>
public sealed class CtrBatchWriter : EFilingBatchWriter<CtrFiling>
{
    /// <summary>The batch form type.</summary>
    public const string FormTypeCode = "CTRX";

    /// <summary>The CTR threshold in USD cents: cash in or out must be more than $10,000.</summary>
    public const long ThresholdMinor = 10_000_00;

    /// <summary>Creates a writer for batches sent by <paramref name="transmitter"/>.</summary>
    public CtrBatchWriter(FilingTransmitter transmitter, TimeProvider? timeProvider = null)
        : base(transmitter, timeProvider)
    {
    }

    /// <inheritdoc />
    protected override FilingBatchSummary WriteBatch(XmlWriter xml, IReadOnlyList<CtrFiling> filings, DateOnly today, FilingBatchSummary? header)
    {
        var w = new EFilingXmlWriter(xml);
        w.StartBatch(FormTypeCode, "EFL_CTRXBatchSchema.xsd",
        [
            new("PartyCount", (header?.PartyCount ?? 0).ToString(CultureInfo.InvariantCulture)),
            new("ActivityCount", (header?.ActivityCount ?? 0).ToString(CultureInfo.InvariantCulture)),
            new("TotalAmount", FincenAmount.Text(header?.TotalAmount ?? 0)),
        ]);

        var filingDate = FilingText.Date(today, "filingDate");
        var activities = new List<FiledActivity>(filings.Count);
        var parties = 0;
        var total = 0L;
        for (var i = 0; i < filings.Count; i++)
        {
            var at = $"{nameof(filings)}[{i}]";
            var filing = filings[i] ?? FilingText.Fail<CtrFiling>(at, "is null");
            var filingId = FilingText.Required(filing.FilingId, 64, $"{at}.FilingId");
            var seqNum = WriteActivity(w, filing, filingDate, today, at, out var dollars);
            activities.Add(new FiledActivity(filingId, seqNum));

            // 35, 37, 30, 8 and 34, then the persons.
            parties += 5 + filing.Persons.Count;
            total = checked(total + dollars);
        }

        w.EndBatch();
        return new FilingBatchSummary(FormTypeCode, filings.Count, parties, total, activities);
    }

    private long WriteActivity(EFilingXmlWriter w, CtrFiling filing, string filingDate, DateOnly today, string at, out long dollars)
    {
        var institution = filing.Institution ?? FilingText.Fail<FilingInstitution>($"{at}.Institution", "is required");
        if (filing.Persons is null || filing.Persons.Count == 0)
        {
            FilingText.Fail($"{at}.Persons", "must hold at least one person");
        }

        var cashIn = FincenAmount.WholeDollars(filing.CashInMinor, $"{at}.CashInMinor");
        var cashOut = FincenAmount.WholeDollars(filing.CashOutMinor, $"{at}.CashOutMinor");
        if (filing.CashInMinor <= ThresholdMinor && filing.CashOutMinor <= ThresholdMinor)
        {
            FilingText.Fail($"{at}.CashInMinor", "and CashOutMinor are both not over the $10,000 CTR threshold");
        }

        var transactionDate = FilingText.Date(filing.TransactionDate, $"{at}.TransactionDate");
        if (filing.TransactionDate > today)
        {
            FilingText.Fail($"{at}.TransactionDate", "is after the filing date");
        }

        var seqNum = w.Start("Activity");
        w.Value("FilingDateText", filingDate);
        w.Start("ActivityAssociation");
        w.Value("CorrectsAmendsPriorReportIndicator", string.Empty);
        w.Value("FinCENDirectBackFileIndicator", string.Empty);
        w.Value("InitialReportIndicator", "Y");
        w.End();

        WriteTransmitter(w);
        WriteInstitution(w, institution, cashIn, cashOut, $"{at}.Institution");
        for (var i = 0; i < filing.Persons.Count; i++)
        {
            var personAt = $"{at}.Persons[{i}]";
            WritePerson(w, filing.Persons[i] ?? FilingText.Fail<CtrPerson>(personAt, "is null"), cashIn, cashOut, personAt);
        }

        w.Start("CurrencyTransactionActivity");
        w.Value("AggregateTransactionIndicator", filing.IsAggregated ? "Y" : string.Empty);
        w.Value("ArmoredCarServiceIndicator", string.Empty);
        w.Value("ATMIndicator", filing.ViaAtm ? "Y" : string.Empty);
        w.Value("MailDepositShipmentIndicator", string.Empty);
        w.Value("NightDepositIndicator", string.Empty);
        w.Value("SharedBranchingIndicator", string.Empty);
        w.Value("TotalCashInReceiveAmountText", cashIn == 0 ? string.Empty : FincenAmount.Text(cashIn));
        w.Value("TotalCashOutAmountText", cashOut == 0 ? string.Empty : FincenAmount.Text(cashOut));
        w.Value("TransactionDateText", transactionDate);
        if (cashIn > 0)
        {
            WriteDetail(w, (int)EFilingParts.Defined(filing.CashInType, $"{at}.CashInType"), cashIn);
        }

        if (cashOut > 0)
        {
            WriteDetail(w, (int)EFilingParts.Defined(filing.CashOutType, $"{at}.CashOutType"), cashOut);
        }

        w.End();
        w.End();

        // The header's total is the sum of the detail amounts, which here are the two totals.
        dollars = checked(cashIn + cashOut);
        return seqNum;
    }

    private static void WriteDetail(EFilingXmlWriter w, int typeCode, long dollars)
    {
        w.Start("CurrencyTransactionActivityDetail");
        w.Value("CurrencyTransactionActivityDetailTypeCode", typeCode);
        w.Value("DetailTransactionAmountText", FincenAmount.Text(dollars));
        w.Value("OtherCurrencyTransactionActivityDetailText", string.Empty);
        w.Value("OtherForeignCurrencyCountryText", string.Empty);
        w.End();
    }

    private static void WriteInstitution(EFilingXmlWriter w, FilingInstitution institution, long cashIn, long cashOut, string at)
    {
        var ein = EFilingParts.Ein(institution.Ein, $"{at}.Ein");
        var rssd = EFilingParts.Rssd(institution.RssdNumber, $"{at}.RssdNumber");
        var address = institution.Address ?? FilingText.Fail<FilingAddress>($"{at}.Address", "is required");
        var regulator = EFilingParts.Regulator(institution.PrimaryRegulator, $"{at}.PrimaryRegulator");

        w.Start("Party");
        w.Value("ActivityPartyTypeCode", "30");
        w.Value("PrimaryRegulatorTypeCode", regulator);
        EFilingParts.FullName(w, institution.LegalName, $"{at}.LegalName");
        EFilingParts.Address(w, address, $"{at}.Address");
        EFilingParts.Identification(w, EFilingParts.EinCode, ein);
        if (rssd is not null)
        {
            EFilingParts.Identification(w, EFilingParts.RssdCode, rssd);
        }

        w.End();

        w.Start("Party");
        w.Value("ActivityPartyTypeCode", "8");
        EFilingParts.FullName(w, institution.ContactOfficeName, $"{at}.ContactOfficeName");
        EFilingParts.Phone(w, institution.ContactOfficePhone, $"{at}.ContactOfficePhone");
        w.End();

        // The transaction location is the institution itself, with the cash moved there.
        w.Start("Party");
        w.Value("ActivityPartyTypeCode", "34");
        w.Optional("IndividualEntityCashInAmountText", cashIn == 0 ? null : FincenAmount.Text(cashIn));
        w.Optional("IndividualEntityCashOutAmountText", cashOut == 0 ? null : FincenAmount.Text(cashOut));
        w.Value("PrimaryRegulatorTypeCode", regulator);
        EFilingParts.FullName(w, institution.LegalName, $"{at}.LegalName");
        EFilingParts.Address(w, address, $"{at}.Address");
        EFilingParts.Identification(w, EFilingParts.EinCode, ein);
        if (rssd is not null)
        {
            EFilingParts.Identification(w, EFilingParts.RssdCode, rssd);
        }

        EFilingParts.OrganizationType(w, institution.InstitutionType, $"{at}.InstitutionType");
        w.End();
    }

    private static void WritePerson(EFilingXmlWriter w, CtrPerson person, long filingCashIn, long filingCashOut, string at)
    {
        var role = EFilingParts.Defined(person.Role, $"{at}.Role");
        var entity = EFilingParts.IsEntity(person.LastName, person.EntityName, at);
        if (entity && person.DateOfBirth is not null)
        {
            FilingText.Fail($"{at}.DateOfBirth", "is for an individual, not an entity");
        }

        var dateOfBirth = person.DateOfBirth is { } dob ? FilingText.Date(dob, $"{at}.DateOfBirth") : null;
        var cashIn = person.CashInMinor is { } personIn ? FincenAmount.WholeDollars(personIn, $"{at}.CashInMinor") : filingCashIn;
        var cashOut = person.CashOutMinor is { } personOut ? FincenAmount.WholeDollars(personOut, $"{at}.CashOutMinor") : filingCashOut;
        var accounts = EFilingParts.AccountNumbers(person.AccountNumbers, $"{at}.AccountNumbers");
        var accountElements = accounts.Count * ((cashIn > 0 ? 1 : 0) + (cashOut > 0 ? 1 : 0));
        if (accountElements > 198)
        {
            FilingText.Fail($"{at}.AccountNumbers", "holds more accounts than the CTR schema takes (198 account entries)");
        }

        // PartyType's elements, in the schema's (alphabetical) order.
        w.Start("Party");
        w.Value("ActivityPartyTypeCode", ((int)role).ToString(CultureInfo.InvariantCulture));
        w.Indicator("BirthDateUnknownIndicator", !entity && dateOfBirth is null);
        w.Optional("IndividualBirthDateText", dateOfBirth);
        w.Optional("IndividualEntityCashInAmountText", cashIn == 0 ? null : FincenAmount.Text(cashIn));
        w.Optional("IndividualEntityCashOutAmountText", cashOut == 0 ? null : FincenAmount.Text(cashOut));
        w.Indicator("PartyAsEntityOrganizationIndicator", entity);
        w.Indicator("UnknownGenderIndicator", !entity);

        EFilingParts.PersonName(w, person.LastName, person.FirstName, person.MiddleName, person.EntityName, at);
        EFilingParts.Address(w, person.Address, $"{at}.Address");

        // The one who conducted the transaction shows identification; the one on whose behalf it was done may not.
        var documentExpected = !entity && role != CtrPersonRole.OnWhoseBehalf;
        EFilingParts.PersonIdentifications(w, person.Identifications, documentExpected, $"{at}.Identifications");
        EFilingParts.Occupation(w, person.Occupation, $"{at}.Occupation");

        // Each account once per direction of cash: 8 for cash in, 9 for cash out.
        foreach (var account in accounts)
        {
            if (cashIn > 0)
            {
                WriteAccount(w, account, "8");
            }

            if (cashOut > 0)
            {
                WriteAccount(w, account, "9");
            }
        }

        w.End();
    }

    private static void WriteAccount(EFilingXmlWriter w, string account, string associationCode)
    {
        w.Start("Account");
        w.Value("AccountNumberText", account);
        w.Start("PartyAccountAssociation");
        w.Value("PartyAccountAssociationTypeCode", associationCode);
        w.End();
        w.End();
    }
}
