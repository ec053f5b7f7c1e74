using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Baas.Iso8583.Specs;

namespace Baas.Iso8583;

/// <summary>
/// Parses and packs messages for one <see cref="MessageSpec"/>. The spec is compiled once into a flat table;
/// parsing copies canonical values into the caller's reusable <see cref="IsoMessage"/> and packing writes into
/// a span or an <see cref="IBufferWriter{T}"/>, each in one pass that copies and validates together. Neither
/// allocates, and neither throws for bad input: errors are values. Thread-safe: an instance holds only the
/// compiled spec.
/// </summary>
[SkipLocalsInit]
public sealed class IsoCodec
{
    private const ulong Top = 1UL << 63;

    /// <summary>Bytes asked of a buffer writer before the exact size is known; fits any authorization message.</summary>
    private const int PackHint = 2048;

    private static readonly ConditionalWeakTable<MessageSpec, IsoCodec> Cache = [];

    private readonly CompiledField[] _fields = new CompiledField[IsoMessage.MaxField + 1];
    private readonly int _mtiWidth;
    private readonly int _bitmapWidth;

    private IsoCodec(MessageSpec spec)
    {
        Spec = spec;
        _mtiWidth = spec.Mti == MtiEncoding.Bcd ? 2 : 4;
        _bitmapWidth = spec.Bitmap == BitmapEncoding.Binary ? 8 : 16;
        foreach (var f in spec.Fields)
        {
            _fields[f.Number] = CompiledField.From(f);
        }
    }

    /// <summary>The profile this codec reads and writes.</summary>
    public MessageSpec Spec { get; }

    /// <summary>The codec for a spec (compiled once per spec instance).</summary>
    public static IsoCodec For(MessageSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Cache.GetValue(spec, static s => new IsoCodec(s));
    }

    /// <summary>
    /// Parses one whole message (no framing) into <paramref name="message"/>, which is cleared first. On failure
    /// the error names the field and problem, and the message keeps everything read before it (and, where a bad
    /// value had a known length, everything after it too), so a server can still answer with DE39 30.
    /// </summary>
    public bool TryParse(ReadOnlySpan<byte> data, IsoMessage message, out IsoError error)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Clear();
        message.EnsureCapacity((data.Length * 2) + 16);

        var pos = 0;
        if (!TryReadMti(data, ref pos, out var mti, out error))
        {
            return false;
        }

        message.Mti = mti;
        if (!TryReadBitmap(data, ref pos, 1, out var w0, out error))
        {
            return false;
        }

        ulong w1 = 0, w2 = 0;
        if ((w0 & Top) != 0 && !TryReadBitmap(data, ref pos, 1, out w1, out error))
        {
            return false;
        }

        if ((w1 & Top) != 0 && !TryReadBitmap(data, ref pos, 65, out w2, out error))
        {
            return false;
        }

        IsoError first = default;
        if (!ParseWord(data, ref pos, w0 & ~Top, 0, message, ref first)
            || !ParseWord(data, ref pos, w1 & ~Top, 1, message, ref first)
            || !ParseWord(data, ref pos, w2, 2, message, ref first))
        {
            error = first;
            return false;
        }

        if (pos != data.Length && !first.IsError)
        {
            first = new IsoError(IsoErrorReason.TrailingBytes, 0, pos);
        }

