namespace Baas.Iso8583.Specs;

/// <summary>
/// The ISO 8583:1987 data element dictionary: content class, fixed or variable length, and maximum length of
/// every field. Profiles turn these into wire layouts. Binary elements 52, 53, 55, 64, 96 and 128 are binary
/// in every profile, as the wire profiles say.
/// </summary>
public static class Iso87
{
    /// <summary>One dictionary entry: <paramref name="PrefixDigits"/> is 0 for fixed, else 2 (LL) or 3 (LLL).</summary>
    public readonly record struct Element(int Number, string Name, ContentClass Content, int PrefixDigits, int MaxLength);

    private const ContentClass N = ContentClass.N;
    private const ContentClass An = ContentClass.An;
    private const ContentClass Ans = ContentClass.Ans;
    private const ContentClass Ns = ContentClass.Ns;
    private const ContentClass Z = ContentClass.Z;
    private const ContentClass XN = ContentClass.XN;
    private const ContentClass B = ContentClass.B;

    /// <summary>Every element 2-192 except the bitmap at 65.</summary>
    public static IReadOnlyList<Element> Elements { get; } = Build();

    private static Element[] Build()
    {
        var list = new List<Element>
        {
            new(2, "Primary account number", N, 2, 19),
            new(3, "Processing code", N, 0, 6),
            new(4, "Amount, transaction", N, 0, 12),
            new(5, "Amount, settlement", N, 0, 12),
            new(6, "Amount, cardholder billing", N, 0, 12),
            new(7, "Transmission date and time", N, 0, 10),
            new(8, "Amount, cardholder billing fee", N, 0, 8),
            new(9, "Conversion rate, settlement", N, 0, 8),
            new(10, "Conversion rate, cardholder billing", N, 0, 8),
            new(11, "System trace audit number", N, 0, 6),
            new(12, "Time, local transaction", N, 0, 6),
            new(13, "Date, local transaction", N, 0, 4),
            new(14, "Date, expiration", N, 0, 4),
            new(15, "Date, settlement", N, 0, 4),
            new(16, "Date, conversion", N, 0, 4),
            new(17, "Date, capture", N, 0, 4),
            new(18, "Merchant type", N, 0, 4),
            new(19, "Acquiring institution country code", N, 0, 3),
            new(20, "PAN extended, country code", N, 0, 3),
            new(21, "Forwarding institution country code", N, 0, 3),
            new(22, "Point of service entry mode", N, 0, 3),
            new(23, "Application PAN sequence number", N, 0, 3),
            new(24, "Network international identifier", N, 0, 3),
            new(25, "Point of service condition code", N, 0, 2),
            new(26, "Point of service capture code", N, 0, 2),
            new(27, "Authorizing identification response length", N, 0, 1),
            new(28, "Amount, transaction fee", XN, 0, 9),
            new(29, "Amount, settlement fee", XN, 0, 9),
            new(30, "Amount, transaction processing fee", XN, 0, 9),
            new(31, "Amount, settlement processing fee", XN, 0, 9),
            new(32, "Acquiring institution identification code", N, 2, 11),
            new(33, "Forwarding institution identification code", N, 2, 11),
            new(34, "Primary account number, extended", Ns, 2, 28),
            new(35, "Track 2 data", Z, 2, 37),
            new(36, "Track 3 data", N, 3, 104),
            new(37, "Retrieval reference number", An, 0, 12),
            new(38, "Authorization identification response", An, 0, 6),
            new(39, "Response code", An, 0, 2),
            new(40, "Service restriction code", An, 0, 3),
            new(41, "Card acceptor terminal identification", Ans, 0, 8),
            new(42, "Card acceptor identification code", Ans, 0, 15),
            new(43, "Card acceptor name/location", Ans, 0, 40),
            new(44, "Additional response data", Ans, 2, 25),
            new(45, "Track 1 data", Ans, 2, 76),
            new(46, "Additional data, ISO", Ans, 3, 999),
            new(47, "Additional data, national", Ans, 3, 999),
            new(48, "Additional data, private", Ans, 3, 999),
            new(49, "Currency code, transaction", N, 0, 3),
            new(50, "Currency code, settlement", N, 0, 3),
            new(51, "Currency code, cardholder billing", N, 0, 3),
            new(52, "Personal identification number data", B, 0, 8),
            new(53, "Security related control information", B, 0, 8),
            new(54, "Additional amounts", Ans, 3, 120),
            new(55, "ICC data (EMV)", B, 3, 255),
            new(56, "Reserved ISO", Ans, 3, 999),
            new(57, "Reserved national", Ans, 3, 999),
            new(58, "Reserved national", Ans, 3, 999),
            new(59, "Reserved national", Ans, 3, 999),
            new(60, "Reserved national", Ans, 3, 999),
            new(61, "Reserved private", Ans, 3, 999),
            new(62, "Reserved private", Ans, 3, 999),
            new(63, "Reserved private", Ans, 3, 999),
            new(64, "Message authentication code", B, 0, 8),
            new(66, "Settlement code", N, 0, 1),
            new(67, "Extended payment code", N, 0, 2),
            new(68, "Receiving institution country code", N, 0, 3),
            new(69, "Settlement institution country code", N, 0, 3),
            new(70, "Network management information code", N, 0, 3),
            new(71, "Message number", N, 0, 4),
            new(72, "Message number, last", N, 0, 4),
            new(73, "Date, action", N, 0, 6),
            new(74, "Credits, number", N, 0, 10),
            new(75, "Credits, reversal number", N, 0, 10),
            new(76, "Debits, number", N, 0, 10),
            new(77, "Debits, reversal number", N, 0, 10),
            new(78, "Transfer, number", N, 0, 10),
            new(79, "Transfer, reversal number", N, 0, 10),
            new(80, "Inquiries, number", N, 0, 10),
            new(81, "Authorizations, number", N, 0, 10),
            new(82, "Credits, processing fee amount", N, 0, 12),
            new(83, "Credits, transaction fee amount", N, 0, 12),
            new(84, "Debits, processing fee amount", N, 0, 12),
            new(85, "Debits, transaction fee amount", N, 0, 12),
            new(86, "Credits, amount", N, 0, 16),
            new(87, "Credits, reversal amount", N, 0, 16),
            new(88, "Debits, amount", N, 0, 16),
            new(89, "Debits, reversal amount", N, 0, 16),
            new(90, "Original data elements", N, 0, 42),
            new(91, "File update code", An, 0, 1),
            new(92, "File security code", An, 0, 2),
            new(93, "Response indicator", An, 0, 5),
            new(94, "Service indicator", An, 0, 7),
            new(95, "Replacement amounts", Ans, 0, 42),
            new(96, "Message security code", B, 0, 8),
            new(97, "Amount, net settlement", XN, 0, 17),
            new(98, "Payee", Ans, 0, 25),
            new(99, "Settlement institution identification code", N, 2, 11),
            new(100, "Receiving institution identification code", N, 2, 11),
            new(101, "File name", Ans, 2, 17),
            new(102, "Account identification 1", Ans, 2, 28),
            new(103, "Account identification 2", Ans, 2, 28),
            new(104, "Transaction description", Ans, 3, 100),
        };
        for (var f = 105; f <= 127; f++)
        {
            list.Add(new(f, f <= 111 ? "Reserved ISO" : f <= 119 ? "Reserved national" : "Reserved private", Ans, 3, 999));
        }

        list.Add(new(128, "Message authentication code", B, 0, 8));
        for (var f = 129; f <= IsoMessage.MaxField; f++)
        {
            list.Add(new(f, "Tertiary-bitmap field", Ans, 3, 999));
        }

        return [.. list];
    }

    /// <summary>The structure inside the composite elements the authorizer reads.</summary>
    public static SubfieldSpec? SubfieldsOf(int field) => field switch
    {
        43 => SubfieldSpec.Positional(new("name", 25), new("city", 13), new("country", 2)),
        55 => SubfieldSpec.Ber,
        90 => SubfieldSpec.Positional(
            new("originalMti", 4), new("originalStan", 6), new("originalTransmissionDateTime", 10),
            new("acquirerId", 11), new("forwarderId", 11)),
        95 => SubfieldSpec.Positional(
            new("actualAmount", 12), new("settlementAmount", 12), new("transactionFee", 9), new("settlementFee", 9)),
        _ => null,
    };
}
