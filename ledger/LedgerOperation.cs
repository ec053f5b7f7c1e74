using Baas.Events;

namespace Baas.Ledger;

/// <summary>
/// What one log event does to the ledger (<see cref="LedgerMapper"/>): at most one journal entry of two postings
/// (the customer's and its <see cref="Counterparty"/>'s, opposite amounts) and at most one change to a pending
/// transfer. Deltas are the customer's side; the counterparty gets them negated.
/// </summary>
public readonly record struct LedgerOperation
{
    /// <summary>The log sequence: the entry's idempotency key.</summary>
    public long Seq { get; init; }

    /// <summary>When the event was decided.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The log event type it comes from.</summary>
    public EventType Source { get; init; }

    /// <summary>The journal entry's kind (see docs/ledger.md), for example <c>authorization</c> or <c>force_post</c>.</summary>
    public string Kind { get; init; }

    /// <summary>The authorizer's account id; the ledger account is <c>customer:{AccountId}</c>.</summary>
    public string AccountId { get; init; }

    /// <summary>The account's program, when the event names it.</summary>
    public string? ProgramId { get; init; }

    /// <summary>ISO 4217 alphabetic currency; null when the event does not carry it (a reservation release: the account's).</summary>
    public string? Currency { get; init; }

    /// <summary>True for <c>account_opened</c>: the customer account is created, nothing is posted.</summary>
    public bool OpensAccount { get; init; }

    /// <summary>The other side of the entry.</summary>
    public Counterparty Counterparty { get; init; }

    /// <summary>Change to the customer's posted balance (credit positive), exactly the authorizer's change to Posted.</summary>
    public long PostedDelta { get; init; }

    /// <summary>Change to the customer's pending (held) amount, exactly the authorizer's change to Held.</summary>
    public long PendingDelta { get; init; }

    /// <summary>The hold (pending transfer) the event touches; 0 for none.</summary>
    public long HoldId { get; init; }

    /// <summary>What the hold is, when this event creates it.</summary>
    public PendingTransferKind HoldKind { get; init; }

    /// <summary>True when the pending delta adds to the hold's authorized amount (an incremental authorization).</summary>
    public bool HoldIncrement { get; init; }

    /// <summary>Amount posted against the hold (a clearing's amount, a reservation's posting).</summary>
    public long HoldPosted { get; init; }

    /// <summary>The state the hold resolves to if this event brings its remaining amount to zero.</summary>
    public PendingTransferState ResolvesAs { get; init; }

    /// <summary>True when the event changes nothing unless the hold exists (a reservation release, as in the authorizer).</summary>
    public bool RequiresHold { get; init; }

    /// <summary>Free text for statements: merchant, reference, flags. Never a PAN.</summary>
    public string Description { get; init; }

    /// <summary>True when the operation writes a journal entry.</summary>
    public bool HasEntry => PostedDelta != 0 || PendingDelta != 0;
}
