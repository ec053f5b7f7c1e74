namespace Baas.Compliance.Filing;

/// <summary>One of our filings with FinCEN's answer for it.</summary>
/// <param name="FilingId">Our id of the filing.</param>
/// <param name="BatchSeqNum">SeqNum of its <c>Activity</c> in the batch we sent.</param>
/// <param name="Acknowledgement">FinCEN's answer.</param>
public sealed record AcknowledgedFiling(string FilingId, long BatchSeqNum, AcknowledgedActivity Acknowledgement);
