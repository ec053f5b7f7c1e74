using System.Collections.Frozen;

namespace Baas.Kyc.Checks;

/// <summary>Checks the shape of a government identifier (SSN, ITIN, passport, national id), and normalises and masks it.</summary>
/// <remarks>
/// Nothing here ever puts the identifier's value into a message or an exception. The nationality is used twice: a US
/// national's passport number is 9 characters (a digit or letter, then 8 digits), and an ITIN is refused for a US
/// national, who is always eligible for an SSN instead.
/// </remarks>
public static class IdentifierCheck
{
    /// <summary>The cause recorded for every identifier failure.</summary>
    public const string Cause = "identifier_invalid";

    private const string ValueField = "identifier.value";
    private const string TypeField = "identifier.type";

    // Numbers the SSA voided after they were published or used in advertising, plus the classic sample.
    private static readonly FrozenSet<string> KnownInvalidSsns = new[]
    {
        "078051120", "219099999", "123456789", "457555462",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Returns null when the identifier is well formed, otherwise what is wrong (never the value itself).</summary>
    public static CheckFailure? Check(PersonIdentifier identifier, string nationality)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var value = (identifier.Value ?? "").Trim();
        var usNational = string.Equals((nationality ?? "").Trim(), "US", StringComparison.OrdinalIgnoreCase);
        return KindOf(identifier.Type) switch
        {
            "ssn" => CheckSsn(value),
            "itin" => usNational
                ? Fail(TypeField, "an ITIN is only issued to people who cannot have an SSN; a US national gives an SSN")
                : CheckItin(value),
            "passport" => CheckPassport(value, usNational),
            "national_id" => CheckAlphanumeric(value, 4, 20, "a national id"),
            _ => Fail(TypeField, "the identifier type must be ssn, itin, passport or national_id"),
        };
    }

    /// <summary>Digits only for ssn and itin; uppercase ASCII letters and digits for every other type.</summary>
    public static string Normalize(PersonIdentifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var value = identifier.Value ?? "";
        return KindOf(identifier.Type) is "ssn" or "itin"
            ? new string(value.Where(char.IsAsciiDigit).ToArray())
            : new string(value.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
    }

    /// <summary><c>***-**-6789</c> for ssn and itin, <c>*****1234</c> otherwise; short values show fewer characters.</summary>
    /// <remarks>
    /// An SSN or ITIN shows its last 4 digits only when it has 9; other identifiers show at most 4 characters and
    /// always hide at least 4, so a 6-character passport shows 2 and a 4-character national id shows none.
    /// </remarks>
    public static string Mask(PersonIdentifier identifier)
    {
        var normalized = Normalize(identifier);
        if (KindOf(identifier.Type) is "ssn" or "itin")
        {
            return normalized.Length == 9 ? "***-**-" + normalized[^4..] : "***-**-****";
        }

        var shown = Math.Clamp(normalized.Length - 4, 0, 4);
        return "*****" + normalized[^shown..];
    }

    private static string KindOf(string? type) => (type ?? "").Trim().ToLowerInvariant();

    private static CheckFailure Fail(string field, string message) => new(Cause, field, message);

    private static string? NineDigits(string value)
    {
        // Exactly 123-45-6789 or 123456789: no spaces, dots or other groupings.
        if (value.Length == 9 && AllDigits(value))
        {
            return value;
        }

        return value.Length == 11 && value[3] == '-' && value[6] == '-'
            && AllDigits(value.AsSpan(0, 3)) && AllDigits(value.AsSpan(4, 2)) && AllDigits(value.AsSpan(7, 4))
            ? string.Concat(value.AsSpan(0, 3), value.AsSpan(4, 2), value.AsSpan(7, 4))
            : null;
    }

    private static CheckFailure? CheckSsn(string value)
    {
        if (NineDigits(value) is not { } digits)
        {
            return Fail(ValueField, "an SSN is 9 digits, written NNN-NN-NNNN or NNNNNNNNN");
        }

        var area = int.Parse(digits.AsSpan(0, 3), provider: null);
        if (area == 0 || area == 666 || area >= 900)
        {
            return Fail(ValueField, "an SSN cannot start with 000, 666 or 900-999");
        }

        if (digits.AsSpan(3, 2).SequenceEqual("00"))
        {
            return Fail(ValueField, "an SSN's group number (digits 4-5) cannot be all zeros");
        }

        if (digits.AsSpan(5, 4).SequenceEqual("0000"))
        {
            return Fail(ValueField, "an SSN's serial number (last 4 digits) cannot be all zeros");
        }

        return KnownInvalidSsns.Contains(digits) || Placeholders.IsOneRepeatedCharacter(digits)
            ? Fail(ValueField, "this SSN is a published sample or advertising number, not a real one")
            : null;
    }

    private static CheckFailure? CheckItin(string value)
    {
        if (NineDigits(value) is not { } digits)
        {
            return Fail(ValueField, "an ITIN is 9 digits, written 9XX-XX-XXXX or 9XXXXXXXX");
        }

        if (digits[0] != '9')
        {
            return Fail(ValueField, "an ITIN starts with 9");
        }

        var group = int.Parse(digits.AsSpan(3, 2), provider: null);
        return group is (>= 50 and <= 65) or (>= 70 and <= 88) or (>= 90 and <= 92) or (>= 94 and <= 99)
            ? null
            : Fail(ValueField, "an ITIN's digits 4-5 must be in 50-65, 70-88, 90-92 or 94-99");
    }

    private static CheckFailure? CheckPassport(string value, bool usNational)
    {
        if (CheckAlphanumeric(value, 6, 9, "a passport number") is { } failure)
        {
            return failure;
        }

        var normalized = Compact(value);
        return usNational && (normalized.Length != 9 || !AllDigits(normalized.AsSpan(1)))
            ? Fail(ValueField, "a US passport number is 9 characters: a letter or digit, then 8 digits")
            : null;
    }

    private static CheckFailure? CheckAlphanumeric(string value, int minimum, int maximum, string what)
    {
        // Spaces, dashes and dots are accepted as separators as printed; anything else is not part of a number.
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not (' ' or '-' or '.'))
            {
                return Fail(ValueField, $"{what} may contain only the letters A-Z and digits");
            }
        }

        var compact = Compact(value);
        if (compact.Length < minimum || compact.Length > maximum)
        {
            return Fail(ValueField, $"{what} is {minimum} to {maximum} letters and digits");
        }

        return Placeholders.IsOneRepeatedCharacter(compact)
            ? Fail(ValueField, $"{what} cannot be one character repeated")
            : null;
    }

    private static bool AllDigits(ReadOnlySpan<char> text) => text.IndexOfAnyExceptInRange('0', '9') < 0;

    private static string Compact(string value) =>
        new(value.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
}
