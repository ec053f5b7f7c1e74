namespace Baas.SwitchSim.Run;

/// <summary>One request in flight: what was sent, when it was meant to go, and what the oracle expects.</summary>
internal sealed class Pending
{
    public Kind Kind;
    public CardModel Card = null!;
    public HoldModel? Hold;

    // A follow-up (repeat, timeout reversal) copies what it needs of the original, which may be recycled.
    public Kind OriginalKind;
    public int OriginalMti;
    public string OriginalStan = "";
    public string OriginalTransmission = "";
    public long OriginalAmount;

    /// <summary>A repeat keeps the original's STAN, transmission time and RRN.</summary>
    public bool KeepKeys;
    public int Mti;
    public int StanNumber;
    public string Stan = "";
    public string TransmissionDateTime = "";
    public string Rrn = "";
    public long Amount;
    public bool PartialAllowed;
    public string? Expected;
    public ushort Mcc;
    public long IntendedTicks;
    public long SentTicks;
    public long NowMicros;
    public int Completed;
    public readonly byte[] Frame = new byte[2048];
    public int FrameLength;

    public AccountModel Account => Card.Account;

    public void Reset()
    {
        Kind = Kind.Purchase;
        Card = null!;
        Hold = null;
        OriginalKind = Kind.Purchase;
        OriginalMti = 0;
        OriginalStan = OriginalTransmission = "";
        OriginalAmount = 0;
        KeepKeys = false;
        Mti = StanNumber = 0;
        Stan = TransmissionDateTime = Rrn = "";
        Amount = 0;
        PartialAllowed = false;
        Expected = null;
        Mcc = 0;
        IntendedTicks = SentTicks = NowMicros = 0;
        Completed = 0;
        FrameLength = 0;
    }
}
