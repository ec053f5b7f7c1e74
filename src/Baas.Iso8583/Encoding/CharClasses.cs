using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Baas.Iso8583.Specs;

namespace Baas.Iso8583;

/// <summary>
/// Validation of canonical (Latin-1) characters against ISO 8583 content classes, fused with the copy that
/// moves them: 16 bytes at a time with vector predicates (one struct per class, so each loop is specialised),
/// and one class bit per byte from a table for short values.
/// </summary>
internal static class CharClasses
{
    public const int Digit = 1;
    public const int Letter = 2;
    public const int Space = 4;
    public const int Special = 8;
    public const int Control = 16;
    public const int Separator = 32; // '=' (track separator; also a special character)
    public const int LetterD = 64; // 'D' (a letter, and the BCD track separator)
    public const int High = 128; // printable Latin-1 above ASCII

    public static readonly byte[] Table = Build();

    public static int AllowedFor(ContentClass content) => content switch
    {
        ContentClass.N => Digit,
        ContentClass.A => Letter | LetterD | Space,
        ContentClass.An => Digit | Letter | LetterD | Space,
        ContentClass.As => Letter | LetterD | Space | Special | Separator | High,
        ContentClass.Ns => Digit | Space | Special | Separator | High,
        ContentClass.S => Space | Special | Separator | High,
        ContentClass.Z => Digit | Separator | LetterD,
        ContentClass.XN => Digit | Letter | LetterD,
        ContentClass.B => 0xFF,
        _ => 0xFF & ~Control,
    };

    /// <summary>Copies <paramref name="src"/> into <paramref name="dest"/>; true when every byte is allowed by the class.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool CopyValid(ContentClass content, int allowed, ReadOnlySpan<byte> src, Span<byte> dest)
    {
        if (src.Length < 16 || !Vector128.IsHardwareAccelerated)
        {
            return (CopyScalar(src, dest) & ~allowed) == 0;
        }

        return content switch
        {
            ContentClass.N => CopyVector<DigitsOnly>(src, dest),
            ContentClass.An => CopyVector<AlphaNumericSpace>(src, dest),
            ContentClass.Ans => CopyVector<NoControl>(src, dest),
            ContentClass.Z => CopyVector<TrackCharacters>(src, dest),
            _ => (CopyScalar(src, dest) & ~allowed) == 0,
        };
    }

    /// <summary>Copies and returns the OR of the classes of the bytes copied.</summary>
    public static int CopyScalar(ReadOnlySpan<byte> src, Span<byte> dest)
    {
        dest = dest[..src.Length];
        var table = Table;
        var acc = 0;
        for (var i = 0; i < src.Length; i++)
        {
            var b = src[i];
            dest[i] = b;
            acc |= table[b];
        }

        return acc;
    }

    /// <summary>Translates EBCDIC to Latin-1 and returns the OR of the classes of the result.</summary>
    public static int FromEbcdic(ReadOnlySpan<byte> src, Span<byte> dest)
    {
        dest = dest[..src.Length];
        var table = Table;
        var acc = 0;
        for (var i = 0; i < src.Length; i++)
        {
            var b = Ebcdic.ToLatin1(src[i]);
            dest[i] = b;
            acc |= table[b];
        }

        return acc;
    }

    /// <summary>Translates Latin-1 to EBCDIC and returns the OR of the classes of the source.</summary>
    public static int ToEbcdic(ReadOnlySpan<byte> src, Span<byte> dest)
    {
        dest = dest[..src.Length];
        var table = Table;
        var acc = 0;
        for (var i = 0; i < src.Length; i++)
        {
            var b = src[i];
            acc |= table[b];
            dest[i] = Ebcdic.FromLatin1(b);
        }

        return acc;
    }

    private static bool CopyVector<TPredicate>(ReadOnlySpan<byte> src, Span<byte> dest)
        where TPredicate : struct, IVectorPredicate
    {
        // Callers guarantee src.Length >= 16 and dest at least as long; the last block overlaps the previous one.
        if (dest.Length < src.Length)
        {
            ThrowHelper.ThrowArgument(nameof(dest), "destination shorter than source");
        }

        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dest);
        var last = (nuint)(src.Length - 16);
        var bad = Vector128<byte>.Zero;
        nuint i = 0;
        for (; i < last; i += 16)
        {
            var v = Vector128.LoadUnsafe(ref s, i);
            v.StoreUnsafe(ref d, i);
            bad |= TPredicate.Invalid(v);
        }

        var tail = Vector128.LoadUnsafe(ref s, last);
        tail.StoreUnsafe(ref d, last);
        bad |= TPredicate.Invalid(tail);
        return bad == Vector128<byte>.Zero;
    }

    private interface IVectorPredicate
    {
        /// <summary>Non-zero lanes where the byte is not allowed.</summary>
        static abstract Vector128<byte> Invalid(Vector128<byte> v);
    }

    private readonly struct DigitsOnly : IVectorPredicate
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Invalid(Vector128<byte> v) =>
            Vector128.GreaterThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
    }

    private readonly struct AlphaNumericSpace : IVectorPredicate
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Invalid(Vector128<byte> v)
        {
            var digit = Vector128.LessThanOrEqual(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
            var letter = Vector128.LessThanOrEqual((v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)25));
            var space = Vector128.Equals(v, Vector128.Create((byte)' '));
            return ~(digit | letter | space);
        }
    }

    private readonly struct NoControl : IVectorPredicate
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Invalid(Vector128<byte> v)
        {
            var low = Vector128.LessThan(v, Vector128.Create((byte)0x20));
            var delete = Vector128.Equals(v, Vector128.Create((byte)0x7F));
            var c1 = Vector128.LessThan(v - Vector128.Create((byte)0x80), Vector128.Create((byte)0x20));
            return low | delete | c1;
        }
    }

    private readonly struct TrackCharacters : IVectorPredicate
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Invalid(Vector128<byte> v)
        {
            var digit = Vector128.LessThanOrEqual(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
            var separator = Vector128.Equals(v, Vector128.Create((byte)'=')) | Vector128.Equals(v, Vector128.Create((byte)'D'));
            return ~(digit | separator);
        }
    }

    private static byte[] Build()
    {
        var table = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = i switch
            {
                < 0x20 or 0x7F or (>= 0x80 and < 0xA0) => Control,
                >= '0' and <= '9' => Digit,
                'D' => LetterD,
                (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') => Letter,
                ' ' => Space,
                '=' => Separator,
                < 0x80 => Special,
                _ => High,
            };
        }

        return table;
    }
}
