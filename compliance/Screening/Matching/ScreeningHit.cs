using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Screening.Matching;

/// <summary>A list entry that matched a screened party at or above the threshold, with why.</summary>
public sealed class ScreeningHit
{
    /// <summary>The entry.</summary>
    public required SanctionsEntry Entry { get; init; }

    /// <summary>The entry's id on its list.</summary>
    public string EntryId => Entry.Id;

    /// <summary>The list's name.</summary>
    public string List => Entry.List;

    /// <summary>The entry's primary name as written on the list.</summary>
    public string Name => Entry.PrimaryName.Text;

    /// <summary>The name or alias that matched best, as written on the list (the primary name for an identifier-only hit).</summary>
    public required EntryName MatchedName { get; init; }

    /// <summary>Final score, 0-1: the name score moved by the evidence, or 1 for an exact identifier match.</summary>
    public required double Score { get; init; }

    /// <summary>The name similarity alone, before evidence (0 when no name matched).</summary>
    public required double NameScore { get; init; }

    /// <summary>The best token alignment of the screened name with <see cref="MatchedName"/>.</summary>
    public required IReadOnlyList<TokenMatch> Tokens { get; init; }

    /// <summary>The identifier that matched exactly, if any.</summary>
    public EntryIdentifier? MatchedIdentifier { get; init; }

    /// <summary>Human-readable reasons: what matched, the token pairs, and each piece of evidence with its effect.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }
}
