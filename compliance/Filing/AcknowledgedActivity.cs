namespace Baas.Compliance.Filing;

/// <summary>FinCEN's answer for one activity of a batch (<c>EFilingActivityXML</c>).</summary>
/// <param name="Position">Zero-based position among the acknowledgement's activities; it is the position of the activity in the batch.</param>
/// <param name="SeqNum">The <c>SeqNum</c> of the acknowledgement's element.</param>
/// <param name="BsaId">The 14-digit BSA ID FinCEN assigned, or null when none was.</param>
/// <param name="Accepted">Whether FinCEN accepted it: a BSA ID, no error other than warnings, and a batch not rejected.</param>
/// <param name="Errors">Errors and warnings, in the order given.</param>
public sealed record AcknowledgedActivity(int Position, long SeqNum, string? BsaId, bool Accepted, IReadOnlyList<AcknowledgementError> Errors);
