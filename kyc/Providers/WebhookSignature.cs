using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Baas.Kyc.Providers;

/// <summary>HMAC-SHA256 webhook signatures: a plain hex digest, or <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c> over <c>"&lt;t&gt;." + body</c>.</summary>
internal static class WebhookSignature
{
    /// <summary>How far a signed timestamp may be from now, either way, before the delivery counts as a replay.</summary>
    public const int ReplayWindowSeconds = 300;

    private const int MacLength = 32;
    private const int MaxHeaderLength = 1024;

    /// <summary>The HMAC key for a configured secret, or null when none is configured.</summary>
    public static byte[]? Key(string? secret) => string.IsNullOrEmpty(secret) ? null : Encoding.UTF8.GetBytes(secret);

    /// <summary>Lowercase hex HMAC-SHA256 of <paramref name="prefix"/> followed by <paramref name="body"/>.</summary>
    public static string Hex(byte[] key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[MacLength];
        Compute(key, prefix, body, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>The <c>t=...,v1=...</c> header value for <paramref name="body"/> signed at <paramref name="now"/>.</summary>
    public static string SignTimestamped(string secret, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var t = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Hex(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(t + "."), body)}";
    }

    /// <summary>Checks a plain hex digest header.</summary>
    public static bool TryVerifyHex(byte[]? key, string headerName, string? headerValue, ReadOnlySpan<byte> body, out string? problem)
    {
        if (key is null)
        {
            problem = "no webhook secret is configured for this provider";
            return false;
        }

        if (string.IsNullOrWhiteSpace(headerValue))
        {
            problem = $"the {headerName} header is missing";
            return false;
        }

        if (!Matches(key, [], body, headerValue.AsSpan().Trim()))
        {
            problem = $"the {headerName} signature does not match the body";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>Checks a <c>t=...,v1=...</c> header: well formed, inside the replay window, and one v1 matching.</summary>
    public static bool TryVerifyTimestamped(byte[]? key, string headerName, string? headerValue, ReadOnlySpan<byte> body, DateTimeOffset now, out string? problem)
    {
        if (key is null)
        {
            problem = "no webhook secret is configured for this provider";
            return false;
        }

        if (string.IsNullOrWhiteSpace(headerValue))
        {
            problem = $"the {headerName} header is missing";
            return false;
        }

        if (headerValue.Length > MaxHeaderLength || !TryParse(headerValue, out var timestamp, out var t, out var signatures))
        {
            problem = $"the {headerName} header is malformed; expected t=<unix seconds>,v1=<hex>";
            return false;
        }

        var skew = now.ToUnixTimeSeconds() - timestamp;
        if (skew > ReplayWindowSeconds)
        {
            problem = $"the {headerName} timestamp is more than {ReplayWindowSeconds} seconds old (replay?)";
            return false;
        }

        if (skew < -ReplayWindowSeconds)
        {
            problem = $"the {headerName} timestamp is more than {ReplayWindowSeconds} seconds in the future";
            return false;
        }

        Span<byte> prefix = stackalloc byte[t.Length + 1];
        Encoding.ASCII.GetBytes(t, prefix);
        prefix[^1] = (byte)'.';

        // Every v1 is checked (a sender rotating secrets signs with both); no early exit on the first mismatch.
        var matched = false;
        foreach (var signature in signatures)
        {
            matched |= Matches(key, prefix, body, signature.AsSpan());
        }

        problem = matched ? null : $"the {headerName} signature does not match the body";
        return matched;
    }

    private static bool TryParse(string headerValue, out long timestamp, out string t, out List<string> signatures)
    {
        timestamp = 0;
        t = "";
        signatures = [];
        foreach (var part in headerValue.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var name = part[..equals];
            var value = part[(equals + 1)..];
            if (name == "t")
            {
                // One timestamp, plain ASCII digits, no sign: it is hashed exactly as sent.
                if (t.Length > 0 || value.Length is 0 or > 12 || value.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0)
                {
                    return false;
                }

                t = value;
                timestamp = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            else if (name == "v1")
            {
                signatures.Add(value);
            }

            // Other schemes (v0, v2...) are ignored so a sender can add one without breaking us.
        }

        return t.Length > 0 && signatures.Count > 0;
    }

    private static bool Matches(byte[] key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, ReadOnlySpan<char> hex)
    {
        Span<byte> expected = stackalloc byte[MacLength];
        Compute(key, prefix, body, expected);

        Span<byte> given = stackalloc byte[MacLength];
        if (hex.Length != MacLength * 2
            || Convert.FromHexString(hex, given, out _, out var written) != OperationStatus.Done
            || written != MacLength)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static void Compute(byte[] key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, Span<byte> mac)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        hmac.GetHashAndReset(mac);
    }
}
