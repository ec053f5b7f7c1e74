namespace Baas.Compliance.Screening.Lists;

/// <summary>One name of a list entry, as written on the list.</summary>
/// <param name="Text">The name as published (OFAC individuals are <c>LAST, First Middle</c>).</param>
/// <param name="Kind">Primary name or which kind of alias.</param>
public sealed record EntryName(string Text, NameKind Kind)
{
    /// <summary>A lower-case label for the kind, as shown in hits: primary, aka, fka, nka, weak aka, original script.</summary>
    public string KindLabel => Kind switch
    {
        NameKind.Primary => "primary",
        NameKind.Aka => "aka",
        NameKind.Fka => "fka",
        NameKind.Nka => "nka",
        NameKind.WeakAka => "weak aka",
        NameKind.OriginalScript => "original script",
        _ => "name",
    };
}
