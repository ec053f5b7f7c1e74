using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Baas.Events;

/// <summary>
/// A card's identity everywhere but the network edge: HMAC-SHA256 of the PAN under the issuer's token key.
/// The PAN itself is never stored, logged or exported.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct CardToken : IEquatable<CardToken>
{
    /// <summary>Bytes in a token.</summary>
    public const int Size = 32;

    private Bytes _bytes;

    /// <summary>The token's bytes.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Span => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _bytes[0]), Size);

    /// <summary>True for the all-zero token (no card).</summary>
    public readonly bool IsEmpty => Span.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Computes the token of a PAN (ASCII digits) under <paramref name="key"/>, without allocating.</summary>
    public static CardToken FromPan(ReadOnlySpan<byte> key, ReadOnlySpan<byte> pan)
    {
        var token = default(CardToken);
        HMACSHA256.HashData(key, pan, token._bytes);
        return token;
    }

    /// <summary>A token from its 32 bytes.</summary>
    public static CardToken FromBytes(ReadOnlySpan<byte> bytes)
    {
        var token = default(CardToken);
        bytes[..Size].CopyTo(token._bytes);
        return token;
    }

    /// <summary>Parses 64 hex characters.</summary>
    public static bool TryParse(string? hex, out CardToken token)
    {
        token = default;
        if (hex is null || hex.Length != Size * 2)
        {
            return false;
        }

        return Convert.FromHexString(hex, token._bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == Size;
    }

    /// <summary>A 64-bit hash for hash tables (the token is already uniformly random).</summary>
    public readonly long Hash64 => BinaryPrimitives.ReadInt64LittleEndian(Span);

    /// <inheritdoc />
    public readonly bool Equals(CardToken other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is CardToken other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode() => (int)Hash64;

    /// <summary>Lower-case hex.</summary>
    public override readonly string ToString() => Convert.ToHexStringLower(Span);

    public static bool operator ==(CardToken left, CardToken right) => left.Equals(right);

    public static bool operator !=(CardToken left, CardToken right) => !left.Equals(right);

    [InlineArray(Size)]
    private struct Bytes
    {
        private byte _b;
    }
}
