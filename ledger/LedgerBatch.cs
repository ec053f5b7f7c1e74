namespace Baas.Ledger;

/// <summary>
/// The rows one <see cref="LedgerStore.ApplyAsync"/> call writes, built in memory in sequence order: journal
/// entries and postings as columns (for <c>unnest</c>), the pending transfers it touched, and the net change
/// to each account's balances.
/// </summary>
internal sealed class LedgerBatch(Dictionary<long, LedgerTransfer> transfers, long[] entryIds)
{
    private int _nextId;

    public List<long> EntryId { get; } = [];
    public List<long> EntrySeq { get; } = [];
    public List<string> EntryKind { get; } = [];
    public List<DateTime> EntryTs { get; } = [];
    public List<long> EntryHold { get; } = [];
    public List<string?> EntryResolution { get; } = [];
    public List<string> EntryDescription { get; } = [];

    public List<long> PostingEntry { get; } = [];
    public List<long> PostingAccount { get; } = [];
    public List<string> PostingCurrency { get; } = [];
    public List<long> PostingAmount { get; } = [];
    public List<long> PostingPending { get; } = [];

    /// <summary>Pending transfers loaded for the batch or created by it, by hold id.</summary>
    public Dictionary<long, LedgerTransfer> Transfers { get; } = transfers;

    /// <summary>Net change per account id.</summary>
    public Dictionary<long, (long Posted, long Pending)> Balances { get; } = [];

    public int EntryCount => EntrySeq.Count;

    /// <summary>
    /// Adds one operation: the hold's change (as the authorizer's <c>ApplyHold</c> does it), then its entry and
    /// postings. False when it changes nothing because it requires a hold the ledger does not have.
    /// </summary>
    public bool Add(LedgerOperation op, Func<string, LedgerAccountRef?> account)
    {
        if (op.OpensAccount)
        {
            return true;
        }

        LedgerTransfer? transfer = null;
        if (op.HoldId != 0)
        {
            Transfers.TryGetValue(op.HoldId, out transfer);
        }

        if (op.RequiresHold && transfer is null)
        {
            return false;
        }

        var customerCode = LedgerAccounts.Customer(op.AccountId);
        var customer = account(customerCode) ?? throw new InvalidOperationException($"ledger account {customerCode} was neither found nor created (seq {op.Seq})");
        var currency = op.Currency ?? transfer?.Currency ?? customer.Currency;
        var counterpartyCode = LedgerAccounts.Counterparty(op.Counterparty, customer.ProgramId, currency);
        var counterparty = account(counterpartyCode) ?? throw new InvalidOperationException($"ledger account {counterpartyCode} was neither found nor created (seq {op.Seq})");

        string? resolution = null;
        if (op.HoldId != 0)
        {
            if (transfer is not null)
            {
                transfer.Remaining += op.PendingDelta;
                if (op.HoldIncrement)
                {
                    transfer.Amount += op.PendingDelta;
                }

                transfer.Posted += op.HoldPosted;
                if (PendingTransferStates.IsOpen(transfer.State))
                {
                    if (op.PendingDelta < 0 && transfer.Remaining <= 0)
                    {
                        // Resolved: the one and only time (the database refuses a second).
                        transfer.State = op.ResolvesAs;
                        transfer.ResolvedSeq = op.Seq;
                        resolution = PendingTransferStates.Name(op.ResolvesAs);
                    }
                    else if (op.HoldPosted > 0)
                    {
                        transfer.State = PendingTransferState.PartiallyPosted;
                    }
                }

                transfer.UpdatedSeq = op.Seq;
                transfer.Dirty = true;
            }
            else if (op.PendingDelta > 0)
            {
                Transfers[op.HoldId] = new LedgerTransfer
                {
                    HoldId = op.HoldId,
                    Kind = op.HoldKind,
                    AccountId = customer.Id,
                    CounterpartyId = counterparty.Id,
                    Currency = currency,
                    Amount = op.PendingDelta,
                    Remaining = op.PendingDelta,
                    State = PendingTransferState.Pending,
                    CreatedSeq = op.Seq,
                    UpdatedSeq = op.Seq,
                    Dirty = true,
                    IsNew = true,
                };
            }
        }

        if (!op.HasEntry)
        {
            return true;
        }

        // Ids were taken from the sequence up front (one per operation that may write an entry), so that entries
        // and postings go in as two plain inserts.
        var entryId = entryIds[_nextId++];
        EntryId.Add(entryId);
        EntrySeq.Add(op.Seq);
        EntryKind.Add(op.Kind);
        EntryTs.Add(op.Timestamp.UtcDateTime);
        EntryHold.Add(op.HoldId);
        EntryResolution.Add(resolution);
        EntryDescription.Add(op.Description);
        Posting(entryId, customer.Id, currency, op.PostedDelta, op.PendingDelta);
        Posting(entryId, counterparty.Id, currency, -op.PostedDelta, -op.PendingDelta);
        return true;
    }

    private void Posting(long entryId, long accountId, string currency, long amount, long pending)
    {
        PostingEntry.Add(entryId);
        PostingAccount.Add(accountId);
        PostingCurrency.Add(currency);
        PostingAmount.Add(amount);
        PostingPending.Add(pending);
        var (posted, held) = Balances.GetValueOrDefault(accountId);
        Balances[accountId] = (posted + amount, held + pending);
    }
}

/// <summary>A pending transfer (a hold) as loaded and changed within one batch.</summary>
internal sealed class LedgerTransfer
{
    public long HoldId { get; init; }
    public PendingTransferKind Kind { get; init; }
    public long AccountId { get; init; }
    public long CounterpartyId { get; init; }
    public required string Currency { get; init; }
    public long Amount { get; set; }
    public long Remaining { get; set; }
    public long Posted { get; set; }
    public PendingTransferState State { get; set; }
    public long CreatedSeq { get; init; }
    public long UpdatedSeq { get; set; }

    /// <summary>The <see cref="UpdatedSeq"/> it had when read: the update applies only if it still has it.</summary>
    public long LoadedUpdatedSeq { get; init; }
    public long ResolvedSeq { get; set; }

    /// <summary>True when the batch changed it (it is written).</summary>
    public bool Dirty { get; set; }

    /// <summary>True when the batch created it (it is inserted rather than updated).</summary>
    public bool IsNew { get; init; }
}
