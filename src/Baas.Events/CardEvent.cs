using System.Text.Json;

namespace Baas.Events;

/// <summary>
/// The body of every card transaction event (authorization, incremental authorization, reversal, advice,
/// clearing, refund, hold expiry, balance inquiry). One shape for all of them keeps one encoder, one decoder
/// and one JSON writer. The event carries its effects as deltas (<see cref="HoldDelta"/>,
/// <see cref="PostedDelta"/>), so applying it to state needs nothing but the event: live processing and replay
/// are the same code. Instances are reused on the hot path (<see cref="Reset"/>); nothing allocates.
/// </summary>
public sealed class CardEvent
{
    /// <summary>Version of this body layout.</summary>
    public const byte Version = 1;

    /// <summary>Upper bound of an encoded body, for buffer sizing.</summary>
    public const int MaxEncodedSize = 2048;

    // What happened.
    public ushort Mti;
    public Text40 ProcessingCode;
    public bool Approved;
    public bool Partial;
    public Text40 ResponseCode;
    public DeclineReason Reason;
    public Text40 ApprovalCode;
    public Channel Channel;
    public Text40 EntryMode;
    public Text40 PosCondition;
    public bool StandIn;
    public bool PreAuthorization;
    public bool SingleMessage;
    public bool ForcePost;
    public bool Unmatched;
    public bool LateClearing;
    public bool FinalClearing;
    public bool PinChecked;
    public bool OverTolerance;

    // Who.
    public CardToken CardToken;
    public Text40 CardId;
    public Text40 AccountId;
    public Text40 ProgramId;

    // Amounts in minor units.
    public long RequestedAmount;
    public ushort RequestedCurrency;
    public long BillingAmount;
    public ushort BillingCurrency;
    public long ApprovedAmount;
    public ushort AccountCurrency;

    // Effects.
    public long HoldId;
    public long HoldExpiresAt;
    public long HoldDelta;
    public long PostedDelta;
    public long HoldRemaining;
    public long PostedAfter;
    public long HeldAfter;

    // Merchant and terminal.
    public ushort Mcc;
    public Text40 MerchantName;
    public Text40 MerchantCity;
    public Text40 MerchantCountry;
    public Text40 TerminalId;
    public Text40 MerchantId;
    public Text40 AcquirerId;
    public ushort AcquirerCountry;

    // Network references.
    public int Stan;
    public Text40 TransmissionDateTime;
    public Text40 Rrn;
    public ushort OriginalMti;
    public int OriginalStan;
    public Text40 OriginalTransmissionDateTime;
    public Text40 Reference;

    /// <summary>Microseconds from receipt to decision.</summary>
    public int DecisionMicros;

    /// <summary>Clears every field for reuse.</summary>
    public void Reset()
    {
        Mti = 0;
        ProcessingCode.Clear();
        Approved = Partial = StandIn = PreAuthorization = SingleMessage = ForcePost = Unmatched = LateClearing = FinalClearing = PinChecked = OverTolerance = false;
        ResponseCode.Clear();
        Reason = DeclineReason.Approved;
        ApprovalCode.Clear();
        Channel = Channel.Unknown;
        EntryMode.Clear();
        PosCondition.Clear();
        CardToken = default;
        CardId.Clear();
        AccountId.Clear();
        ProgramId.Clear();
        RequestedAmount = BillingAmount = ApprovedAmount = 0;
        RequestedCurrency = BillingCurrency = AccountCurrency = 0;
        HoldId = HoldExpiresAt = HoldDelta = PostedDelta = HoldRemaining = PostedAfter = HeldAfter = 0;
        Mcc = 0;
        MerchantName.Clear();
        MerchantCity.Clear();
        MerchantCountry.Clear();
        TerminalId.Clear();
        MerchantId.Clear();
        AcquirerId.Clear();
        AcquirerCountry = 0;
        Stan = 0;
        TransmissionDateTime.Clear();
        Rrn.Clear();
        OriginalMti = 0;
        OriginalStan = 0;
        OriginalTransmissionDateTime.Clear();
        Reference.Clear();
        DecisionMicros = 0;
    }

    /// <summary>Copies every field from another event.</summary>
    public void CopyFrom(CardEvent other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Span<byte> buffer = stackalloc byte[MaxEncodedSize];
        var n = other.Encode(buffer);
        Decode(buffer[..n]);
    }

