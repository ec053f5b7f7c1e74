using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Xml;

namespace Baas.Compliance.Filing;

/// <summary>
/// Checks and normalises the values of a filing. The schemas refuse leading, trailing or repeated whitespace, line
/// breaks and tabs in every text value but the narrative, so runs of whitespace and control characters become one
/// space. Messages name the field and never repeat the value (it may be personal data or a number).
/// </summary>
internal static class FilingText
{
    /// <summary>The text, normalised, of at most <paramref name="maxLength"/> characters; refuses null or blank.</summary>
    public static string Required(string? value, int maxLength, string field)
    {
        return Optional(value, maxLength, field) ?? Fail<string>(field, "is required");
    }

    /// <summary>The text, normalised, of at most <paramref name="maxLength"/> characters, or null when null or blank.</summary>
    public static string? Optional(string? value, int maxLength, string field)
    {
        if (value is null)
        {
            return null;
        }

        var clean = Clean(value);
        if (clean.Length == 0)
        {
            return null;
        }

        return clean.Length <= maxLength ? clean : Fail<string>(field, $"is longer than {maxLength} characters");
    }

    /// <summary>A number written as digits only (hyphens and spaces removed), of <paramref name="minLength"/> to <paramref name="maxLength"/> digits.</summary>
    public static string Digits(string? value, int minLength, int maxLength, string field)
    {
        var text = Required(value, 64, field);
        var digits = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not ('-' or ' '))
            {
                Fail(field, "must hold digits only");
            }
        }

        return digits.Length >= minLength && digits.Length <= maxLength
            ? digits.ToString()
            : Fail<string>(field, minLength == maxLength ? $"must have {minLength} digits" : $"must have {minLength} to {maxLength} digits");
    }

    /// <summary>A phone number as its digits, at most 16.</summary>
    public static string Phone(string? value, string field)
    {
        var text = Required(value, 64, field);
        var digits = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        return digits.Length is > 0 and <= 16 ? digits.ToString() : Fail<string>(field, "must have 1 to 16 digits");
    }

    /// <summary>A date as <c>YYYYMMDD</c>; the schemas take years 1900 to 2099 only.</summary>
    public static string Date(DateOnly date, string field)
    {
        return date.Year is >= 1900 and <= 2099
            ? date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            : Fail<string>(field, "must be in the years 1900 to 2099");
    }

    /// <summary>Runs of whitespace and control characters become one space, characters XML cannot carry are dropped, the ends are trimmed.</summary>
    public static string Clean(string value)
    {
        var text = new StringBuilder(value.Length);
        var pendingSpace = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = text.Length > 0;
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                AppendPending(text, ref pendingSpace);
                text.Append(c).Append(value[++i]);
                continue;
            }

            if (!XmlConvert.IsXmlChar(c))
            {
                continue;
            }

            AppendPending(text, ref pendingSpace);
            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>The narrative: line breaks kept (as LF), other control characters and characters XML cannot carry dropped, the ends trimmed.</summary>
    public static string Narrative(string? value, int maxLength, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail(field, "is required");
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\r')
            {
                text.Append('\n');
                if (i + 1 < value.Length && value[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c is '\n' or '\t' or ' ')
            {
                text.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
            }
            else if (!char.IsControl(c) && XmlConvert.IsXmlChar(c))
            {
                text.Append(c);
            }
        }

        var narrative = text.ToString().Trim();
        return narrative.Length <= maxLength ? narrative : Fail<string>(field, $"is longer than {maxLength} characters");
    }

    /// <summary>Refuses the input, naming the field.</summary>
    [DoesNotReturn]
    public static void Fail(string field, string message) => throw new ArgumentException($"{field} {message}.", field);

    /// <summary>Refuses the input, naming the field (for use in expressions).</summary>
    [DoesNotReturn]
    public static T Fail<T>(string field, string message) => throw new ArgumentException($"{field} {message}.", field);

    private static void AppendPending(StringBuilder text, ref bool pendingSpace)
    {
        if (pendingSpace)
        {
            text.Append(' ');
            pendingSpace = false;
        }
    }
}
