using System.Globalization;
using System.Security.Cryptography;
using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Samples;
using Baas.Iso8583.Subfields;

namespace Baas.SwitchSim.Run;

/// <summary>
/// Builds and frames the network's messages for one thread (each sending thread has its own): purchases,
/// e-commerce with CVV2, ATM withdrawals with a PIN block, refunds, balance inquiries, incrementals,
/// reversals (full and partial), completions, timeout reversals, repeats and network management.
/// </summary>
internal sealed class RequestBuilder : IDisposable
{
    // The authorizer's default zone PIN key (double length, used as K1K2K1: OpenSSL 3 refuses 16-byte 3DES keys).
    private static readonly byte[] ZonePinKey = Convert.FromHexString("0123456789ABCDEFFEDCBA98765432100123456789ABCDEF");

    private readonly IsoMessage _message = new(2048);
    private readonly IsoCodec _codec;
    private readonly FrameFormat _framing;
    private readonly string _terminal;
    private readonly TripleDES _des;

    public RequestBuilder(IsoCodec codec, FrameFormat framing, string terminal)
    {
        _codec = codec;
        _framing = framing;
        _terminal = terminal;
#pragma warning disable CA5350 // ISO 9564 PIN blocks travel under 3DES zone keys: the networks mandate it.
        _des = TripleDES.Create();
#pragma warning restore CA5350
        _des.Key = ZonePinKey;
    }

    public const string Acquirer = "444555";

    /// <summary>Builds <paramref name="p"/>'s message into its frame buffer.</summary>
    public bool Build(Pending p, DateTime utcNow, bool withEmv)
    {
        var m = _message;
        m.Clear();
        if (!p.KeepKeys)
        {
            p.TransmissionDateTime = utcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture);
            p.Stan = p.StanNumber.ToString("D6", CultureInfo.InvariantCulture);
            p.Rrn = utcNow.ToString("yDDD", CultureInfo.InvariantCulture)[^4..] + _terminal[^2..] + p.Stan;
        }

        var kind = p.Kind == Kind.Repeat ? p.OriginalKind : p.Kind;
        switch (kind)
        {
            case Kind.Echo or Kind.SignOn:
                m.Mti = 800;
                m.Set(IsoField.TransmissionDateTime, p.TransmissionDateTime);
                m.Set(IsoField.Stan, p.Stan);
                m.Set(IsoField.NetworkManagementCode, p.Kind == Kind.SignOn ? "001" : "301");
                return Pack(p);
            case Kind.Reversal or Kind.TimeoutReversal or Kind.Clearing:
                return BuildFollowUp(p, utcNow);
            default:
                break;
        }

        var card = p.Card.Card;
        m.Mti = p.Mti;
        m.Set(IsoField.Pan, card.Pan);
        m.Set(IsoField.ProcessingCode, ProcessingCode(kind));
        m.SetNumber(IsoField.AmountTransaction, p.Amount, 12);
        Common(p, utcNow);
        m.Set(IsoField.Expiry, card.Expiry);
        m.SetNumber(IsoField.MerchantType, p.Mcc, 4);
        switch (kind)
        {
            case Kind.Ecommerce:
                m.Set(IsoField.PosEntryMode, "810");
                m.Set(IsoField.PosConditionCode, "59");
                m.Set(IsoField.AdditionalDataPrivate, "CV" + card.Cvv2.Length.ToString("D3", CultureInfo.InvariantCulture) + card.Cvv2);
                break;
            case Kind.Atm:
                m.Set(IsoField.PosEntryMode, "051");
                m.Set(IsoField.PosConditionCode, "02");
                m.Set(IsoField.PinData, PinBlock(card.Pan, card.Pin));
                break;
            default:
                m.Set(IsoField.PosEntryMode, "051");
                m.Set(IsoField.PosConditionCode, "00");
                var de48 = p.PartialAllowed ? "PA0011" : "";
                if (kind == Kind.Incremental && p.Hold is { } hold)
                {
                    de48 += "AI001I";
                    SetOriginal(hold.Mti, hold.Stan, hold.TransmissionDateTime);
                }

                if (de48.Length > 0)
                {
                    m.Set(IsoField.AdditionalDataPrivate, de48);
                }

                if (withEmv && kind is Kind.Purchase)
                {
                    m.Set(IsoField.IccData, SampleMessages.EmvData);
                }

                break;
        }