    /// <summary>Writes the body; returns the bytes written.</summary>
    public int Encode(Span<byte> dest)
    {
        var w = new BodyWriter(dest);
        w.U16(Mti);
        w.Text(ProcessingCode.Span);
        var flags = (Approved ? 1 : 0) | (Partial ? 2 : 0) | (StandIn ? 4 : 0) | (PreAuthorization ? 8 : 0)
            | (SingleMessage ? 16 : 0) | (ForcePost ? 32 : 0) | (Unmatched ? 64 : 0) | (LateClearing ? 128 : 0)
            | (FinalClearing ? 256 : 0) | (PinChecked ? 512 : 0) | (OverTolerance ? 1024 : 0);
        w.U16((ushort)flags);
        w.Text(ResponseCode.Span);
        w.U8((byte)Reason);
        w.Text(ApprovalCode.Span);
        w.U8((byte)Channel);
        w.Text(EntryMode.Span);
        w.Text(PosCondition.Span);
        w.Raw(CardToken.Span);
        w.Text(CardId.Span);
        w.Text(AccountId.Span);
        w.Text(ProgramId.Span);
        w.I64(RequestedAmount);
        w.U16(RequestedCurrency);
        w.I64(BillingAmount);
        w.U16(BillingCurrency);
        w.I64(ApprovedAmount);
        w.U16(AccountCurrency);
        w.I64(HoldId);
        w.I64(HoldExpiresAt);
        w.I64(HoldDelta);
        w.I64(PostedDelta);
        w.I64(HoldRemaining);
        w.I64(PostedAfter);
        w.I64(HeldAfter);
        w.U16(Mcc);
        w.Text(MerchantName.Span);
        w.Text(MerchantCity.Span);
        w.Text(MerchantCountry.Span);
        w.Text(TerminalId.Span);
        w.Text(MerchantId.Span);
        w.Text(AcquirerId.Span);
        w.U16(AcquirerCountry);
        w.I32(Stan);
        w.Text(TransmissionDateTime.Span);
        w.Text(Rrn.Span);
        w.U16(OriginalMti);
        w.I32(OriginalStan);
        w.Text(OriginalTransmissionDateTime.Span);
        w.Text(Reference.Span);
        w.I32(DecisionMicros);
        return w.Written;
    }

    /// <summary>Reads a body written by <see cref="Encode"/>; false when it is truncated.</summary>
    public bool Decode(ReadOnlySpan<byte> body)
    {
        var r = new BodyReader(body);
        Mti = r.U16();
        ProcessingCode.Set(r.Text());
        var flags = r.U16();
        Approved = (flags & 1) != 0;
        Partial = (flags & 2) != 0;
        StandIn = (flags & 4) != 0;
        PreAuthorization = (flags & 8) != 0;
        SingleMessage = (flags & 16) != 0;
        ForcePost = (flags & 32) != 0;
        Unmatched = (flags & 64) != 0;
        LateClearing = (flags & 128) != 0;
        FinalClearing = (flags & 256) != 0;
        PinChecked = (flags & 512) != 0;
        OverTolerance = (flags & 1024) != 0;
        ResponseCode.Set(r.Text());
        Reason = (DeclineReason)r.U8();
        ApprovalCode.Set(r.Text());
        Channel = (Channel)r.U8();
        EntryMode.Set(r.Text());
        PosCondition.Set(r.Text());
        var token = r.Raw(CardToken.Size);
        CardToken = token.Length == CardToken.Size ? CardToken.FromBytes(token) : default;
        CardId.Set(r.Text());
        AccountId.Set(r.Text());
        ProgramId.Set(r.Text());
        RequestedAmount = r.I64();
        RequestedCurrency = r.U16();
        BillingAmount = r.I64();
        BillingCurrency = r.U16();
        ApprovedAmount = r.I64();
        AccountCurrency = r.U16();
        HoldId = r.I64();
        HoldExpiresAt = r.I64();
        HoldDelta = r.I64();
        PostedDelta = r.I64();
        HoldRemaining = r.I64();
        PostedAfter = r.I64();
        HeldAfter = r.I64();
        Mcc = r.U16();
        MerchantName.Set(r.Text());
        MerchantCity.Set(r.Text());
        MerchantCountry.Set(r.Text());
        TerminalId.Set(r.Text());
        MerchantId.Set(r.Text());
        AcquirerId.Set(r.Text());
        AcquirerCountry = r.U16();
        Stan = r.I32();
        TransmissionDateTime.Set(r.Text());
        Rrn.Set(r.Text());
        OriginalMti = r.U16();
        OriginalStan = r.I32();
        OriginalTransmissionDateTime.Set(r.Text());
        Reference.Set(r.Text());
        DecisionMicros = r.I32();
        return !r.Failed;
    }

