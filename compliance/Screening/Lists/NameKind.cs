namespace Baas.Compliance.Screening.Lists;

/// <summary>Where a name of a list entry comes from.</summary>
public enum NameKind
{
    /// <summary>The entry's primary name.</summary>
    Primary,

    /// <summary>A strong alias (OFAC <c>alt.csv</c> "aka", UN "Good" quality).</summary>
    Aka,

    /// <summary>A former name (OFAC "fka").</summary>
    Fka,

    /// <summary>A new name (OFAC "nka").</summary>
    Nka,

    /// <summary>
    /// A weak alias: an OFAC "a.k.a." in the remarks, or a UN alias of "Low" quality. Often short or generic;
    /// matches on it score a little lower.
    /// </summary>
    WeakAka,

    /// <summary>The name in its original script (UN <c>NAME_ORIGINAL_SCRIPT</c>).</summary>
    OriginalScript,
}
