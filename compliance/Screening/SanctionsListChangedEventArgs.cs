using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Screening;

/// <summary>A new list version was swapped in (the hook for re-screening customers when a list changes).</summary>
/// <param name="previous">The list replaced, or null for the first load.</param>
/// <param name="current">The list now in use.</param>
public sealed class SanctionsListChangedEventArgs(SanctionsList? previous, SanctionsList current) : EventArgs
{
    /// <summary>The list replaced, or null for the first load.</summary>
    public SanctionsList? Previous { get; } = previous;

    /// <summary>The list now in use.</summary>
    public SanctionsList Current { get; } = current;
}
