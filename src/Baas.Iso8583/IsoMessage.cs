using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Baas.Iso8583;

/// <summary>
/// A reusable ISO 8583 message: the MTI and the values of fields 2-192 in canonical form, held in one arena
/// owned by the message. Canonical form is ASCII characters for numeric and text fields (whatever their wire
/// encoding) and raw bytes for binary fields. <see cref="Clear"/> makes it ready for the next message without
/// allocating.
/// </summary>
public sealed class IsoMessage
{
    /// <summary>The highest field number (a tertiary bitmap covers 129-192).</summary>
    public const int MaxField = 192;

    private readonly FieldSlot[] _slots = new FieldSlot[MaxField + 1];
    private byte[] _arena;
    private int _used;
    private PresenceWords _present;

    /// <summary>Creates a message with an arena of the given initial size (it grows when needed).</summary>
    public IsoMessage(int initialCapacity = 1024) => _arena = new byte[Math.Max(64, initialCapacity)];

    /// <summary>The message type indicator as a number (0100 is 100), or -1 when not set.</summary>
    public int Mti { get; set; } = -1;

    /// <summary>True when no field is present.</summary>
    public bool IsEmpty => (_present[0] | _present[1] | _present[2]) == 0;

    /// <summary>Number of present fields.</summary>
    public int FieldCount => BitOperations.PopCount(_present[0]) + BitOperations.PopCount(_present[1]) + BitOperations.PopCount(_present[2]);

    /// <summary>Bytes of arena in use; the parser advances it directly.</summary>
    internal int ArenaUsed
    {
        get => _used;
        set => _used = value;
    }

    /// <summary>The arena itself, for the parser's loop (capacity ensured first).</summary>
    internal byte[] Arena => _arena;

    /// <summary>Where each field's value sits in the arena.</summary>
    internal FieldSlot[] Slots => _slots;

    /// <summary>Removes the MTI and every field; keeps the arena.</summary>
    public void Clear()
    {
        _present = default;
        _used = 0;
        Mti = -1;
    }

    /// <summary>True when the field is present.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Has(int field)
    {
        var bit = (uint)(field - 1);
        return bit < MaxField && (_present[(int)(bit >> 6)] & Mask((int)bit)) != 0;
    }

    /// <summary>The canonical value of a field, or an empty span when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Get(int field) => Has(field) ? GetUnchecked(field) : default;

    /// <summary>The canonical value of a field; false when absent.</summary>
    public bool TryGet(int field, out ReadOnlySpan<byte> value)
    {
        if (Has(field))
        {
            value = GetUnchecked(field);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The value of a field as a string (hex for binary content is the caller's choice), or null when absent.</summary>
    public string? GetString(int field) => Has(field) ? Encoding.Latin1.GetString(Get(field)) : null;

    /// <summary>Parses a numeric field as a non-negative integer; false when absent, empty, too long or not all digits.</summary>
    public bool TryGetInt64(int field, out long value) => Digits.TryParse(Get(field), out value);

    /// <summary>Sets a field to the given canonical value (ASCII characters, or raw bytes for binary fields).</summary>
    public void Set(int field, ReadOnlySpan<byte> value)
    {
        var bit = CheckField(field);
        var offset = Reserve(value.Length);
        value.CopyTo(_arena.AsSpan(offset));
        Commit(field, bit, offset, value.Length);
    }

    /// <summary>Sets a text or numeric field from a string of Latin-1 characters.</summary>
    public void Set(int field, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bit = CheckField(field);
        var offset = Reserve(value.Length);
        var written = Encoding.Latin1.GetBytes(value, _arena.AsSpan(offset));
        Commit(field, bit, offset, written);
    }

    /// <summary>Sets a numeric field to a non-negative integer, left-padded with zeros to <paramref name="width"/> digits.</summary>
    public void SetNumber(int field, long value, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 19);
        var bit = CheckField(field);
        var offset = Reserve(width);
        if (!Digits.TryWrite(value, _arena.AsSpan(offset, width)))
        {
            _used = offset;
            ThrowHelper.ThrowArgumentOutOfRange(nameof(value), "value has more digits than the width");
        }

        Commit(field, bit, offset, width);
    }

    /// <summary>Reserves <paramref name="length"/> bytes for a field's value and returns them to be filled in.</summary>
    public Span<byte> SetSpan(int field, int length)
    {
        var bit = CheckField(field);
        var offset = Reserve(length);
        Commit(field, bit, offset, length);
        return _arena.AsSpan(offset, length);
    }

    /// <summary>Copies a field from another message when it is present there.</summary>
    public void CopyFrom(IsoMessage source, int field)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.TryGet(field, out var value))
        {
            Set(field, value);
        }
    }

