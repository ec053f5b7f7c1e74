namespace Baas.Compliance.Screening.Lists;

/// <summary>What a list entry (or a screened party) is.</summary>
public enum EntryType
{
    /// <summary>Not stated.</summary>
    Unknown,

    /// <summary>A natural person.</summary>
    Individual,

    /// <summary>A company, organisation, group or government body (OFAC writes <c>-0-</c>).</summary>
    Entity,

    /// <summary>A ship.</summary>
    Vessel,

    /// <summary>An aircraft.</summary>
    Aircraft,
}
