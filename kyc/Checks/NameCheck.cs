using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Baas.Kyc.Checks;

/// <summary>Checks that a first and last name look like a person's name in any script.</summary>
/// <remarks>
/// Letters of any script (with their combining accents) plus space, hyphen, apostrophe (' or ’) and period; no digits;
/// at most 100 characters after trimming; not a placeholder such as "test", "n/a" or "first".
/// </remarks>
public static class NameCheck
{
    /// <summary>The cause recorded for every name failure.</summary>
    public const string Cause = "name_implausible";

    private const int MaxLength = 100;

    private static readonly FrozenSet<string> PlaceholderNames = new[]
    {
        "test", "testing", "tester", "asdf", "qwerty", "xxx", "none", "unknown", "n a", "first", "last", "name",
        "first name", "last name", "firstname", "lastname", "fname", "lname", "null", "nil", "sample", "example",
        "fake", "dummy", "placeholder", "test test", "test user",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Returns null when both names are plausible, otherwise the first problem (first name before last name).</summary>
    public static CheckFailure? Check(string firstName, string lastName) =>
        CheckOne(firstName, "firstName", "the first name") ?? CheckOne(lastName, "lastName", "the last name");

    private static CheckFailure? CheckOne(string? raw, string field, string what)
    {
        var name = (raw ?? "").Trim();
        if (name.Length == 0)
        {
            return new CheckFailure(Cause, field, $"{what} is required");
        }

        if (name.Length > MaxLength)
        {
            return new CheckFailure(Cause, field, $"{what} is longer than 100 characters");
        }

        // Runes, not chars, so letters outside the basic plane (𠮷 in Japanese names) count as letters.
        var hasLetter = false;
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.IsDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber)
            {
                return new CheckFailure(Cause, field, $"{what} must not contain digits");
            }
        }

        foreach (var rune in name.EnumerateRunes())
        {
            if (!IsNameCharacter(rune))
            {
                return new CheckFailure(Cause, field, $"{what} may contain only letters, spaces, hyphens, apostrophes and periods");
            }

            hasLetter |= Rune.IsLetter(rune);
        }

        if (!hasLetter)
        {
            return new CheckFailure(Cause, field, $"{what} needs at least one letter");
        }

        var folded = Placeholders.Fold(name);
        return Placeholders.IsPlaceholder(folded, PlaceholderNames) && !IsShortRealName(folded)
            ? new CheckFailure(Cause, field, $"{what} looks like a placeholder, not a name")
            : null;
    }

    // One or two letters repeated ("Oo", "Aa") are rare but real in transliterations; three or more are not.
    private static bool IsShortRealName(string folded) => folded.Length <= 2 && !PlaceholderNames.Contains(folded);

    private static bool IsNameCharacter(Rune rune)
    {
        if (Rune.IsLetter(rune) || rune.Value is ' ' or '-' or '\'' or '\u2019' or '.')
        {
            return true;
        }

        // Decomposed accents (e + U+0301) are part of the letter before them.
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }
}
