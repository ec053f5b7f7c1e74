using System.Security.Cryptography;
using System.Text;

namespace Baas.Kyc;

/// <summary>
/// Keeps government identifiers out of plain sight: AES-256-GCM for the stored value (nonce and tag beside the
/// ciphertext) and an HMAC-SHA256 for finding the same identifier on another customer, both from one 32-byte key.
/// </summary>
public sealed class IdentityProtector
{
    private readonly byte[] _encryptionKey;
    private readonly byte[] _hashKey;

    /// <param name="key">32 bytes; the encryption and hashing keys are derived from it with HKDF.</param>
    public IdentityProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("the KYC key is 32 bytes (64 hex digits)", nameof(key));
        }

        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key.ToArray(), 32, info: "baas-kyc-identifier-encryption"u8.ToArray());
        _hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key.ToArray(), 32, info: "baas-kyc-identifier-hash"u8.ToArray());
    }

    /// <summary>A protector with the key in <paramref name="path"/> (hex), creating a random one there when absent.</summary>
    public static IdentityProtector FromFile(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant() + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return new IdentityProtector(Convert.FromHexString(File.ReadAllText(path).Trim()));
    }

    /// <summary>nonce (12) ‖ tag (16) ‖ ciphertext.</summary>
    public byte[] Encrypt(string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedValue = new byte[12 + 16 + plain.Length];
        var nonce = sealedValue.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, 16);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16));
        return sealedValue;
    }

    /// <summary>The value <see cref="Encrypt"/> sealed; throws <see cref="CryptographicException"/> when it was tampered with or sealed with another key.</summary>
    public string Decrypt(ReadOnlySpan<byte> sealedValue)
    {
        var plain = new byte[sealedValue.Length - 28];
        using var aes = new AesGcm(_encryptionKey, 16);
        aes.Decrypt(sealedValue[..12], sealedValue[28..], sealedValue.Slice(12, 16), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A keyed hash of the normalised identifier with its type: equal identifiers hash equal, and the hash reveals nothing without the key.</summary>
    public byte[] Hash(string type, string normalizedValue) => HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(type + ":" + normalizedValue));
}
