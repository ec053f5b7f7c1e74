using System.Globalization;
using System.Text;

namespace Baas.Payments.Ach;

/// <summary>Builds one 94-character record field by field, refusing values that do not fit their field.</summary>
internal sealed class RecordWriter(int lineNumber, char recordType)
{
    private readonly StringBuilder _line = new StringBuilder(NachaFile.RecordLength).Append(recordType);

    public RecordWriter Text(string? value, int length, string field)
    {
        value ??= "";
        if (value.Length > length)
        {
            throw Error(field, $"'{value}' is {value.Length} characters; the field holds {length}.");
        }

        _line.Append(value).Append(' ', length - value.Length);
        return this;
    }

    /// <summary>A text field right-justified with blanks (immediate destination/origin).</summary>
    public RecordWriter RightJustified(string value, int length, string field)
    {
        if (value.Length > length)
        {
            throw Error(field, $"'{value}' is {value.Length} characters; the field holds {length}.");
        }

        _line.Append(' ', length - value.Length).Append(value);
        return this;
    }

    /// <summary>A digit string that must fill the field exactly.</summary>
    public RecordWriter Digits(string value, int length, string field)
    {
        if (value.Length != length || !RoutingNumber.IsDigits(value))
        {
            throw Error(field, $"'{value}' must be exactly {length} digits.");
        }

        _line.Append(value);
        return this;
    }

    public RecordWriter Number(long value, int length, string field)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (value < 0 || text.Length > length)
        {
            throw Error(field, $"{text} does not fit an unsigned field of {length} digits.");
        }

        _line.Append('0', length - text.Length).Append(text);
        return this;
    }

    public RecordWriter Date(DateOnly? value, string field, bool blankWhenNull = false)
    {
        if (value is not { } date)
        {
            _line.Append(blankWhenNull ? ' ' : '0', 6);
            return this;
        }

        if (date.Year is < 2000 or > 2099)
        {
            throw Error(field, $"{date:yyyy-MM-dd} cannot be written as YYMMDD.");
        }

        _line.Append(date.ToString("yyMMdd", CultureInfo.InvariantCulture));
        return this;
    }

    public RecordWriter Blank(int length)
    {
        _line.Append(' ', length);
        return this;
    }

    public RecordWriter Char(char value)
    {
        _line.Append(value);
        return this;
    }

    public string Finish()
    {
        if (_line.Length != NachaFile.RecordLength)
        {
            throw new InvalidOperationException($"Record layout error: {_line.Length} characters.");
        }

        return _line.ToString();
    }

    private NachaFormatException Error(string field, string detail) => new(lineNumber, recordType, field, detail);
}
