namespace Baas.Compliance.Filing;

/// <summary>One filing of a batch.</summary>
/// <param name="FilingId">Our id of the filing.</param>
/// <param name="SeqNum">SeqNum of its <c>Activity</c> element in the batch.</param>
public sealed record FiledActivity(string FilingId, long SeqNum);
