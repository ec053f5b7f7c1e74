namespace Baas.Ledger;

/// <summary>States of a pending transfer (a hold). The first two are open; the last three are resolutions, reached once.</summary>
public enum PendingTransferState
{
    /// <summary>Open; nothing posted against it yet.</summary>
    Pending,

    /// <summary>Open; a non-final clearing (or a partial payment posting) has posted part of it.</summary>
    PartiallyPosted,

    /// <summary>Resolved by a clearing or a payment posting (the rest, if any, released).</summary>
    Posted,

    /// <summary>Resolved by a reversal or a release: nothing more will post.</summary>
    Voided,

    /// <summary>Resolved by reaching its expiry.</summary>
    Expired,
}

/// <summary>Names of <see cref="PendingTransferState"/> as stored.</summary>
public static class PendingTransferStates
{
    /// <summary>The snake_case name stored in <c>ledger.pending_transfers.state</c>.</summary>
    public static string Name(PendingTransferState state) => state switch
    {
        PendingTransferState.Pending => "pending",
        PendingTransferState.PartiallyPosted => "partially_posted",
        PendingTransferState.Posted => "posted",
        PendingTransferState.Voided => "voided",
        PendingTransferState.Expired => "expired",
        _ => "unknown",
    };

    /// <summary>Parses a stored name.</summary>
    public static PendingTransferState Parse(string name) => name switch
    {
        "pending" => PendingTransferState.Pending,
        "partially_posted" => PendingTransferState.PartiallyPosted,
        "posted" => PendingTransferState.Posted,
        "voided" => PendingTransferState.Voided,
        "expired" => PendingTransferState.Expired,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a pending transfer state"),
    };

    /// <summary>True for states that can still change.</summary>
    public static bool IsOpen(PendingTransferState state) => state is PendingTransferState.Pending or PendingTransferState.PartiallyPosted;
}

/// <summary>What a pending transfer holds: a card authorization or a payment reservation.</summary>
public enum PendingTransferKind
{
    /// <summary>A card authorization hold (authorization, incremental, advice).</summary>
    Card,

    /// <summary>A payment reservation (<c>funds_reserved</c>).</summary>
    Reservation,
}
