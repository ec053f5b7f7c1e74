namespace Baas.Payments.Ach;

/// <summary>File control record (type 9): batch, block and entry counts, entry hash and totals of the whole file.</summary>
public sealed record FileControl
{
    /// <summary>Number of batches.</summary>
    public required int BatchCount { get; init; }

    /// <summary>Number of ten-record blocks, filler records included.</summary>
    public required int BlockCount { get; init; }

    /// <summary>Entry and addenda records in all batches.</summary>
    public required int EntryAddendaCount { get; init; }

    /// <summary>Sum of the batch entry hashes, rightmost ten digits.</summary>
    public required long EntryHash { get; init; }

    /// <summary>Total debit amount, cents.</summary>
    public required long TotalDebitCents { get; init; }

    /// <summary>Total credit amount, cents.</summary>
    public required long TotalCreditCents { get; init; }
}
