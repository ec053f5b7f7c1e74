using System.Collections.Frozen;
using System.Text;

namespace Baas.Kyc.Checks;

/// <summary>Recognises text that people type when they do not want to give a real value.</summary>
internal static class Placeholders
{
    private static readonly string[] Runs = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz"];

    /// <summary>Lowercase letters and digits, every other run of characters folded to one space, trimmed.</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>True when the folded text is one of <paramref name="words"/>, a single repeated character, or made of keyboard runs.</summary>
    public static bool IsPlaceholder(string folded, FrozenSet<string> words)
    {
        if (folded.Length == 0 || words.Contains(folded))
        {
            return true;
        }

        var compact = folded.Replace(" ", "", StringComparison.Ordinal);
        if (compact.Length >= 2 && IsOneRepeatedCharacter(compact))
        {
            return true;
        }

        return compact.Length >= 4 && compact.All(char.IsAsciiLetterLower) && IsKeyboardRun(compact);
    }

    /// <summary>True when any word of the folded text is a keyboard or alphabet run of four or more letters, or one letter repeated four or more times.</summary>
    public static bool HasJunkWord(string folded)
    {
        foreach (var word in folded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length >= 4 && word.All(char.IsLetter) && (IsOneRepeatedCharacter(word) || IsKeyboardRun(word)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every character of <paramref name="text"/> is the same one.</summary>
    public static bool IsOneRepeatedCharacter(string text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] != text[0])
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    /// <summary>True when the lowercase letters are a run along a keyboard row or the alphabet, in either direction.</summary>
    public static bool IsKeyboardRun(string letters)
    {
        var reversed = string.Create(letters.Length, letters, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = source[source.Length - 1 - i];
            }
        });
        foreach (var run in Runs)
        {
            if (run.Contains(letters, StringComparison.Ordinal) || run.Contains(reversed, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
