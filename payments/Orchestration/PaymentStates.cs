using System.Collections.Frozen;

namespace Baas.Payments.Orchestration;

/// <summary>
/// A payment's states and the only transitions between them: <c>initiated → submitted → pending_settlement →
/// settled</c>, with <c>held_for_review</c> (a counterparty screening hit), <c>cancelled</c> (before submission),
/// <c>failed</c> (refused or rejected) and <c>returned</c> (after submission, by the receiving bank).
/// </summary>
public static class PaymentStates
{
    public const string Initiated = "initiated";
    public const string HeldForReview = "held_for_review";
    public const string Submitted = "submitted";
    public const string PendingSettlement = "pending_settlement";
    public const string Settled = "settled";
    public const string Returned = "returned";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Every legal transition: from → the states it may go to.</summary>
    public static readonly FrozenDictionary<string, FrozenSet<string>> Transitions = new Dictionary<string, FrozenSet<string>>
    {
        [Initiated] = Set(Submitted, HeldForReview, Cancelled, Failed),
        [HeldForReview] = Set(Initiated, Cancelled, Failed),
        [Submitted] = Set(PendingSettlement, Settled, Failed, Returned),
        [PendingSettlement] = Set(Settled, Failed, Returned),
        [Settled] = Set(Returned),
        [Returned] = Set(),
        [Failed] = Set(),
        [Cancelled] = Set(),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every state.</summary>
    public static IEnumerable<string> All => Transitions.Keys;

    /// <summary>True when <paramref name="from"/> may go to <paramref name="to"/>.</summary>
    public static bool CanGo(string from, string to) => Transitions.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>States with no way out.</summary>
    public static bool IsFinal(string state) => Transitions.TryGetValue(state, out var next) && next.Count == 0;

    private static FrozenSet<string> Set(params string[] states) => states.ToFrozenSet(StringComparer.Ordinal);
}
