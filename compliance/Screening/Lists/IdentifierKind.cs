namespace Baas.Compliance.Screening.Lists;

/// <summary>The family an identifier on a list entry belongs to.</summary>
public enum IdentifierKind
{
    /// <summary>Any other identifier.</summary>
    Other,

    /// <summary>A passport or travel document number.</summary>
    Passport,

    /// <summary>A national identity number (cedula, D.N.I., C.U.R.P., SSN, national ID card, ...).</summary>
    NationalId,

    /// <summary>A tax number (NIT, R.F.C., RUC, VAT, ...).</summary>
    TaxId,

    /// <summary>A company or trade registration number.</summary>
    Registration,

    /// <summary>A digital currency address (<c>Digital Currency Address - XBT ...</c>).</summary>
    DigitalCurrencyAddress,

    /// <summary>A vessel (IMO, MMSI, call sign) or aircraft (tail number, serial number) identifier.</summary>
    VesselOrAircraft,

    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>A telephone or fax number.</summary>
    Phone,
}
