using System.Security.Cryptography;
using Baas.Events;

namespace Baas.Authorizer.Engine;

/// <summary>
/// Card security values: CVV2 and PIN are never stored, only keyed hashes of them (HMAC-SHA256 under the PAN
/// key, bound to the PAN); PIN blocks arrive in ISO 9564 format 0 encrypted under the zone PIN key (3DES).
/// </summary>
internal static class Security
{
    /// <summary>The 16-byte verification value of a secret (CVV2 or PIN) for a PAN.</summary>
    public static void Hash(PanTokenizer panKey, ReadOnlySpan<byte> purpose, ReadOnlySpan<byte> pan, ReadOnlySpan<byte> secret, Span<byte> dest16)
    {
        Span<byte> input = stackalloc byte[64];
        var n = 0;
        purpose.CopyTo(input[n..]);
        n += purpose.Length;
        pan.CopyTo(input[n..]);
        n += pan.Length;
        input[n++] = (byte)':';
        secret.CopyTo(input[n..]);
        n += secret.Length;
        Span<byte> mac = stackalloc byte[32];
        panKey.Compute(input[..n], mac);
        mac[..16].CopyTo(dest16);
    }

    public static string HashHex(PanTokenizer panKey, string purpose, string pan, string secret)
    {
        Span<byte> dest = stackalloc byte[16];
        Hash(panKey, System.Text.Encoding.ASCII.GetBytes(purpose), System.Text.Encoding.ASCII.GetBytes(pan), System.Text.Encoding.ASCII.GetBytes(secret), dest);
        return Convert.ToHexString(dest);
    }

    /// <summary>Recovers the clear PIN (ASCII digits) from an encrypted ISO format 0 PIN block; 0 when the block is not valid.</summary>
    public static int DecryptPinBlock(TripleDES zonePinKey, ReadOnlySpan<byte> encrypted8, ReadOnlySpan<byte> pan, Span<byte> pinDigits)
    {
        if (encrypted8.Length != 8 || pan.Length < 13)
        {
            return 0;
        }

        Span<byte> clear = stackalloc byte[8];
        zonePinKey.DecryptEcb(encrypted8, clear, PaddingMode.None);

        // PAN field: 0000 followed by the 12 rightmost digits excluding the check digit.
        Span<byte> panField = stackalloc byte[8];
        panField.Clear();
        var digits = pan[(pan.Length - 13)..(pan.Length - 1)];
        for (var i = 0; i < 12; i++)
        {
            var nibble = digits[i] - '0';
            var at = 4 + i;
            panField[at / 2] |= (byte)((at & 1) == 0 ? nibble << 4 : nibble);
        }

        for (var i = 0; i < 8; i++)
        {
            clear[i] ^= panField[i];
        }

        if (clear[0] >> 4 != 0)
        {
            return 0;
        }

        var length = clear[0] & 0xF;
        if (length is < 4 or > 12)
        {
            return 0;
        }

        for (var i = 0; i < length; i++)
        {
            var at = 2 + i;
            var nibble = (at & 1) == 0 ? clear[at / 2] >> 4 : clear[at / 2] & 0xF;
            if (nibble > 9)
            {
                return 0;
            }

            pinDigits[i] = (byte)('0' + nibble);
        }

        return length;
    }

    /// <summary>
    /// A 3DES key in the triple-length form the platform cipher takes: a double-length key (K1 K2) becomes
    /// K1 K2 K1, the same key. OpenSSL 3 refuses 16-byte keys at first use, which made every PIN block fail.
    /// </summary>
    public static byte[] TripleLength(byte[] key) => key.Length == 16 ? [.. key, .. key.AsSpan(0, 8)] : key;

    /// <summary>Builds an encrypted ISO format 0 PIN block (the switch-sim and tests use it).</summary>
    public static byte[] EncryptPinBlock(byte[] zonePinKey, string pan, string pin)
    {
        var block = new byte[8];
        var pinField = ("0" + pin.Length.ToString("X") + pin).PadRight(16, 'F');
        var panField = "0000" + pan[(pan.Length - 13)..(pan.Length - 1)];
        var a = Convert.FromHexString(pinField);
        var b = Convert.FromHexString(panField);
        for (var i = 0; i < 8; i++)
        {
            block[i] = (byte)(a[i] ^ b[i]);
        }

#pragma warning disable CA5350 // ISO 9564 PIN blocks travel under 3DES zone keys: the networks mandate it.
        using var des = TripleDES.Create();
#pragma warning restore CA5350
        des.Key = TripleLength(zonePinKey);
        return des.EncryptEcb(block, PaddingMode.None);
    }

    /// <summary>A six-character approval code derived from the event's sequence (unique, not guessable in order).</summary>
    public static void ApprovalCode(long seq, Span<byte> dest6)
    {
        const string Alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        var x = (ulong)seq * 0x9E3779B97F4A7C15UL;
        x ^= x >> 29;
        for (var i = 0; i < 6; i++)
        {
            dest6[i] = (byte)Alphabet[(int)(x % (ulong)Alphabet.Length)];
            x /= (ulong)Alphabet.Length;
        }
    }
}
