using System.Buffers;
using System.Globalization;
using System.Text;

namespace Baas.Observability;

/// <summary>Names, escaping and number formatting of the Prometheus text exposition format 0.0.4.</summary>
internal static class PrometheusText
{
    /// <summary>Metric names match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>; anything else becomes <c>_</c>.</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>Label names match <c>[a-zA-Z_][a-zA-Z0-9_]*</c>; anything else becomes <c>_</c>.</summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>HELP text escapes backslash and line feed.</summary>
    public static string EscapeHelp(string text) =>
        text.AsSpan().IndexOfAny('\\', '\n') < 0 ? text : text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) =>
        value.AsSpan().IndexOfAny('\\', '"', '\n') < 0
            ? value
            : value.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>The text of a tag value: strings as they are, booleans in lower case, numbers invariant.</summary>
    public static string FormatTagValue(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A sample value or <c>le</c> bound the way Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c> would.</summary>
    public static string FormatDouble(double value)
    {
        Span<byte> buffer = stackalloc byte[32];
        var written = FormatDouble(value, buffer);
        return Encoding.ASCII.GetString(buffer[..written]);
    }

    public static void WriteDouble(IBufferWriter<byte> writer, double value)
    {
        var span = writer.GetSpan(32);
        writer.Advance(FormatDouble(value, span));
    }

    public static void WriteLong(IBufferWriter<byte> writer, long value)
    {
        var span = writer.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        writer.Advance(written);
    }

    public static void WriteAscii(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }

    private static int FormatDouble(double value, Span<byte> destination)
    {
        ReadOnlySpan<byte> special =
            double.IsNaN(value) ? "NaN"u8
            : double.IsPositiveInfinity(value) ? "+Inf"u8
            : double.IsNegativeInfinity(value) ? "-Inf"u8
            : default;
        if (!special.IsEmpty)
        {
            special.CopyTo(destination);
            return special.Length;
        }

        // Shortest round-trip, as Go prints it; only the exponent letter differs (1E-05 against 1e-05).
        value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture);
        var exponent = destination[..written].IndexOf((byte)'E');
        if (exponent >= 0)
        {
            destination[exponent] = (byte)'e';
        }

        return written;
    }

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        if (IsValid(name, allowColon))
        {
            return name;
        }

        var builder = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }

        foreach (var c in name)
        {
            builder.Append(IsNameChar(c, allowColon) ? c : '_');
        }

        return builder.ToString();
    }

    private static bool IsValid(string name, bool allowColon)
    {
        if (char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsNameChar(c, allowColon))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNameChar(char c, bool allowColon) =>
        char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
}