        return Pack(p);
    }

    private bool BuildFollowUp(Pending p, DateTime utcNow)
    {
        var m = _message;
        var card = p.Card.Card;
        m.Set(IsoField.Pan, card.Pan);
        m.SetNumber(IsoField.MerchantType, p.Mcc, 4);
        m.Set(IsoField.PosEntryMode, "051");
        if (p.Kind == Kind.TimeoutReversal)
        {
            // A timeout reversal restates the original request and points at it.
            m.Mti = 420;
            m.Set(IsoField.ProcessingCode, ProcessingCode(p.OriginalKind));
            m.SetNumber(IsoField.AmountTransaction, p.OriginalAmount, 12);
            Common(p, utcNow);
            SetOriginal(p.OriginalMti, p.OriginalStan, p.OriginalTransmission);
            return Pack(p);
        }

        var hold = p.Hold!;
        m.Mti = p.Kind == Kind.Clearing ? 220 : 400;
        m.Set(IsoField.ProcessingCode, hold.SingleMessage ? "011000" : "000000");
        m.SetNumber(IsoField.AmountTransaction, p.Kind == Kind.Clearing ? p.Amount : hold.Authorized, 12);
        Common(p, utcNow);
        SetOriginal(hold.Mti, hold.Stan, hold.TransmissionDateTime);
        if (p.Kind == Kind.Reversal && p.Amount < hold.Remaining)
        {
            // Partial: DE95 says what the transaction really came to.
            Span<byte> de95 = stackalloc byte[ReplacementAmounts.Length];
            var keep = hold.Remaining - p.Amount;
            new ReplacementAmounts(keep, keep, 0, 0).WriteTo(de95);
            m.Set(IsoField.ReplacementAmounts, de95);
        }

        return Pack(p);
    }

    private static string ProcessingCode(Kind kind) => kind switch
    {
        Kind.Atm => "011000",
        Kind.Refund => "200000",
        Kind.Balance => "301000",
        _ => "000000",
    };

    private void Common(Pending p, DateTime utcNow)
    {
        var m = _message;
        m.Set(IsoField.TransmissionDateTime, p.TransmissionDateTime);
        m.Set(IsoField.Stan, p.Stan);
        m.Set(IsoField.LocalTime, utcNow.ToString("HHmmss", CultureInfo.InvariantCulture));
        m.Set(IsoField.AcquirerId, Acquirer);
        m.Set(IsoField.Rrn, p.Rrn);
        m.Set(IsoField.TerminalId, _terminal);
        m.Set(IsoField.MerchantId, "SIMMERCHANT0001");
        Span<byte> location = stackalloc byte[MerchantLocation.Length];
        MerchantLocation.Write("SWITCH SIM MERCHANT"u8, "SPRINGFIELD"u8, "US"u8, location);
        m.Set(IsoField.MerchantLocation, location);
        m.Set(IsoField.CurrencyTransaction, "840");
    }

    private void SetOriginal(int mti, string stan, string transmission)
    {
        Span<byte> de90 = stackalloc byte[OriginalDataElements.Length];
        new OriginalDataElements(mti, int.Parse(stan, CultureInfo.InvariantCulture), long.Parse(transmission, CultureInfo.InvariantCulture), long.Parse(Acquirer, CultureInfo.InvariantCulture), 0).WriteTo(de90);
        _message.Set(IsoField.OriginalDataElements, de90);
    }

    private bool Pack(Pending p)
    {
        var writer = new SpanWriter(p.Frame);
        if (!_framing.TryWrite(_codec, _message, default, writer, out _))
        {
            return false;
        }

        p.FrameLength = writer.Written;
        return true;
    }

    private byte[] PinBlock(string pan, string pin)
    {
        var block = new byte[8];
        var pinField = Convert.FromHexString(("0" + pin.Length.ToString("X", CultureInfo.InvariantCulture) + pin).PadRight(16, 'F'));
        var panField = Convert.FromHexString("0000" + pan[(pan.Length - 13)..(pan.Length - 1)]);
        for (var i = 0; i < 8; i++)
        {
            block[i] = (byte)(pinField[i] ^ panField[i]);
        }

        return _des.EncryptEcb(block, PaddingMode.None);
    }

    public void Dispose() => _des.Dispose();

    /// <summary>An <see cref="System.Buffers.IBufferWriter{T}"/> over a fixed array.</summary>
    private sealed class SpanWriter(byte[] buffer) : System.Buffers.IBufferWriter<byte>
    {
        public int Written { get; private set; }

        public void Advance(int count) => Written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => buffer.AsMemory(Written);

        public Span<byte> GetSpan(int sizeHint = 0) => buffer.AsSpan(Written);
    }
}
