using System.Text;

namespace Baas.Compliance.Screening.Lists;

/// <summary>
/// Reader of the OFAC legacy CSV layout: no header, text fields in double quotes (which may hold commas and,
/// doubled, quotes), <c>-0-</c> (usually with a trailing space) for an empty value, CRLF or LF line ends, and a
/// final line holding only the DOS end-of-file byte 0x1A.
/// </summary>
internal static class OfacCsv
{
    private const char EndOfFile = '\u001A';

    /// <summary>Decodes a file as UTF-8, falling back to Latin-1 when it is not valid UTF-8 (older OFAC files).</summary>
    public static string Decode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(span);
        }
    }

    /// <summary>
    /// The records of a file, each an array of fields. Quoted fields are returned as written between the quotes
    /// (not trimmed: a remark cut at 1,000 characters may end in a space that its continuation needs); unquoted
    /// fields are trimmed; <c>-0-</c> becomes the empty string. Blank lines and the 0x1A line are skipped.
    /// </summary>
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>(12);
        var field = new StringBuilder(256);
        var quoted = false;
        var wasQuoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    quoted = false;
                    i++;
                    continue;
                }

                field.Append(c);
                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 || IsBlank(field):
                    field.Clear();
                    quoted = true;
                    wasQuoted = true;
                    break;
                case ',':
                    fields.Add(Value(field, wasQuoted));
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r' or '\n':
                    EndRecord();
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                default:
                    // After a closing quote only padding is expected; keep anything else rather than lose it.
                    if (!wasQuoted || !char.IsWhiteSpace(c))
                    {
                        field.Append(c);
                    }

                    break;
            }

            i++;
        }

        EndRecord();
        return records;

        void EndRecord()
        {
            if (fields.Count == 0 && !wasQuoted && IsBlankOrEof(field))
            {
                field.Clear();
                return;
            }

            fields.Add(Value(field, wasQuoted));
            field.Clear();
            wasQuoted = false;
            records.Add([.. fields]);
            fields.Clear();
        }
    }

    private static string Value(StringBuilder field, bool wasQuoted)
    {
        if (wasQuoted)
        {
            var s = field.ToString();
            return s.Trim() == "-0-" ? "" : s;
        }

        var trimmed = field.ToString().Trim();
        return trimmed == "-0-" ? "" : trimmed;
    }

    private static bool IsBlank(StringBuilder sb)
    {
        for (var i = 0; i < sb.Length; i++)
        {
            if (!char.IsWhiteSpace(sb[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBlankOrEof(StringBuilder sb)
    {
        for (var i = 0; i < sb.Length; i++)
        {
            if (!char.IsWhiteSpace(sb[i]) && sb[i] != EndOfFile)
            {
                return false;
            }
        }

        return true;
    }
}