    /// <summary>Removes a field.</summary>
    public void Remove(int field)
    {
        var bit = CheckField(field);
        _present[bit >> 6] &= ~Mask(bit);
    }

    /// <summary>Copies the MTI and every field of <paramref name="source"/> into this message (after clearing it).</summary>
    public void CopyAllFrom(IsoMessage source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Clear();
        Mti = source.Mti;
        foreach (var field in source.Fields)
        {
            Set(field, source.Get(field));
        }
    }

    /// <summary>The present field numbers in ascending order, without allocating.</summary>
    public FieldEnumerator Fields => new(_present[0], _present[1], _present[2]);

    /// <summary>True when any of fields 65-192 is present (a secondary bitmap is needed).</summary>
    internal bool NeedsSecondary => (_present[1] | _present[2]) != 0;

    /// <summary>True when any of fields 129-192 is present (a tertiary bitmap is needed).</summary>
    internal bool NeedsTertiary => _present[2] != 0;

    /// <summary>Presence bits of fields 1-64, 65-128 or 129-192 in wire order (bit 63 is the word's first field).</summary>
    internal ulong PresentWord(int index) => _present[index];

    /// <summary>The value of a field known to be present (the codec's loops already hold the bitmap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<byte> GetUnchecked(int field)
    {
        var slot = _slots[field];
        return new ReadOnlySpan<byte>(_arena, slot.Offset, slot.Length);
    }

    /// <summary>Marks the fields of one bitmap word present in one step (the parser sets slots first).</summary>
    internal void AddPresence(int word, ulong bits) => _present[word] |= bits;

    /// <summary>Makes sure the arena can take <paramref name="bytes"/> more without growing during a parse.</summary>
    internal void EnsureCapacity(int bytes)
    {
        if (_arena.Length - _used < bytes)
        {
            Grow(bytes);
        }
    }

    /// <summary>
    /// Reserves a value's bytes during parsing and records its slot; the caller has already ensured capacity
    /// and sets the presence bit later with <see cref="AddPresence"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Span<byte> ReserveUnchecked(int field, int length)
    {
        var offset = _used;
        _used += length;
        _slots[field] = new FieldSlot(offset, length);
        return new Span<byte>(_arena, offset, length);
    }

    /// <summary>Presence bits are kept in wire order: the most significant bit of word 0 is field 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask(int bit) => 1UL << (63 - (bit & 63));

    private static int CheckField(int field)
    {
        if (field is < 2 or > MaxField || field == 65)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(field), "field must be 2-192 and not 65 (bitmaps are computed)");
        }

        return field - 1;
    }

    private int Reserve(int length)
    {
        if (_arena.Length - _used < length)
        {
            Grow(length);
        }

        var offset = _used;
        _used += length;
        return offset;
    }

    private void Commit(int field, int bit, int offset, int length)
    {
        _present[bit >> 6] |= Mask(bit);
        _slots[field] = new FieldSlot(offset, length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        var size = Math.Max(_arena.Length * 2, _used + needed);
        Array.Resize(ref _arena, size);
    }

    internal readonly record struct FieldSlot(int Offset, int Length);

    /// <summary>Presence bits of fields 1-64, 65-128 and 129-192, each word in wire order.</summary>
    [InlineArray(3)]
    private struct PresenceWords
    {
        private ulong _word;
    }

    /// <summary>Enumerates present field numbers in ascending order.</summary>
    [SuppressMessage("Design", "CA1034", Justification = "Enumerator belongs to the message.")]
    public struct FieldEnumerator
    {
        private ulong _w0;
        private ulong _w1;
        private ulong _w2;

        internal FieldEnumerator(ulong w0, ulong w1, ulong w2)
        {
            _w0 = w0;
            _w1 = w1;
            _w2 = w2;
            Current = 0;
        }

        /// <summary>The current field number.</summary>
        public int Current { get; private set; }

        /// <summary>Returns this enumerator (for foreach).</summary>
        public readonly FieldEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next present field.</summary>
        public bool MoveNext()
        {
            if (_w0 != 0)
            {
                var lz = BitOperations.LeadingZeroCount(_w0);
                Current = lz + 1;
                _w0 &= ~(1UL << (63 - lz));
                return true;
            }

            if (_w1 != 0)
            {
                var lz = BitOperations.LeadingZeroCount(_w1);
                Current = lz + 65;
                _w1 &= ~(1UL << (63 - lz));
                return true;
            }

            if (_w2 != 0)
            {
                var lz = BitOperations.LeadingZeroCount(_w2);
                Current = lz + 129;
                _w2 &= ~(1UL << (63 - lz));
                return true;
            }

            return false;
        }
    }
}
