namespace Baas.Compliance.Screening.Matching;

/// <summary>
/// A name reduced to comparable tokens: folded, lower case, first name first, titles and particles dropped,
/// common transliterations mapped to one spelling. <see cref="Originals"/> holds, for each token, the folded
/// spelling before the transliteration table was applied (for explanations).
/// </summary>
public sealed class NormalizedName
{
    internal NormalizedName(string[] tokens, string[] originals)
    {
        TokenArray = tokens;
        OriginalArray = originals;
    }

    /// <summary>The tokens compared.</summary>
    public IReadOnlyList<string> Tokens => TokenArray;

    /// <summary>Per token, its spelling before transliteration variants were mapped (same length as <see cref="Tokens"/>).</summary>
    public IReadOnlyList<string> Originals => OriginalArray;

    internal string[] TokenArray { get; }

    internal string[] OriginalArray { get; }

    /// <summary>The tokens joined by single spaces.</summary>
    public override string ToString() => string.Join(' ', TokenArray);
}