        error = first;
        return !first.IsError;
    }

    /// <summary>Parses one whole message that may span several buffer segments.</summary>
    public bool TryParse(in ReadOnlySequence<byte> data, IsoMessage message, out IsoError error)
    {
        if (data.IsSingleSegment)
        {
            return TryParse(data.FirstSpan, message, out error);
        }

        var length = checked((int)data.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            data.CopyTo(rented);
            return TryParse(rented.AsSpan(0, length), message, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The exact number of bytes the message packs to. Checks the MTI, that every field is in the profile and
    /// every length; character content is checked while packing.
    /// </summary>
    public bool TryMeasure(IsoMessage message, out int length, out IsoError error)
    {
        ArgumentNullException.ThrowIfNull(message);
        length = 0;
        if ((uint)message.Mti > 9999)
        {
            error = new IsoError(IsoErrorReason.BadMti, 0, 0);
            return false;
        }

        var total = HeaderLength(message, out _, out _);
        foreach (var field in message.Fields)
        {
            ref readonly var f = ref _fields[field];
            var reason = Layout(in f, message.GetUnchecked(field).Length, out _, out var wire);
            if (reason != IsoErrorReason.None)
            {
                error = new IsoError(reason, field, 0);
                return false;
            }

            total += f.PrefixWidth + wire;
        }

        length = total;
        error = default;
        return true;
    }

    /// <summary>
    /// Packs the message into <paramref name="destination"/>. On failure nothing counts as written (the span may
    /// hold partial output); <see cref="IsoErrorReason.DestinationTooSmall"/> says the span was too short.
    /// </summary>
    public bool TryPack(IsoMessage message, Span<byte> destination, out int written, out IsoError error)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TryPackCore(message, destination, out written, out error);
    }

    /// <summary>Packs the message into a buffer writer; nothing is advanced on failure.</summary>
    public bool TryPack(IsoMessage message, IBufferWriter<byte> writer, out IsoError error)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(writer);
        if (TryPackCore(message, writer.GetSpan(PackHint), out var written, out error))
        {
            writer.Advance(written);
            return true;
        }

        if (error.Reason != IsoErrorReason.DestinationTooSmall || !TryMeasure(message, out var length, out error))
        {
            return false;
        }

        if (!TryPackCore(message, writer.GetSpan(length), out written, out error))
        {
            return false;
        }

        writer.Advance(written);
        return true;
    }

    /// <summary>Checks canonical (Latin-1) characters against a content class.</summary>
    internal static IsoErrorReason Validate(ContentClass content, ReadOnlySpan<byte> value)
    {
        var acc = 0;
        foreach (var b in value)
        {
            acc |= CharClasses.Table[b];
        }

        return Check(content, CharClasses.AllowedFor(content), acc, value);
    }

    private int HeaderLength(IsoMessage message, out bool secondary, out bool tertiary)
    {
        secondary = message.NeedsSecondary;
        tertiary = message.NeedsTertiary;
        return _mtiWidth + (_bitmapWidth * (1 + (secondary ? 1 : 0) + (tertiary ? 1 : 0)));
    }

    private bool TryPackCore(IsoMessage message, Span<byte> dest, out int written, out IsoError error)
    {
        written = 0;
        var mti = message.Mti;
        if ((uint)mti > 9999)
        {
            error = new IsoError(IsoErrorReason.BadMti, 0, 0);
            return false;
        }

        var pos = HeaderLength(message, out var secondary, out var tertiary);
        if (dest.Length < pos)
        {
            error = new IsoError(IsoErrorReason.DestinationTooSmall, 0, 0);
            return false;
        }

        WriteMti(mti, dest);
        var at = _mtiWidth;
        var p0 = message.PresentWord(0);
        var p1 = message.PresentWord(1);
        var p2 = message.PresentWord(2);
        WriteBitmap(secondary ? p0 | Top : p0, dest, ref at);
        if (secondary)
        {
            WriteBitmap(tertiary ? p1 | Top : p1, dest, ref at);
        }

        if (tertiary)
        {
            WriteBitmap(p2, dest, ref at);
        }

        if (!PackWord(message, p0, 1, dest, ref pos, out error)
            || !PackWord(message, p1, 65, dest, ref pos, out error)
            || !PackWord(message, p2, 129, dest, ref pos, out error))
        {
            return false;
        }

        written = pos;
        return true;
    }

    private bool PackWord(IsoMessage message, ulong bits, int baseField, Span<byte> dest, ref int position, out IsoError error)
    {
        var fields = _fields;
        var slots = message.Slots;
        var arena = message.Arena;
        var pos = position;
        while (bits != 0)
        {
            var lz = BitOperations.LeadingZeroCount(bits);
            bits &= ~(Top >> lz);
            var field = baseField + lz;
            ref readonly var f = ref fields[field];
            var slot = slots[field];
            var value = new ReadOnlySpan<byte>(arena, slot.Offset, slot.Length);
            var reason = Layout(in f, value.Length, out var chars, out var wire);
            var width = f.PrefixWidth;
            if (reason == IsoErrorReason.None && dest.Length - pos < width + wire)
            {
                reason = IsoErrorReason.DestinationTooSmall;
            }

            if (reason != IsoErrorReason.None)
            {
                error = new IsoError(reason, field, pos);
                return false;
            }

            if (width != 0)
            {
                var prefix = PrefixValue(in f, chars, wire);
                if (f.PrefixEncoding == PrefixEncoding.Ascii && width <= 3)
                {
                    // The common case inline: two or three ASCII digits.
                    var p = dest.Slice(pos, width);
                    p[^1] = (byte)('0' + (prefix % 10));
                    p[^2] = (byte)('0' + (prefix / 10 % 10));
                    if (width == 3)
                    {
                        p[0] = (byte)('0' + (prefix / 100));
                    }
                }
                else
                {
                    WritePrefix(in f, prefix, dest.Slice(pos, width));
                }

                pos += width;
            }

            var target = dest.Slice(pos, wire);
            if (value.Length != chars)
            {
                reason = EncodePadded(in f, value, chars, target);
            }
            else if (f.Encoding == DataEncoding.Ascii && f.Content != ContentClass.XN)
            {
                reason = CharClasses.CopyValid(f.Content, f.Allowed, value, target) ? IsoErrorReason.None : InvalidReason(f.Content);
            }
            else if (f.Encoding == DataEncoding.Bcd && f.Content == ContentClass.N)
            {
                reason = Bcd.TryPack(value, f.PadLeft, f.PadNibble, false, target) ? IsoErrorReason.None : IsoErrorReason.NonNumeric;
            }
            else
            {
                reason = Encode(in f, value, target);
            }

            if (reason != IsoErrorReason.None)
            {
                error = new IsoError(reason, field, pos);
                return false;
            }

            pos += wire;
        }

        position = pos;
        error = default;
        return true;
    }

    /// <summary>The characters and wire bytes a value of <paramref name="length"/> takes, or the reason it cannot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static IsoErrorReason Layout(in CompiledField f, int length, out int chars, out int wire)
    {
        chars = length;
        wire = 0;
        if (!f.Defined)
        {
            return IsoErrorReason.UnknownField;
        }

        if (length > f.MaxLength)
        {
            return IsoErrorReason.OverMaxLength;
        }

        if (f.PrefixWidth != 0)
        {
            wire = WireLength(in f, length);
            return IsoErrorReason.None;
        }

        chars = f.MaxLength;
        wire = f.FixedWire;
        if (length == f.MaxLength)
        {
            return IsoErrorReason.None;
        }

        return length == 0 ? IsoErrorReason.EmptyValue : f.HasPadding ? IsoErrorReason.None : IsoErrorReason.ShortValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WireLength(in CompiledField f, int chars) => f.Encoding switch
    {
        DataEncoding.Hex => chars * 2,
        DataEncoding.Bcd when f.Content == ContentClass.XN => chars == 0 ? 0 : 1 + (chars / 2),
        DataEncoding.Bcd => (chars + 1) / 2,
        _ => chars,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PrefixValue(in CompiledField f, int chars, int wire) => f.Unit switch
    {
        LengthUnit.Bytes => wire,
        LengthUnit.Nibbles when f.Encoding == DataEncoding.Binary => chars * 2,
        _ when f.Encoding == DataEncoding.Hex => chars * 2,
        _ => chars,
    };

    private void WriteMti(int mti, Span<byte> dest)
    {
        if (Spec.Mti == MtiEncoding.Bcd)
        {
            dest[0] = (byte)((((mti / 1000) % 10) << 4) | ((mti / 100) % 10));
            dest[1] = (byte)((((mti / 10) % 10) << 4) | (mti % 10));
            return;
        }

        Digits.TryWrite(mti, dest[..4]);
        if (Spec.Mti == MtiEncoding.Ebcdic)
        {
            Ebcdic.FromLatin1(dest[..4], dest[..4]);
        }
    }

    private bool TryReadMti(ReadOnlySpan<byte> data, ref int pos, out int mti, out IsoError error)
    {
        mti = 0;
        if (data.Length < _mtiWidth)
        {
            error = new IsoError(IsoErrorReason.Truncated, 0, 0);
            return false;
        }

        var ok = true;
        if (Spec.Mti == MtiEncoding.Bcd)
        {
            for (var i = 0; i < 2; i++)
            {
                var b = data[i];
                var hi = b >> 4;
                var lo = b & 0xF;
                ok &= hi <= 9 && lo <= 9;
                mti = (mti * 100) + (hi * 10) + lo;
            }
        }
        else
        {
            for (var i = 0; i < 4; i++)
            {
                var c = Spec.Mti == MtiEncoding.Ebcdic ? Ebcdic.ToLatin1(data[i]) : data[i];
                var d = (uint)(c - '0');
                ok &= d <= 9;
                mti = (mti * 10) + (int)d;
            }
        }

        if (!ok)
        {
            mti = 0;
            error = new IsoError(IsoErrorReason.BadMti, 0, 0);
            return false;
        }

        pos = _mtiWidth;
        error = default;
        return true;
    }

    private bool TryReadBitmap(ReadOnlySpan<byte> data, ref int pos, int field, out ulong word, out IsoError error)
    {
        word = 0;
        var width = _bitmapWidth;
        if (data.Length - pos < width)
        {
            error = new IsoError(IsoErrorReason.Truncated, field, pos);
            return false;
        }

        var src = data.Slice(pos, width);
        if (Spec.Bitmap == BitmapEncoding.Binary)
        {
            word = BinaryPrimitives.ReadUInt64BigEndian(src);
        }
        else
        {
            Span<byte> hex = stackalloc byte[16];
            if (Spec.Bitmap == BitmapEncoding.HexEbcdic)
            {
                Ebcdic.ToLatin1(src, hex);
            }
            else
            {
                src.CopyTo(hex);
            }

            Span<byte> raw = stackalloc byte[8];
            if (!Hex.TryDecode(hex, raw))
            {
                error = new IsoError(IsoErrorReason.BadBitmap, field, pos);
                return false;
            }

            word = BinaryPrimitives.ReadUInt64BigEndian(raw);
        }

        pos += width;
        error = default;
        return true;
    }

    private void WriteBitmap(ulong word, Span<byte> dest, ref int pos)
    {
        if (Spec.Bitmap == BitmapEncoding.Binary)
        {
            BinaryPrimitives.WriteUInt64BigEndian(dest[pos..], word);
            pos += 8;
            return;
        }

        Span<byte> raw = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(raw, word);
        var hex = dest.Slice(pos, 16);
        Hex.Encode(raw, hex);
        if (Spec.Bitmap == BitmapEncoding.HexEbcdic)
        {
            Ebcdic.FromLatin1(hex, hex);
        }

        pos += 16;
    }

    /// <summary>
    /// Parses the fields of one bitmap word. Returns false on a structural error (the rest cannot be located);
    /// content errors are recorded in <paramref name="first"/> and parsing goes on. The loop keeps the arena,
    /// the slots and the position in locals and writes them back once.
    /// </summary>
    private bool ParseWord(ReadOnlySpan<byte> data, ref int position, ulong bits, int word, IsoMessage message, ref IsoError first)
    {
        var fields = _fields;
        var slots = message.Slots;
        var arena = message.Arena;
        var used = message.ArenaUsed;
        var pos = position;
        var baseField = (word * 64) + 1;
        ulong done = 0;
        var ok = true;
        while (bits != 0)
        {
            var lz = BitOperations.LeadingZeroCount(bits);
            var bit = Top >> lz;
            bits &= ~bit;
            var field = baseField + lz;
            ref readonly var f = ref fields[field];
            if (!f.Defined)
            {
                first = Keep(first, new IsoError(IsoErrorReason.UnknownField, field, pos));
                ok = false;
                break;
            }

            int chars;
            int wire;
            if (f.PrefixWidth == 0)
            {
                chars = f.MaxLength;
                wire = f.FixedWire;
            }
            else
            {
                var width = f.PrefixWidth;
                if (data.Length - pos < width)
                {
                    first = Keep(first, new IsoError(IsoErrorReason.Truncated, field, pos));
                    ok = false;
                    break;
                }

                int prefix;
                bool prefixOk;
                if (f.PrefixEncoding == PrefixEncoding.Ascii)
                {
                    // The common case inline: two or three ASCII digits.
                    prefix = 0;
                    uint bad = 0;
                    for (var k = 0; k < width; k++)
                    {
                        var d = (uint)(data[pos + k] - '0');
                        bad |= d > 9 ? 1u : 0u;
                        prefix = (prefix * 10) + (int)d;
                    }

                    prefixOk = bad == 0;
                    chars = prefix;
                    if (f.Encoding == DataEncoding.Hex)
                    {
                        prefixOk &= (prefix & 1) == 0;
                        chars = prefix >> 1;
                    }
                    else if (f.Encoding == DataEncoding.Binary && f.Unit == LengthUnit.Nibbles)
                    {
                        prefixOk &= (prefix & 1) == 0;
                        chars = prefix >> 1;
                    }
                }
                else
                {
                    prefixOk = TryReadPrefix(in f, data.Slice(pos, width), out prefix)
                        & FieldLayout.TryCharsFromPrefix(f.Encoding, f.Content, f.Unit, prefix, out chars);
                }

                if (!prefixOk)
                {
                    first = Keep(first, new IsoError(IsoErrorReason.BadLengthPrefix, field, pos));
                    ok = false;
                    break;
                }

                pos += width;
                wire = WireLength(in f, chars);
                if (chars > f.MaxLength)
                {
                    first = Keep(first, new IsoError(IsoErrorReason.OverMaxLength, field, pos));
                }
            }

            if (data.Length - pos < wire)
            {
                first = Keep(first, new IsoError(IsoErrorReason.Truncated, field, pos));
                ok = false;
                break;
            }

            slots[field] = new IsoMessage.FieldSlot(used, chars);
            var dest = arena.AsSpan(used, chars);
            used += chars;
            var src = data.Slice(pos, wire);
            IsoErrorReason reason;
            if (f.Encoding == DataEncoding.Ascii && f.Content != ContentClass.XN)
            {
                reason = CharClasses.CopyValid(f.Content, f.Allowed, src, dest) ? IsoErrorReason.None : InvalidReason(f.Content);
            }
            else if (f.Encoding == DataEncoding.Bcd && f.Content == ContentClass.N)
            {
                reason = Bcd.TryUnpack(src, chars, f.PadLeft, false, dest) ? IsoErrorReason.None : IsoErrorReason.NonNumeric;
            }
            else
            {
                reason = Decode(in f, src, dest);
            }

            if (reason != IsoErrorReason.None)
            {
                first = Keep(first, new IsoError(reason, field, pos));
            }

            done |= bit;
            pos += wire;
        }

        message.ArenaUsed = used;
        message.AddPresence(word, done);
        position = pos;
        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static IsoError Keep(IsoError first, IsoError next) => first.IsError ? first : next;

    private static bool TryReadPrefix(in CompiledField f, ReadOnlySpan<byte> src, out int value)
    {
        value = 0;
        switch (f.PrefixEncoding)
        {
            case PrefixEncoding.Binary:
                value = src.Length == 1 ? src[0] : BinaryPrimitives.ReadUInt16BigEndian(src);
                return true;
            case PrefixEncoding.Bcd:
                foreach (var b in src)
                {
                    var hi = b >> 4;
                    var lo = b & 0xF;
                    if (hi > 9 || lo > 9)
                    {
                        return false;
                    }

                    value = (value * 100) + (hi * 10) + lo;
                }

                return true;
            case PrefixEncoding.Ebcdic:
                foreach (var b in src)
                {
                    var d = (uint)(Ebcdic.ToLatin1(b) - '0');
                    if (d > 9)
                    {
                        return false;
                    }

                    value = (value * 10) + (int)d;
                }

                return true;
            default:
                foreach (var b in src)
                {
                    var d = (uint)(b - '0');
                    if (d > 9)
                    {
                        return false;
                    }

                    value = (value * 10) + (int)d;
                }

                return true;
        }
    }

    private static void WritePrefix(in CompiledField f, int value, Span<byte> dest)
    {
        switch (f.PrefixEncoding)
        {
            case PrefixEncoding.Binary:
                if (dest.Length == 1)
                {
                    dest[0] = (byte)value;
                }
                else
                {
                    BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)value);
                }

                break;
            case PrefixEncoding.Bcd:
                if (dest.Length == 1)
                {
                    dest[0] = (byte)(((value / 10 % 10) << 4) | (value % 10));
                }
                else
                {
                    dest[0] = (byte)(((value / 1000 % 10) << 4) | (value / 100 % 10));
                    dest[1] = (byte)(((value / 10 % 10) << 4) | (value % 10));
                }

                break;
            default:
                Digits.TryWrite(value, dest);
                if (f.PrefixEncoding == PrefixEncoding.Ebcdic)
                {
                    Ebcdic.FromLatin1(dest, dest);
                }

                break;
        }
    }

    private static IsoErrorReason Decode(in CompiledField f, ReadOnlySpan<byte> src, Span<byte> dest)
    {
        switch (f.Encoding)
        {
            case DataEncoding.Ascii:
                return Check(f.Content, f.Allowed, CharClasses.CopyScalar(src, dest), dest);
            case DataEncoding.Ebcdic:
                return Check(f.Content, f.Allowed, CharClasses.FromEbcdic(src, dest), dest);
            case DataEncoding.Binary:
                src.CopyTo(dest);
                return IsoErrorReason.None;
            case DataEncoding.Hex:
                return Hex.TryDecode(src, dest) ? IsoErrorReason.None : IsoErrorReason.BadHex;
            default:
                return DecodeBcd(in f, src, dest);
        }
    }

    private static IsoErrorReason Encode(in CompiledField f, ReadOnlySpan<byte> value, Span<byte> target)
    {
        switch (f.Encoding)
        {
            case DataEncoding.Ascii when f.Content != ContentClass.XN:
                return CharClasses.CopyValid(f.Content, f.Allowed, value, target) ? IsoErrorReason.None : InvalidReason(f.Content);
            case DataEncoding.Ascii:
                return Check(f.Content, f.Allowed, CharClasses.CopyScalar(value, target), value);
            case DataEncoding.Ebcdic:
                return Check(f.Content, f.Allowed, CharClasses.ToEbcdic(value, target), value);
            case DataEncoding.Binary:
                value.CopyTo(target);
                return IsoErrorReason.None;
            case DataEncoding.Hex:
                Hex.Encode(value, target);
                return IsoErrorReason.None;
            default:
                return EncodeBcd(in f, value, target);
        }
    }

    private static IsoErrorReason EncodePadded(in CompiledField f, ReadOnlySpan<byte> value, int chars, Span<byte> target)
    {
        // A short fixed value: pad it to its length first (rare, so a small stack copy is fine).
        Span<byte> padded = stackalloc byte[chars];
        var padCount = chars - value.Length;
        if (f.PadLeft)
        {
            padded[..padCount].Fill(f.PadByte);
            value.CopyTo(padded[padCount..]);
        }
        else
        {
            value.CopyTo(padded);
            padded[value.Length..].Fill(f.PadByte);
        }

        return Encode(in f, padded, target);
    }

    private static IsoErrorReason DecodeBcd(in CompiledField f, ReadOnlySpan<byte> src, Span<byte> dest)
    {
        if (dest.IsEmpty)
        {
            return IsoErrorReason.None;
        }

        if (f.Content == ContentClass.XN)
        {
            // The sign travels as one character, then the digits packed.
            dest[0] = src[0];
            var digits = Bcd.TryUnpack(src[1..], dest.Length - 1, f.PadLeft, false, dest[1..]);
            return src[0] is not ((byte)'C' or (byte)'D') ? IsoErrorReason.InvalidCharacter
                : digits ? IsoErrorReason.None : IsoErrorReason.NonNumeric;
        }

        var track = f.Content == ContentClass.Z;
        return Bcd.TryUnpack(src, dest.Length, f.PadLeft, track, dest)
            ? IsoErrorReason.None
            : track ? IsoErrorReason.InvalidCharacter : IsoErrorReason.NonNumeric;
    }

    private static IsoErrorReason EncodeBcd(in CompiledField f, ReadOnlySpan<byte> value, Span<byte> target)
    {
        if (value.IsEmpty)
        {
            return IsoErrorReason.None;
        }

        if (f.Content == ContentClass.XN)
        {
            if (value[0] is not ((byte)'C' or (byte)'D'))
            {
                return IsoErrorReason.InvalidCharacter;
            }

            target[0] = value[0];
            return Bcd.TryPack(value[1..], f.PadLeft, f.PadNibble, false, target[1..]) ? IsoErrorReason.None : IsoErrorReason.NonNumeric;
        }

        var track = f.Content == ContentClass.Z;
        return Bcd.TryPack(value, f.PadLeft, f.PadNibble, track, target)
            ? IsoErrorReason.None
            : track ? IsoErrorReason.InvalidCharacter : IsoErrorReason.NonNumeric;
    }

    private static IsoErrorReason InvalidReason(ContentClass content) =>
        content == ContentClass.N ? IsoErrorReason.NonNumeric : IsoErrorReason.InvalidCharacter;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static IsoErrorReason Check(ContentClass content, int allowed, int classes, ReadOnlySpan<byte> value)
    {
        if ((classes & ~allowed) != 0)
        {
            return content == ContentClass.N ? IsoErrorReason.NonNumeric : IsoErrorReason.InvalidCharacter;
        }

        if (content == ContentClass.XN && !value.IsEmpty)
        {
            if (value[0] is not ((byte)'C' or (byte)'D'))
            {
                return IsoErrorReason.InvalidCharacter;
            }

            return value[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 ? IsoErrorReason.None : IsoErrorReason.NonNumeric;
        }

        return IsoErrorReason.None;
    }

    /// <summary>A field spec flattened for the parse and pack loops.</summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly struct CompiledField
    {
        public bool Defined { get; init; }
        public DataEncoding Encoding { get; init; }
        public ContentClass Content { get; init; }
        public PrefixEncoding PrefixEncoding { get; init; }
        public LengthUnit Unit { get; init; }
        public int PrefixWidth { get; init; }
        public int MaxLength { get; init; }
        public int FixedWire { get; init; }
        public int Allowed { get; init; }
        public bool HasPadding { get; init; }
        public bool PadLeft { get; init; }
        public byte PadByte { get; init; }
        public int PadNibble { get; init; }

        public static CompiledField From(FieldSpec spec)
        {
            var padChar = spec.Padding.Side == PadSide.None
                ? (spec.Content is ContentClass.N or ContentClass.XN or ContentClass.Z ? '0' : ' ')
                : spec.Padding.Char;
            return new CompiledField
            {
                Defined = true,
                Encoding = spec.Encoding,
                Content = spec.Content,
                PrefixEncoding = spec.Length.Encoding,
                Unit = spec.Length.Unit,
                PrefixWidth = spec.Length.Width,
                MaxLength = spec.MaxLength,
                FixedWire = FieldLayout.WireLength(spec.Encoding, spec.Content, spec.MaxLength),
                Allowed = CharClasses.AllowedFor(spec.Content),
                HasPadding = spec.Padding.Side != PadSide.None,
                // Numerics pad on the left unless told otherwise; BCD's odd nibble follows the same side.
                PadLeft = spec.Padding.Side == PadSide.Left
                    || (spec.Padding.Side == PadSide.None && spec.Content is ContentClass.N or ContentClass.XN),
                PadByte = (byte)padChar,
                PadNibble = HexValue(padChar),
            };
        }

        private static int HexValue(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => 0,
        };
    }
}
