namespace Baas.Compliance.Filing;

/// <summary>An error or warning FinCEN reported for an activity (<c>EFilingActivityErrorXML</c>).</summary>
/// <param name="Level">The level as FinCEN writes it (<c>WARN</c> for a warning; anything else counts as an error).</param>
/// <param name="TypeCode">FinCEN's error code (<c>C21</c>, <c>F18</c>, ...).</param>
/// <param name="Text">FinCEN's description.</param>
/// <param name="ElementName">The element the error is about.</param>
/// <param name="Context">Where in the batch: a path such as <c>EFilingBatchXML/Activity[1]/Party[25]/...</c>.</param>
public sealed record AcknowledgementError(string? Level, string? TypeCode, string? Text, string? ElementName, string? Context)
{
    /// <summary>Whether FinCEN accepted the activity despite it (a warning to correct in an amendment).</summary>
    public bool IsWarning => Level is not null && Level.StartsWith("WARN", StringComparison.OrdinalIgnoreCase);
}
