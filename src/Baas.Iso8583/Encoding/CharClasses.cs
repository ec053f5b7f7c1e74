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
    public static bool CopyValid(ContentClass content, int allowed, ReadOnlySpan<byte> src, Span<byte> dest) => content switch
    {
        ContentClass.N => CopyValid<DigitsOnly>(allowed, src, dest),
        ContentClass.An => CopyValid<AlphaNumericSpace>(allowed, src, dest),
        ContentClass.Ans => CopyValid<NoControl>(allowed, src, dest),
        ContentClass.Z => CopyValid<TrackCharacters>(allowed, src, dest),
        _ => (CopyScalar(src, dest) & ~allowed) == 0,
    };

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

    /// <summary>
    /// Copies and validates with one vector predicate: 16-byte blocks (the last overlapping the one before),
    /// and values of 4 to 15 bytes as one vector built from two overlapping loads, so that no read or write
    /// leaves the spans. Values under 4 bytes go through the table.
    /// </summary>
    private static bool CopyValid<TPredicate>(int allowed, ReadOnlySpan<byte> src, Span<byte> dest)
        where TPredicate : struct, IVectorPredicate
    {
        var n = src.Length;
        if (dest.Length < n)
        {
            ThrowHelper.ThrowArgument(nameof(dest), "destination shorter than source");
        }

        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dest);
        if (n >= 16 && Vector128.IsHardwareAccelerated)
        {
            var last = (nuint)(n - 16);
            var bad = Vector128<byte>.Zero;
            for (nuint i = 0; i < last; i += 16)
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

        if (n >= 8 && Vector128.IsHardwareAccelerated)
        {
            var head = Unsafe.ReadUnaligned<ulong>(ref s);
            var tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, n - 8));
            Unsafe.WriteUnaligned(ref d, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, n - 8), tail);
            return TPredicate.Invalid(Vector128.Create(head, tail).AsByte()) == Vector128<byte>.Zero;
        }

        if (n >= 4 && Vector128.IsHardwareAccelerated)
        {
            var head = Unsafe.ReadUnaligned<uint>(ref s);
            var tail = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref s, n - 4));
            Unsafe.WriteUnaligned(ref d, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, n - 4), tail);
            return TPredicate.Invalid(Vector128.Create(head, tail, head, tail).AsByte()) == Vector128<byte>.Zero;
        }

        return (CopyScalar(src, dest) & ~allowed) == 0;
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
