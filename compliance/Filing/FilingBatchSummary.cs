namespace Baas.Compliance.Filing;

/// <summary>
/// What a batch writer wrote: the header counts and, per activity in batch order, our filing id with the activity's
/// SeqNum. Keep it with the batch: <see cref="FincenAcknowledgement.Match"/> uses it to give each filing its BSA ID.
/// </summary>
/// <param name="FormTypeCode"><c>SARX</c> or <c>CTRX</c>.</param>
/// <param name="ActivityCount">Number of activities (filings).</param>
/// <param name="PartyCount">The header's party count (SAR: subjects; CTR: all parties).</param>
/// <param name="TotalAmount">The header's total amount in whole US dollars.</param>
/// <param name="Activities">The filings in batch order.</param>
public sealed record FilingBatchSummary(
    string FormTypeCode,
    int ActivityCount,
    int PartyCount,
    long TotalAmount,
    IReadOnlyList<FiledActivity> Activities);
