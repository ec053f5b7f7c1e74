using System.Text;
using System.Xml.Linq;
using Baas.Compliance.Filing;

namespace Baas.Compliance.Tests.Filing;

/// <summary>Filings to write, and the written batch read back.</summary>
internal static class FilingSamples
{
    public static readonly DateTimeOffset Now = new(2025, 6, 30, 15, 0, 0, TimeSpan.Zero);

    public static FixedTimeProvider Clock() => new(Now);

    public static FilingTransmitter Transmitter() => new()
    {
        LegalName = "Baas Processor Inc",
        Tin = "12-3456789",
        TransmitterControlCode = "TBSATEST",
        Address = new FilingAddress("1 Market St", "San Francisco", "CA", "94105", "US"),
        Phone = "(415) 555-0100",
        ContactName = "Compliance Operations",
    };

    public static FilingInstitution Institution() => new()
    {
        LegalName = "Example Sponsor Bank, N.A.",
        Ein = "98-7654321",
        Address = new FilingAddress("100 Main St", "Wilmington", "DE", "19801-1234", "US"),
        PrimaryRegulator = FederalRegulator.Occ,
        RssdNumber = "1234567",
        ContactOfficeName = "BSA Office",
        ContactOfficePhone = "302-555-0199",
    };

    public static SarSubject Individual(string last = "Doe", string first = "Jane") => new()
    {
        LastName = last,
        FirstName = first,
        DateOfBirth = new DateOnly(1985, 4, 12),
        Address = new FilingAddress("22 Elm St  Apt 4", "Springfield", "IL", "62701", "US"),
        Identifications =
        [
            new PartyIdentification(IdentificationType.SsnOrItin, "123-45-6789"),
            new PartyIdentification(IdentificationType.DriversLicenseOrStateId, "D1234567") { IssuingCountry = "US", IssuingState = "IL" },
        ],
        AccountNumbers = ["ACC-0001", "ACC-0002"],
        Role = SubjectRole.PurchaserSender,
        Relationship = SubjectRelationship.Customer,
        Occupation = "Software engineer",
    };

    public static SarSubject Entity(string name = "Acme Trading LLC") => new()
    {
        EntityName = name,
        Address = new FilingAddress("5 Harbour Rd", "Toronto", "ON", "M5J 2N8", "CA"),
        Identifications = [new PartyIdentification(IdentificationType.Ein, "11-2233445")],
        Relationship = SubjectRelationship.NoRelationship,
    };

    public static SarFiling Sar(string id, long amountMinor = 1_234_567, params SarSubject[] subjects) => new()
    {
        FilingId = id,
        Institution = Institution(),
        Subjects = subjects.Length == 0 ? [Individual()] : subjects,
        ActivityFrom = new DateOnly(2025, 5, 1),
        ActivityTo = new DateOnly(2025, 5, 28),
        TotalAmountMinor = amountMinor,
        Categories = [SuspiciousActivityCategory.StructuringBelowCtrThreshold, SuspiciousActivityCategory.TransactionOutOfPattern],
        Narrative = "Between May 1 and May 28, 2025 the cardholder loaded the prepaid account 14 times with amounts between $9,000 and $9,900.\nThe loads were followed by ATM withdrawals the same day.",
    };

    public static CtrPerson Person(string last = "Roe", string first = "Richard") => new()
    {
        Role = CtrPersonRole.ConductedOnOwnBehalf,
        LastName = last,
        FirstName = first,
        DateOfBirth = new DateOnly(1979, 11, 3),
        Address = new FilingAddress("9 Oak Ave", "Austin", "TX", "73301", "US"),
        Identifications =
        [
            new PartyIdentification(IdentificationType.SsnOrItin, "987654321"),
            new PartyIdentification(IdentificationType.Passport, "X1234567") { IssuingCountry = "US" },
        ],
        AccountNumbers = ["ACC-0042"],
        Occupation = "Restaurant owner",
    };

    public static CtrFiling Ctr(string id, long cashInMinor = 1_250_050, long cashOutMinor = 0, params CtrPerson[] persons) => new()
    {
        FilingId = id,
        Institution = Institution(),
        Persons = persons.Length == 0 ? [Person()] : persons,
        TransactionDate = new DateOnly(2025, 6, 27),
        CashInMinor = cashInMinor,
        CashOutMinor = cashOutMinor,
    };

    public static (string Xml, FilingBatchSummary Summary) WriteSar(params SarFiling[] filings)
    {
        using var stream = new MemoryStream();
        var summary = new SarBatchWriter(Transmitter(), Clock()).Write(stream, filings);
        return (Encoding.UTF8.GetString(stream.ToArray()), summary);
    }

    public static (string Xml, FilingBatchSummary Summary) WriteCtr(params CtrFiling[] filings)
    {
        using var stream = new MemoryStream();
        var summary = new CtrBatchWriter(Transmitter(), Clock()).Write(stream, filings);
        return (Encoding.UTF8.GetString(stream.ToArray()), summary);
    }

    public static XElement Root(string xml) => XDocument.Parse(xml).Root!;

    public static XName N(string localName) => FincenSchemas.Ns + localName;

    public static string Party(XElement party) => party.Element(N("ActivityPartyTypeCode"))?.Value ?? string.Empty;

    public static IEnumerable<XElement> TopParties(XElement activity, string typeCode) =>
        activity.Elements(N("Party")).Where(p => Party(p) == typeCode);
}
