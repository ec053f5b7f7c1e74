using System.Globalization;

namespace Baas.Payments.Ach;

/// <summary>Reads fixed-position fields of one 94-character record; positions are 1-based as in the NACHA tables.</summary>
internal readonly struct FieldReader(string line, int lineNumber)
{
    public string Line => line;

    public int LineNumber => lineNumber;

    public char RecordType => line[0];

    public string Raw(int start, int length) => line.Substring(start - 1, length);

    /// <summary>Alphanumeric field without its right-hand blank padding.</summary>
    public string Text(int start, int length) => line.Substring(start - 1, length).TrimEnd(' ');

    public string Digits(int start, int length, string field)
    {
        var text = Raw(start, length);
        if (!RoutingNumber.IsDigits(text))
        {
            throw Error(field, $"'{text}' at positions {start}-{start + length - 1} is not numeric.");
        }

        return text;
    }

    public long Number(int start, int length, string field)
    {
        var digits = Digits(start, length, field).AsSpan().TrimStart('0');
        if (digits.Length > 18)
        {
            throw Error(field, $"value at positions {start}-{start + length - 1} is too large.");
        }

        return digits.IsEmpty ? 0 : long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    public int Int(int start, int length, string field) => checked((int)Number(start, length, field));

    /// <summary>YYMMDD date, years 2000-2099.</summary>
    public DateOnly Date(int start, string field)
    {
        var text = Digits(start, 6, field);
        if (TryDate(text, out var date))
        {
            return date;
        }

        throw Error(field, $"'{text}' is not a valid YYMMDD date.");
    }

    public static bool TryDate(string yymmdd, out DateOnly date) =>
        DateOnly.TryParseExact("20" + yymmdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public NachaFormatException Error(string field, string detail) => new(lineNumber, RecordType, field, detail);
}
