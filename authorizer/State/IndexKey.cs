using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Baas.Events;

namespace Baas.Authorizer.State;

/// <summary>What an index entry maps from.</summary>
public enum IndexKind : byte
{
    /// <summary>Network matching key (MTI class, acquirer, terminal, STAN, transmission time) to the stored response.</summary>
    Duplicate = 1,
    /// <summary>Original data elements (MTI class, acquirer, STAN, transmission time) to a hold.</summary>
    Original = 2,
    /// <summary>Retrieval reference number and card to a hold (fallback when DE90 is zeros).</summary>
    RrnCard = 3,
    /// <summary>External account id to the internal account number.</summary>
    AccountId = 4,
    /// <summary>External card id to the card token.</summary>
    CardId = 5,
    /// <summary>Idempotency of credits and debits: account and reference to the event that applied it.</summary>
    MoneyReference = 6,
    /// <summary>Payment reservation reference to its hold.</summary>
    Reservation = 7,
    /// <summary>Clearing record reference (idempotent file imports) to the event that applied it.</summary>
    ClearingReference = 8,
    /// <summary>Approval code and card to a hold (clearing records that quote the approval code).</summary>
    ApprovalCard = 9,
}

/// <summary>
/// The key of an index entry: a kind and up to 46 bytes of key material, compared byte for byte. Its 64-bit
/// hash is deterministic (FASTER persists hashes in checkpoints).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct IndexKey : IEquatable<IndexKey>
{
    public const int Capacity = 46;

    public IndexKind Kind;
    public byte Length;
    public Bytes46 Data;

    /// <summary>A key of <paramref name="kind"/> over the concatenated parts (cut to 46 bytes).</summary>
    public static IndexKey Create(IndexKind kind, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b = default, ReadOnlySpan<byte> c = default, ReadOnlySpan<byte> d = default, ReadOnlySpan<byte> e = default)
    {
        var key = default(IndexKey);
        key.Kind = kind;
        Span<byte> data = key.Data;
        var n = 0;
        Append(data, ref n, a);
        Append(data, ref n, b);
        Append(data, ref n, c);
        Append(data, ref n, d);
        Append(data, ref n, e);
        key.Length = (byte)n;
        return key;
    }

    private static void Append(Span<byte> data, ref int n, ReadOnlySpan<byte> part)
    {
        if (part.IsEmpty || n >= Capacity)
        {
            return;
        }

        var take = Math.Min(part.Length, Capacity - n);
        part[..take].CopyTo(data[n..]);
        n += take;
        if (n < Capacity)
        {
            data[n++] = (byte)'|';
        }
    }

    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Span => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in Data[0]), Length);

    /// <summary>FNV-1a over kind and bytes, then a final mix: stable across processes.</summary>
    public readonly long Hash64()
    {
        var h = 14695981039346656037UL;
        h = (h ^ (byte)Kind) * 1099511628211UL;
        foreach (var b in Span)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        return (long)h;
    }

    public readonly bool Equals(IndexKey other) => Kind == other.Kind && Span.SequenceEqual(other.Span);

    public override readonly bool Equals(object? obj) => obj is IndexKey other && Equals(other);

    public override readonly int GetHashCode() => (int)Hash64();

    public static bool operator ==(IndexKey left, IndexKey right) => left.Equals(right);

    public static bool operator !=(IndexKey left, IndexKey right) => !left.Equals(right);

    [InlineArray(Capacity)]
    public struct Bytes46
    {
        private byte _b;
    }
}

/// <summary>
/// The value of an index entry. For duplicates it holds the stored response; for the others the target
/// (a hold id, an account number, a sequence) and, for card ids, the card token.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct IndexRecord
{
    public long Target;
    public CardToken Card;
    public long ExpiresAt;

    // Stored response of a duplicate entry.
    public long Fingerprint;
    public ushort ResponseMti;
    public ushort ResponseCode; // two ASCII characters
    public Text40 ApprovalCode;
    public long ApprovedAmount;
    public long HoldId;
    public long PostedAfter;
    public long AvailableAfter;
    public ushort Currency;
    public bool Partial;
    public byte Reason;
    public long Seq;
}
