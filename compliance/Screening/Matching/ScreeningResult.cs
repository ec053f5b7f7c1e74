namespace Baas.Compliance.Screening.Matching;

/// <summary>The outcome of screening one party.</summary>
/// <param name="ListVersion">The version of the list screened against.</param>
/// <param name="Hits">Hits at or above the threshold, best first.</param>
/// <param name="Threshold">The threshold applied.</param>
/// <param name="NamesScored">How many list names were scored in full after blocking (diagnostic).</param>
public sealed record ScreeningResult(string ListVersion, IReadOnlyList<ScreeningHit> Hits, double Threshold, int NamesScored);
