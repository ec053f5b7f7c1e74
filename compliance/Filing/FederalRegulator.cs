namespace Baas.Compliance.Filing;

/// <summary>Primary federal regulator of an institution, valued as the schemas' <c>PrimaryRegulatorTypeCode</c> (the codes both the SAR and CTR schemas accept).</summary>
public enum FederalRegulator
{
    /// <summary>Federal Reserve.</summary>
    FederalReserve = 1,

    /// <summary>FDIC.</summary>
    Fdic = 2,

    /// <summary>NCUA.</summary>
    Ncua = 3,

    /// <summary>OCC.</summary>
    Occ = 4,

    /// <summary>SEC.</summary>
    Sec = 6,

    /// <summary>IRS (money services businesses).</summary>
    Irs = 7,

    /// <summary>CFTC.</summary>
    Cftc = 9,
}
