namespace Baas.Compliance.Monitoring;

/// <summary>
/// A rule hit on one account: which rule (and version), how risky, which event raised it, a sentence saying
/// why, and the log sequences of the events that together made it (the evidence a case carries).
/// </summary>
/// <param name="RuleId">The rule's id.</param>
/// <param name="RuleVersion">The rule set version that raised it.</param>
/// <param name="Kind">The rule's kind.</param>
/// <param name="Score">Risk score, 1 to 100.</param>
/// <param name="AccountId">The account.</param>
/// <param name="ProgramId">Its program, when known.</param>
/// <param name="Seq">The event that completed the pattern.</param>
/// <param name="TimestampMicros">When that event happened.</param>
/// <param name="Summary">Why, in one sentence with the figures.</param>
/// <param name="Evidence">Log sequences of the events that make up the pattern, oldest first.</param>
/// <param name="Amount">The amount the pattern adds up to (minor units), when it has one.</param>
public sealed record Alert(
    string RuleId,
    string RuleVersion,
    string Kind,
    int Score,
    string AccountId,
    string? ProgramId,
    long Seq,
    long TimestampMicros,
    string Summary,
    IReadOnlyList<long> Evidence,
    long Amount)
{
    /// <summary>The moment as a date.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampMicros * 10);
}

/// <summary>
/// Cash on one account crossed the currency transaction report threshold on one business day (New York): a CTR
/// is due. Raised once per side (in, out) per day.
/// </summary>
/// <param name="AccountId">The account.</param>
/// <param name="ProgramId">Its program, when known.</param>
/// <param name="BusinessDate">The business day.</param>
/// <param name="CashIn">Cash in that day so far, minor units.</param>
/// <param name="CashOut">Cash out that day so far, minor units.</param>
/// <param name="Seq">The event that crossed the threshold.</param>
/// <param name="Evidence">The day's cash events on the account.</param>
public sealed record CashReport(string AccountId, string? ProgramId, DateOnly BusinessDate, long CashIn, long CashOut, long Seq, IReadOnlyList<long> Evidence);
