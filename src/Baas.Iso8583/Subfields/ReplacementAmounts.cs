namespace Baas.Iso8583.Subfields;

/// <summary>
/// DE95, replacement amounts (42): actual transaction amount (12), actual settlement amount (12), actual
/// transaction fee (x+n8) and actual settlement fee (x+n8). A partial reversal carries the amount that
/// remains.
/// </summary>
public readonly record struct ReplacementAmounts(long ActualAmount, long SettlementAmount, long TransactionFee, long SettlementFee)
{
    /// <summary>The field's length.</summary>
    public const int Length = 42;

    /// <summary>Parses DE95. Fee signs 'C' (credit, positive) and 'D' (debit, negative) are read; a zero or space sign counts as no sign.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out ReplacementAmounts result)
    {
        result = default;
        if (value.Length != Length
            || !Digits.TryParse(value[..12], out long actual)
            || !Digits.TryParse(value.Slice(12, 12), out long settlement)
            || !TryParseSigned(value.Slice(24, 9), out var fee)
            || !TryParseSigned(value.Slice(33, 9), out var settlementFee))
        {
            return false;
        }

        result = new ReplacementAmounts(actual, settlement, fee, settlementFee);
        return true;
    }

    /// <summary>Writes the 42 characters.</summary>
    public void WriteTo(Span<byte> dest)
    {
        Digits.TryWrite(ActualAmount, dest[..12]);
        Digits.TryWrite(SettlementAmount, dest.Slice(12, 12));
        WriteSigned(TransactionFee, dest.Slice(24, 9));
        WriteSigned(SettlementFee, dest.Slice(33, 9));
    }

    private static bool TryParseSigned(ReadOnlySpan<byte> value, out long amount)
    {
        amount = 0;
        var sign = value[0];
        if (!Digits.TryParse(value[1..], out long magnitude))
        {
            return false;
        }

        switch (sign)
        {
            case (byte)'C':
                amount = magnitude;
                return true;
            case (byte)'D':
                amount = -magnitude;
                return true;
            case (byte)'0' or (byte)' ':
                amount = magnitude;
                return true;
            default:
                return false;
        }
    }

    private static void WriteSigned(long amount, Span<byte> dest)
    {
        dest[0] = amount < 0 ? (byte)'D' : (byte)'C';
        Digits.TryWrite(Math.Abs(amount), dest[1..]);
    }
}
