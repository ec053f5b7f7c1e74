namespace Baas.Iso8583.Subfields;

/// <summary>
/// DE90, original data elements (n42): original MTI (4), STAN (6), transmission date and time (10), acquirer
/// (11) and forwarding institution (11). Reversals and advices match their original with it.
/// </summary>
public readonly record struct OriginalDataElements(int Mti, int Stan, long TransmissionDateTime, long AcquirerId, long ForwarderId)
{
    /// <summary>The field's length.</summary>
    public const int Length = 42;

    /// <summary>True when the network sent zeros in the subfields that identify the original (use a fallback match).</summary>
    public bool IsZero => Stan == 0 && TransmissionDateTime == 0;

    /// <summary>Parses the 42 digits of DE90.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out OriginalDataElements result)
    {
        result = default;
        if (value.Length != Length
            || !Digits.TryParse(value[..4], out int mti)
            || !Digits.TryParse(value.Slice(4, 6), out int stan)
            || !Digits.TryParse(value.Slice(10, 10), out long dateTime)
            || !Digits.TryParse(value.Slice(20, 11), out long acquirer)
            || !Digits.TryParse(value.Slice(31, 11), out long forwarder))
        {
            return false;
        }

        result = new OriginalDataElements(mti, stan, dateTime, acquirer, forwarder);
        return true;
    }

    /// <summary>Writes the 42 digits.</summary>
    public void WriteTo(Span<byte> dest)
    {
        Digits.TryWrite(Mti, dest[..4]);
        Digits.TryWrite(Stan, dest.Slice(4, 6));
        Digits.TryWrite(TransmissionDateTime, dest.Slice(10, 10));
        Digits.TryWrite(AcquirerId, dest.Slice(20, 11));
        Digits.TryWrite(ForwarderId, dest.Slice(31, 11));
    }
}
