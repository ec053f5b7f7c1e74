namespace Baas.Payments.Ach;

/// <summary>A NACHA file: header, batches, and the file control as read (null when built in memory).</summary>
public sealed record NachaFile
{
    /// <summary>Records per block.</summary>
    public const int BlockingFactor = 10;

    /// <summary>Characters per record.</summary>
    public const int RecordLength = 94;

    /// <summary>The file header record.</summary>
    public required FileHeader Header { get; init; }

    /// <summary>Batches in file order.</summary>
    public IReadOnlyList<NachaBatch> Batches { get; init; } = [];

    /// <summary>The file control record as read from a file; the writer always computes its own.</summary>
    public FileControl? Control { get; init; }

    /// <summary>True when the file carries automated accounting advices (every batch has service class 280).</summary>
    public bool IsAdvice => Batches.Count > 0 && Batches.All(b => b.IsAdvice);

    /// <summary>Number of records of the file before padding: header, batch records, entries, addenda, control.</summary>
    public int RecordCount => 2 + Batches.Sum(b => 2 + b.EntryAddendaCount);

    /// <summary>Computes the file control from the batches (block count without knowing the padding: records / 10 rounded up).</summary>
    public FileControl ComputeControl()
    {
        long hash = 0, debit = 0, credit = 0;
        var entries = 0;
        foreach (var batch in Batches)
        {
            var control = batch.ComputeControl();
            hash += control.EntryHash;
            debit = checked(debit + control.TotalDebitCents);
            credit = checked(credit + control.TotalCreditCents);
            entries += control.EntryAddendaCount;
        }

        return new FileControl
        {
            BatchCount = Batches.Count,
            BlockCount = (RecordCount + BlockingFactor - 1) / BlockingFactor,
            EntryAddendaCount = entries,
            EntryHash = hash % NachaBatch.EntryHashModulus,
            TotalDebitCents = debit,
            TotalCreditCents = credit,
        };
    }
}

/// <summary>A batch: header, entries with their addenda, and the batch control as read (null when built in memory).</summary>
public sealed record NachaBatch
{
    internal const long EntryHashModulus = 10_000_000_000;

    /// <summary>The batch header record.</summary>
    public required BatchHeader Header { get; init; }

    /// <summary>Entries in file order.</summary>
    public IReadOnlyList<EntryDetail> Entries { get; init; } = [];

    /// <summary>The batch control record as read from a file; the writer always computes its own.</summary>
    public BatchControl? Control { get; init; }

    /// <summary>True for an ADV batch (service class 280).</summary>
    public bool IsAdvice => Header.ServiceClass == ServiceClass.AutomatedAccountingAdvices;

    /// <summary>Entry detail and addenda records in the batch.</summary>
    public int EntryAddendaCount => Entries.Sum(e => 1 + e.Addenda.Count);

    /// <summary>Computes the batch control from the header and entries; MAC and ADV operator data are kept from <see cref="Control"/>.</summary>
    public BatchControl ComputeControl()
    {
        long hash = 0, debit = 0, credit = 0;
        foreach (var entry in Entries)
        {
            hash += long.Parse(entry.RdfiIdentification, System.Globalization.CultureInfo.InvariantCulture);
            if (entry.TransactionCode.IsCredit())
            {
                credit = checked(credit + entry.AmountCents);
            }
            else
            {
                debit = checked(debit + entry.AmountCents);
            }
        }

        return new BatchControl
        {
            ServiceClass = Header.ServiceClass,
            EntryAddendaCount = EntryAddendaCount,
            EntryHash = hash % EntryHashModulus,
            TotalDebitCents = debit,
            TotalCreditCents = credit,
            CompanyIdentification = IsAdvice ? "" : Header.CompanyIdentification,
            MessageAuthenticationCode = Control?.MessageAuthenticationCode ?? "",
            AchOperatorData = Control?.AchOperatorData ?? "",
            OdfiIdentification = Header.OdfiIdentification,
            BatchNumber = Header.BatchNumber,
        };
    }
}
