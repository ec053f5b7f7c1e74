using Baas.Authorizer.State;
using Baas.Events;

namespace Baas.Authorizer.Engine;

/// <summary>Between the API's <see cref="CardControls"/> and the blittable fields of a card record.</summary>
internal static class Controls
{
    public static void ApplyTo(ref CardRecord card, CardControls controls)
    {
        card.PerTransactionLimit = controls.PerTransactionLimit ?? long.MaxValue;
        card.DailyLimit = controls.DailyLimit ?? long.MaxValue;
        card.MonthlyLimit = controls.MonthlyLimit ?? long.MaxValue;
        card.AtmDailyLimit = controls.AtmDailyLimit ?? long.MaxValue;
        card.DailyCountLimit = controls.DailyCount ?? int.MaxValue;
        card.MccAllow = CodeList.From(controls.MccAllow?.Select(ParseMcc).ToList());
        card.MccBlock = CodeList.From(controls.MccBlock?.Select(ParseMcc).ToList());
        card.CountryBlock = CodeList.From(controls.CountryBlock?.Select(Country).ToList());
        card.Channels = (controls.Ecommerce ? ChannelFlags.Ecommerce : 0)
            | (controls.Atm ? ChannelFlags.Atm : 0)
            | (controls.Contactless ? ChannelFlags.Contactless : 0)
            | (controls.MagneticStripe ? ChannelFlags.MagneticStripe : 0)
            | (controls.International ? ChannelFlags.International : 0);
    }

    public static CardControls From(in CardRecord card) => new()
    {
        PerTransactionLimit = card.PerTransactionLimit == long.MaxValue ? null : card.PerTransactionLimit,
        DailyLimit = card.DailyLimit == long.MaxValue ? null : card.DailyLimit,
        MonthlyLimit = card.MonthlyLimit == long.MaxValue ? null : card.MonthlyLimit,
        AtmDailyLimit = card.AtmDailyLimit == long.MaxValue ? null : card.AtmDailyLimit,
        DailyCount = card.DailyCountLimit == int.MaxValue ? null : card.DailyCountLimit,
        MccAllow = card.MccAllow.Count == 0 ? null : card.MccAllow.ToList().Select(m => m.ToString("D4")).ToList(),
        MccBlock = card.MccBlock.Count == 0 ? null : card.MccBlock.ToList().Select(m => m.ToString("D4")).ToList(),
        CountryBlock = card.CountryBlock.Count == 0 ? null : card.CountryBlock.ToList().Select(CountryName).ToList(),
        Ecommerce = (card.Channels & ChannelFlags.Ecommerce) != 0,
        Atm = (card.Channels & ChannelFlags.Atm) != 0,
        Contactless = (card.Channels & ChannelFlags.Contactless) != 0,
        MagneticStripe = (card.Channels & ChannelFlags.MagneticStripe) != 0,
        International = (card.Channels & ChannelFlags.International) != 0,
    };

    /// <summary>Checks a controls document; returns the problem or null.</summary>
    public static string? Validate(CardControls? controls)
    {
        if (controls is null)
        {
            return null;
        }

        if (controls.PerTransactionLimit < 0 || controls.DailyLimit < 0 || controls.MonthlyLimit < 0 || controls.AtmDailyLimit < 0 || controls.DailyCount < 0)
        {
            return "controls: limits must not be negative";
        }

        foreach (var list in new[] { controls.MccAllow, controls.MccBlock })
        {
            if (list is null)
            {
                continue;
            }

            if (list.Count > CodeList.Capacity)
            {
                return $"controls: at most {CodeList.Capacity} merchant categories per list";
            }

            if (list.Any(m => m is null || m.Length != 4 || !m.All(char.IsAsciiDigit)))
            {
                return "controls: merchant categories are four digits";
            }
        }

        if (controls.CountryBlock is { } countries)
        {
            if (countries.Count > CodeList.Capacity)
            {
                return $"controls: at most {CodeList.Capacity} blocked countries";
            }

            if (countries.Any(c => c is null || c.Length != 2 || !c.All(char.IsAsciiLetter)))
            {
                return "controls: countries are ISO 3166 alpha-2 codes";
            }
        }

        return null;
    }

    public static ushort ParseMcc(string mcc) => ushort.Parse(mcc, System.Globalization.CultureInfo.InvariantCulture);

    public static ushort Country(string alpha2) => (ushort)((char.ToUpperInvariant(alpha2[0]) << 8) | char.ToUpperInvariant(alpha2[1]));

    public static ushort Country(ReadOnlySpan<byte> alpha2) =>
        alpha2.Length < 2 ? (ushort)0 : (ushort)((ToUpper(alpha2[0]) << 8) | ToUpper(alpha2[1]));

    public static string CountryName(ushort code) => new([(char)(code >> 8), (char)(code & 0xFF)]);

    private static byte ToUpper(byte b) => b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;
}
