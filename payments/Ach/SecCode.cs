namespace Baas.Payments.Ach;

/// <summary>Standard Entry Class codes the reader understands; the three-letter code is the member name upper-cased.</summary>
public enum SecCode
{
    Ack,
    Adv,
    Arc,
    Atx,
    Boc,
    Ccd,
    Cie,
    Cor,
    Ctx,
    Dne,
    Enr,
    Iat,
    Mte,
    Pop,
    Pos,
    Ppd,
    Rck,
    Shr,
    Tel,
    Trc,
    Trx,
    Web,
    Xck,
}

/// <summary>Conversions between <see cref="SecCode"/> and the three-letter code in a batch header.</summary>
public static class SecCodes
{
    private static readonly Dictionary<string, SecCode> ByCode =
        Enum.GetValues<SecCode>().ToDictionary(c => c.ToString().ToUpperInvariant(), StringComparer.Ordinal);

    /// <summary>The three-letter code, e.g. "PPD".</summary>
    public static string ToCode(this SecCode code) => code switch
    {
        SecCode.Ack => "ACK",
        SecCode.Adv => "ADV",
        SecCode.Arc => "ARC",
        SecCode.Atx => "ATX",
        SecCode.Boc => "BOC",
        SecCode.Ccd => "CCD",
        SecCode.Cie => "CIE",
        SecCode.Cor => "COR",
        SecCode.Ctx => "CTX",
        SecCode.Dne => "DNE",
        SecCode.Enr => "ENR",
        SecCode.Iat => "IAT",
        SecCode.Mte => "MTE",
        SecCode.Pop => "POP",
        SecCode.Pos => "POS",
        SecCode.Ppd => "PPD",
        SecCode.Rck => "RCK",
        SecCode.Shr => "SHR",
        SecCode.Tel => "TEL",
        SecCode.Trc => "TRC",
        SecCode.Trx => "TRX",
        SecCode.Web => "WEB",
        SecCode.Xck => "XCK",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown SEC code."),
    };

    /// <summary>Parses an upper-case three-letter code.</summary>
    public static bool TryParse(string text, out SecCode code) => ByCode.TryGetValue(text, out code);

    /// <summary>True for the SEC codes whose entries carry the "number of addenda records" field (CTX, ATX, TRX).</summary>
    public static bool HasAddendaCountField(this SecCode code) => code is SecCode.Ctx or SecCode.Atx or SecCode.Trx;
}
