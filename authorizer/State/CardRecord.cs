using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Baas.Events;

namespace Baas.Authorizer.State;

/// <summary>Up to 16 small codes (merchant categories, or countries as two letters packed in a ushort).</summary>
[InlineArray(16)]
public struct Codes16
{
    private ushort _c;
}

/// <summary>A short list of codes with a count; blittable.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CodeList
{
    /// <summary>The most codes a list holds.</summary>
    public const int Capacity = 16;

    public Codes16 Items;
    public byte Count;

    public readonly bool Contains(ushort code)
    {
        for (var i = 0; i < Count; i++)
        {
            if (Items[i] == code)
            {
                return true;
            }
        }

        return false;
    }

    public static CodeList From(IReadOnlyList<ushort>? codes)
    {
        var list = default(CodeList);
        if (codes is not null)
        {
            foreach (var c in codes.Take(Capacity))
            {
                list.Items[list.Count++] = c;
            }
        }

        return list;
    }

    public readonly List<ushort> ToList()
    {
        var result = new List<ushort>(Count);
        for (var i = 0; i < Count; i++)
        {
            result.Add(Items[i]);
        }

        return result;
    }
}

/// <summary>Sixteen bytes of a keyed hash (CVV2 and PIN verification values).</summary>
[InlineArray(16)]
public struct Hash16
{
    private byte _b;
}

/// <summary>Channel switches of a card.</summary>
[Flags]
public enum ChannelFlags : byte
{
    None = 0,
    Ecommerce = 1,
    Atm = 2,
    Contactless = 4,
    MagneticStripe = 8,
    International = 16,
    All = Ecommerce | Atm | Contactless | MagneticStripe | International,
}

/// <summary>
/// A card in the FASTER store, keyed by its token: account, state, expiry, security values, controls and
/// velocity windows. Blittable; every field is set by applying log events.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct CardRecord
{
    public CardToken Token;
    public Text40 CardId;
    public long AccountNo;
    public int ProgramNo;
    public CardState State;
    public byte CardType; // 1 virtual, 2 physical
    public ushort ExpiryYymm;
    public ushort Last4;
    public byte PinTries;
    public bool HasCvv2;
    public bool HasPin;
    public Hash16 Cvv2Hash;
    public Hash16 PinHash;

    // Controls (long.MaxValue / int.MaxValue mean no limit).
    public long PerTransactionLimit;
    public long DailyLimit;
    public long MonthlyLimit;
    public long AtmDailyLimit;
    public int DailyCountLimit;
    public CodeList MccAllow;
    public CodeList MccBlock;
    public CodeList CountryBlock;
    public ChannelFlags Channels;

    // Velocity windows in UTC.
    public int DayKey;
    public long DayAmount;
    public int DayCount;
    public long AtmDayAmount;
    public int MonthKey;
    public long MonthAmount;

    // Card-testing window: declines within the current ten-minute window.
    public int DeclineWindow;
    public int DeclineCount;
}
