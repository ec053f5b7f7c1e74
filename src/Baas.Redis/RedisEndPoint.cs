using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Baas.Redis;

/// <summary>A server address: <c>host:port</c>, <c>[ipv6]:port</c>, or a bare host meaning port 6379.</summary>
public sealed record RedisEndPoint(string Host, int Port)
{
    public const int DefaultPort = 6379;

    /// <summary>Parses <c>127.0.0.1:56379</c>, <c>redis.local:6379</c>, <c>[::1]:6379</c> or <c>redis.local</c>.</summary>
    public static RedisEndPoint Parse(string text)
    {
        if (!TryParse(text, out var endPoint))
        {
            throw new FormatException($"'{text}' is not a Redis endpoint: expected host:port, [ipv6]:port or host.");
        }

        return endPoint;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out RedisEndPoint? endPoint)
    {
        endPoint = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        string host;
        var port = DefaultPort;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 2)
            {
                return false;
            }

            host = text[1..close];
            var rest = text.AsSpan(close + 1);
            if (!rest.IsEmpty && (rest[0] != ':' || !TryParsePort(rest[1..], out port)))
            {
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                // A bare IPv6 address: no port can be told apart from the address.
                host = text;
            }
            else if (colon >= 0)
            {
                host = text[..colon];
                if (!TryParsePort(text.AsSpan(colon + 1), out port))
                {
                    return false;
                }
            }
            else
            {
                host = text;
            }
        }

        if (host.Length == 0)
        {
            return false;
        }

        endPoint = new RedisEndPoint(host, port);
        return true;
    }

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    private static bool TryParsePort(ReadOnlySpan<char> text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
}
