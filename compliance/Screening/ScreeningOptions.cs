namespace Baas.Compliance.Screening;

/// <summary>Settings of sanctions screening.</summary>
public sealed class ScreeningOptions
{
    /// <summary>
    /// The default threshold, chosen from the labelled test set built from the 2021 SDN list
    /// (docs/screening.md): the best F1 there.
    /// </summary>
    public const double DefaultThreshold = 0.88;

    /// <summary>At most this many hits are returned, best first.</summary>
    public const int DefaultMaxHits = 20;

    /// <summary>The directory holding the list files (<c>sdn.csv</c> and friends, <c>cons_prim.csv</c> and friends, <c>UN_consolidated.xml</c>).</summary>
    public string SanctionsDirectory { get; set; } = "";

    /// <summary>Hits score at or above this (0-1).</summary>
    public double Threshold { get; set; } = DefaultThreshold;

    /// <summary>At most this many hits per screening.</summary>
    public int MaxHits { get; set; } = DefaultMaxHits;

    /// <summary>
    /// How often the directory's files (names, sizes, modification times) are polled; a change seen on two polls
    /// in a row is reloaded. <see cref="TimeSpan.Zero"/> turns polling off (reload only on command).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
}
