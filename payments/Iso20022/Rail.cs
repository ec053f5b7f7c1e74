namespace Baas.Payments.Iso20022;

/// <summary>The instant or wire rail a message travels on; it decides the clearing system code.</summary>
public enum Rail
{
    /// <summary>The Clearing House RTP network, clearing system "TCH".</summary>
    Rtp,

    /// <summary>FedNow Service, clearing system "FDN".</summary>
    FedNow,

    /// <summary>Fedwire Funds Service, clearing system "FDW".</summary>
    Wire,
}

/// <summary>Clearing system codes of the rails (GrpHdr/SttlmInf/ClrSys/Cd, ExternalCashClearingSystem1Code, at most 3 characters).</summary>
public static class RailCodes
{
    /// <summary>The clearing system code of <paramref name="rail"/>.</summary>
    public static string ClearingSystemCode(this Rail rail) => rail switch
    {
        Rail.Rtp => "TCH",
        Rail.FedNow => "FDN",
        Rail.Wire => "FDW",
        _ => throw new ArgumentOutOfRangeException(nameof(rail), rail, "Unknown rail."),
    };

    /// <summary>The rail of a clearing system code.</summary>
    public static bool TryParse(string code, out Rail rail)
    {
        switch (code)
        {
            case "TCH":
                rail = Rail.Rtp;
                return true;
            case "FDN":
                rail = Rail.FedNow;
                return true;
            case "FDW":
                rail = Rail.Wire;
                return true;
            default:
                rail = default;
                return false;
        }
    }
}
