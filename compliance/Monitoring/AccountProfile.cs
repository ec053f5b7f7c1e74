using System.Text;

namespace Baas.Compliance.Monitoring;

/// <summary>
/// What monitoring remembers of one account, kept incrementally so each event costs a walk over a short list:
/// the recent in, out and declined events within the longest rule window (bounded), daily totals for the
/// baseline, the day's cash for currency transaction reports, when the account was opened and last active, and
/// when each rule last fired. Serialized compactly for PostgreSQL, in the same transaction as the position.
/// </summary>
public sealed class AccountProfile
{
    /// <summary>Most recent events kept per account; the oldest go first beyond this.</summary>
    public const int MaxRecent = 512;

    /// <summary>Daily totals kept (the longest baseline a rule may ask for, plus today).</summary>
    public const int Days = 92;

    private const byte FormatVersion = 1;

    /// <param name="accountId">The account.</param>
    public AccountProfile(string accountId)
    {
        AccountId = accountId;
    }

    /// <summary>The account.</summary>
    public string AccountId { get; }

    /// <summary>Its program, once an event has said.</summary>
    public string? ProgramId { get; set; }

    /// <summary>When the account was opened (or first seen), unix microseconds; 0 when unknown.</summary>
    public long FirstSeenMicros { get; set; }

    /// <summary>When money last moved, unix microseconds; 0 when never.</summary>
    public long LastActivityMicros { get; set; }

    /// <summary>Recent events, oldest first.</summary>
    internal List<RecentEntry> Recent { get; } = [];

    /// <summary>Daily in+out value by day number (days since the epoch, UTC), as a ring.</summary>
    internal (int Day, long Value)[] DailyValue { get; } = new (int, long)[Days];

    /// <summary>The current business day's cash: its day number (New York), cash in, cash out, and which side has been reported.</summary>
    internal (int Day, long In, long Out, bool InReported, bool OutReported) Cash { get; set; }

    /// <summary>When each rule last fired on this account, unix microseconds.</summary>
    internal Dictionary<string, long> LastFired { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds an event to the recent list, dropping what no window can need any more.</summary>
    internal void Remember(in RecentEntry entry, long horizonMicros)
    {
        Recent.Add(entry);
        var drop = 0;
        while (drop < Recent.Count && (Recent[drop].TimestampMicros < horizonMicros || Recent.Count - drop > MaxRecent))
        {
            drop++;
        }

        if (drop > 0)
        {
            Recent.RemoveRange(0, drop);
        }
    }

    /// <summary>Adds <paramref name="value"/> to day <paramref name="day"/>'s total.</summary>
    internal void AddDaily(int day, long value)
    {
        ref var slot = ref DailyValue[((day % Days) + Days) % Days];
        slot = slot.Day == day ? (day, slot.Value + value) : (day, value);
    }

    /// <summary>Total value of the days <paramref name="from"/>..<paramref name="to"/> (inclusive).</summary>
    internal long DailyTotal(int from, int to)
    {
        long total = 0;
        for (var d = from; d <= to; d++)
        {
            var slot = DailyValue[((d % Days) + Days) % Days];
            if (slot.Day == d)
            {
                total += slot.Value;
            }
        }

        return total;
    }

    /// <summary>The profile as bytes (what <see cref="Deserialize"/> reads back).</summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream(64 + (Recent.Count * 36));
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(FormatVersion);
            w.Write(ProgramId ?? "");
            w.Write(FirstSeenMicros);
            w.Write(LastActivityMicros);
            w.Write(Recent.Count);
            foreach (var e in Recent)
            {
                w.Write(e.Seq);
                w.Write(e.TimestampMicros);
                w.Write(e.Amount);
                w.Write((byte)e.Kind);
                w.Write(e.Cash);
                w.Write(e.Country);
                w.Write(e.Counterparty);
            }

            var days = DailyValue.Where(d => d.Value != 0).ToList();
            w.Write(days.Count);
            foreach (var (day, value) in days)
            {
                w.Write(day);
                w.Write(value);
            }

            w.Write(Cash.Day);
            w.Write(Cash.In);
            w.Write(Cash.Out);
            w.Write(Cash.InReported);
            w.Write(Cash.OutReported);
            w.Write(LastFired.Count);
            foreach (var (rule, at) in LastFired)
            {
                w.Write(rule);
                w.Write(at);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a profile written by <see cref="Serialize"/>.</summary>
    public static AccountProfile Deserialize(string accountId, ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray());
        using var r = new BinaryReader(stream, Encoding.UTF8);
        var version = r.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"monitoring profile of {accountId} has format {version}; this build reads {FormatVersion}");
        }

        var p = new AccountProfile(accountId);
        var program = r.ReadString();
        p.ProgramId = program.Length == 0 ? null : program;
        p.FirstSeenMicros = r.ReadInt64();
        p.LastActivityMicros = r.ReadInt64();
        var recent = r.ReadInt32();
        for (var i = 0; i < recent; i++)
        {
            p.Recent.Add(new RecentEntry(r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), (MonitoredKind)r.ReadByte(), r.ReadBoolean(), r.ReadUInt16(), r.ReadUInt32()));
        }

        var days = r.ReadInt32();
        for (var i = 0; i < days; i++)
        {
            p.AddDaily(r.ReadInt32(), r.ReadInt64());
        }

        p.Cash = (r.ReadInt32(), r.ReadInt64(), r.ReadInt64(), r.ReadBoolean(), r.ReadBoolean());
        var fired = r.ReadInt32();
        for (var i = 0; i < fired; i++)
        {
            p.LastFired[r.ReadString()] = r.ReadInt64();
        }

        return p;
    }
}

/// <summary>One remembered event: enough to sum, count, check countries and count distinct counterparties.</summary>
/// <param name="Seq">Its log sequence (evidence).</param>
/// <param name="TimestampMicros">When.</param>
/// <param name="Amount">Minor units.</param>
/// <param name="Kind">In, out or declined.</param>
/// <param name="Cash">Whether it was cash.</param>
/// <param name="Country">Alpha-2 packed as two bytes; 0 when unknown.</param>
/// <param name="Counterparty">A stable hash of the counterparty; 0 when unknown.</param>
internal readonly record struct RecentEntry(long Seq, long TimestampMicros, long Amount, MonitoredKind Kind, bool Cash, ushort Country, uint Counterparty)
{
    public static ushort PackCountry(string? alpha2) =>
        alpha2 is { Length: 2 } ? (ushort)((char.ToUpperInvariant(alpha2[0]) << 8) | char.ToUpperInvariant(alpha2[1])) : (ushort)0;

    public static string? UnpackCountry(ushort packed) => packed == 0 ? null : new string([(char)(packed >> 8), (char)(packed & 0xFF)]);

    /// <summary>FNV-1a over the UTF-16 code units: the same in every process (string.GetHashCode is not).</summary>
    public static uint HashCounterparty(string? counterparty)
    {
        if (string.IsNullOrEmpty(counterparty))
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var c in counterparty)
        {
            hash = (hash ^ char.ToUpperInvariant(c)) * 16777619u;
        }

        return hash == 0 ? 1 : hash;
    }
}
