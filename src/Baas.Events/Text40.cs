using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Baas.Events;

/// <summary>
/// Up to 40 bytes of Latin-1 text held inline, so events and state records carry identifiers and merchant
/// details without allocating. Longer values are cut at 40 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct Text40 : IEquatable<Text40>
{
    /// <summary>The most bytes the text holds.</summary>
    public const int Capacity = 40;

    private Bytes _bytes;
    private byte _length;

    /// <summary>Text from bytes (cut to 40).</summary>
    public static Text40 From(ReadOnlySpan<byte> value)
    {
        var t = default(Text40);
        t.Set(value);
        return t;
    }

    /// <summary>Text from a string (Latin-1, cut to 40).</summary>
    public static Text40 From(string? value)
    {
        var t = default(Text40);
        if (!string.IsNullOrEmpty(value))
        {
            Span<byte> buffer = stackalloc byte[Capacity];
            var n = Encoding.Latin1.GetBytes(value.AsSpan(0, Math.Min(value.Length, Capacity)), buffer);
            t.Set(buffer[..n]);
        }

        return t;
    }

    /// <summary>Bytes of text.</summary>
    public readonly int Length => _length;

    /// <summary>True when empty.</summary>
    public readonly bool IsEmpty => _length == 0;

    /// <summary>The text's bytes.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Span => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _bytes[0]), _length);

    /// <summary>Replaces the text (cut to 40 bytes).</summary>
    public void Set(ReadOnlySpan<byte> value)
    {
        var n = Math.Min(value.Length, Capacity);
        value[..n].CopyTo(_bytes);
        _length = (byte)n;
    }

    /// <summary>Empties the text.</summary>
    public void Clear() => _length = 0;

    /// <inheritdoc />
    public readonly bool Equals(Text40 other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is Text40 other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(Span);
        return h.ToHashCode();
    }

    /// <summary>The text as a string.</summary>
    public override readonly string ToString() => Encoding.Latin1.GetString(Span);

    public static bool operator ==(Text40 left, Text40 right) => left.Equals(right);

    public static bool operator !=(Text40 left, Text40 right) => !left.Equals(right);

    [InlineArray(Capacity)]
    private struct Bytes
    {
        private byte _b;
    }
}