    /// <summary>Writes the body's properties (the envelope's are written by the caller).</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteString("mti", Mti.ToString("D4"));
        Str(w, "processingCode", ProcessingCode);
        w.WriteBoolean("approved", Approved);
        w.WriteBoolean("partial", Partial);
        Str(w, "responseCode", ResponseCode);
        w.WriteString("reason", DeclineReasons.Name(Reason));
        Str(w, "approvalCode", ApprovalCode);
        w.WriteString("cardToken", CardToken.ToString());
        Str(w, "cardId", CardId);
        Str(w, "accountId", AccountId);
        Str(w, "programId", ProgramId);
        w.WriteNumber("requestedAmount", RequestedAmount);
        Currency(w, "requestedCurrency", RequestedCurrency);
        w.WriteNumber("billingAmount", BillingAmount);
        Currency(w, "billingCurrency", BillingCurrency);
        w.WriteNumber("approvedAmount", ApprovedAmount);
        Currency(w, "accountCurrency", AccountCurrency);
        if (HoldId != 0)
        {
            w.WriteNumber("holdId", HoldId);
            if (HoldExpiresAt != 0)
            {
                w.WriteString("holdExpiresAt", DateTimeOffset.FromUnixTimeMilliseconds(HoldExpiresAt).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
            }

            w.WriteNumber("holdRemaining", HoldRemaining);
        }

        w.WriteNumber("holdDelta", HoldDelta);
        w.WriteNumber("postedDelta", PostedDelta);
        w.WriteNumber("postedAfter", PostedAfter);
        w.WriteNumber("heldAfter", HeldAfter);
        w.WriteString("mcc", Mcc.ToString("D4"));
        Str(w, "merchantName", MerchantName);
        Str(w, "merchantCity", MerchantCity);
        Str(w, "merchantCountry", MerchantCountry);
        Str(w, "terminalId", TerminalId);
        Str(w, "merchantId", MerchantId);
        Str(w, "acquirerId", AcquirerId);
        if (AcquirerCountry != 0)
        {
            w.WriteString("acquirerCountry", AcquirerCountry.ToString("D3"));
        }

        w.WriteString("channel", Channels.Name(Channel));
        Str(w, "entryMode", EntryMode);
        Str(w, "posCondition", PosCondition);
        w.WriteString("stan", Stan.ToString("D6"));
        Str(w, "transmissionDateTime", TransmissionDateTime);
        Str(w, "rrn", Rrn);
        if (OriginalMti != 0 || OriginalStan != 0)
        {
            w.WriteString("originalMti", OriginalMti.ToString("D4"));
            w.WriteString("originalStan", OriginalStan.ToString("D6"));
            Str(w, "originalTransmissionDateTime", OriginalTransmissionDateTime);
        }

        Str(w, "reference", Reference);
        w.WriteBoolean("standIn", StandIn);
        Flag(w, "preAuthorization", PreAuthorization);
        Flag(w, "singleMessage", SingleMessage);
        Flag(w, "forcePost", ForcePost);
        Flag(w, "unmatched", Unmatched);
        Flag(w, "lateClearing", LateClearing);
        Flag(w, "finalClearing", FinalClearing);
        Flag(w, "overTolerance", OverTolerance);
        w.WriteNumber("decisionMicros", DecisionMicros);
    }

    private static void Str(Utf8JsonWriter w, string name, in Text40 value)
    {
        if (!value.IsEmpty)
        {
            w.WriteString(name, value.ToString());
        }
    }

    private static void Currency(Utf8JsonWriter w, string name, ushort numeric)
    {
        if (numeric != 0)
        {
            w.WriteString(name, Currencies.Alpha(numeric));
        }
    }

    private static void Flag(Utf8JsonWriter w, string name, bool value)
    {
        if (value)
        {
            w.WriteBoolean(name, true);
        }
    }
}
