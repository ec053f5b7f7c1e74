namespace Baas.Events.Tests;

/// <summary>Card events with every field set to a random, non-default value.</summary>
internal static class SampleEvents
{
    private const string Printable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -./&'";

    public static CardEvent Random(Random random, bool printable = false)
    {
        var e = new CardEvent
        {
            Mti = (ushort)random.Next(1, 10_000),
            Approved = true,
            Partial = true,
            Reason = (DeclineReason)random.Next(1, 256),
            Channel = (Channel)random.Next(1, 256),
            StandIn = true,
            PreAuthorization = true,
            SingleMessage = true,
            ForcePost = true,
            Unmatched = true,
            LateClearing = true,
            FinalClearing = true,
            PinChecked = true,
            OverTolerance = true,
            CardToken = Token(random),
            RequestedAmount = NonZero(random),
            RequestedCurrency = (ushort)random.Next(1, 1000),
            BillingAmount = NonZero(random),
            BillingCurrency = (ushort)random.Next(1, 1000),
            ApprovedAmount = NonZero(random),
            AccountCurrency = (ushort)random.Next(1, 1000),
            HoldId = NonZero(random),
            HoldExpiresAt = random.NextInt64(1, 4_000_000_000_000),
            HoldDelta = NonZero(random),
            PostedDelta = NonZero(random),
            HoldRemaining = NonZero(random),
            PostedAfter = NonZero(random),
            HeldAfter = NonZero(random),
            Mcc = (ushort)random.Next(1, 10_000),
            AcquirerCountry = (ushort)random.Next(1, 1000),
            Stan = random.Next(1, 1_000_000),
            OriginalMti = (ushort)random.Next(1, 10_000),
            OriginalStan = random.Next(1, 1_000_000),
            DecisionMicros = random.Next(1, int.MaxValue),
        };
        e.ProcessingCode = Text(random, printable);
        e.ResponseCode = Text(random, printable);
        e.ApprovalCode = Text(random, printable);
        e.EntryMode = Text(random, printable);
        e.PosCondition = Text(random, printable);
        e.CardId = Text(random, printable);
        e.AccountId = Text(random, printable);
        e.ProgramId = Text(random, printable);
        e.MerchantName = Text(random, printable);
        e.MerchantCity = Text(random, printable);
        e.MerchantCountry = Text(random, printable);
        e.TerminalId = Text(random, printable);
        e.MerchantId = Text(random, printable);
        e.AcquirerId = Text(random, printable);
        e.TransmissionDateTime = Text(random, printable);
        e.Rrn = Text(random, printable);
        e.OriginalTransmissionDateTime = Text(random, printable);
        e.Reference = Text(random, printable);
        return e;
    }

    /// <summary>A typical approved purchase, for tests that need readable values.</summary>
    public static CardEvent Purchase(long amount = 2_500)
    {
        var e = new CardEvent
        {
            Mti = 100,
            Approved = true,
            Reason = DeclineReason.Approved,
            Channel = Channel.Chip,
            CardToken = CardToken.FromPan(new byte[32], "4000001234567899"u8),
            RequestedAmount = amount,
            RequestedCurrency = 840,
            ApprovedAmount = amount,
            AccountCurrency = 840,
            HoldId = 7,
            HoldExpiresAt = 1_795_000_000_000,
            HoldDelta = amount,
            HoldRemaining = amount,
            PostedAfter = 10_000,
            HeldAfter = amount,
            Mcc = 5411,
            Stan = 123,
            DecisionMicros = 42,
        };
        e.ProcessingCode = Text40.From("000000");
        e.ResponseCode = Text40.From("00");
        e.ApprovalCode = Text40.From("A1B2C3");
        e.EntryMode = Text40.From("051");
        e.CardId = Text40.From("card_1");
        e.AccountId = Text40.From("acct_1");
        e.ProgramId = Text40.From("prog_1");
        e.MerchantName = Text40.From("CORNER GROCERY");
        e.MerchantCity = Text40.From("SPRINGFIELD");
        e.MerchantCountry = Text40.From("US");
        e.TerminalId = Text40.From("TERM0001");
        e.Rrn = Text40.From("632500000123");
        return e;
    }

    private static long NonZero(Random random)
    {
        var value = random.NextInt64(long.MinValue, long.MaxValue);
        return value == 0 ? 1 : value;
    }

    private static CardToken Token(Random random)
    {
        Span<byte> bytes = stackalloc byte[CardToken.Size];
        random.NextBytes(bytes);
        bytes[0] |= 1;
        return CardToken.FromBytes(bytes);
    }

    private static Text40 Text(Random random, bool printable)
    {
        Span<byte> bytes = stackalloc byte[Text40.Capacity];
        var length = random.Next(1, Text40.Capacity + 1);
        for (var i = 0; i < length; i++)
        {
            bytes[i] = printable ? (byte)Printable[random.Next(Printable.Length)] : (byte)random.Next(256);
        }

        return Text40.From(bytes[..length]);
    }
}
