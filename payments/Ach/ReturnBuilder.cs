using System.Globalization;

namespace Baas.Payments.Ach;

/// <summary>
/// Makes return entries as the RDFI: the forward entry's amount, account and names go back to the ODFI under the
/// return transaction code, with an addenda 99 naming the reason and the original trace. Trace numbers are the
/// returning RDFI's identification (the forward entry's RDFI) and an ascending sequence.
/// </summary>
public sealed class ReturnBuilder(int firstSequence = 1)
{
    private int _nextSequence = firstSequence > 0 ? firstSequence : throw new ArgumentOutOfRangeException(nameof(firstSequence));

    /// <summary>
    /// The return of <paramref name="originalEntry"/> (from <paramref name="originalBatch"/>) for <paramref name="returnCode"/>.
    /// R14 and R15 need <paramref name="dateOfDeath"/>, other codes refuse it; dishonored and contested codes are refused
    /// (they answer returns, not forward entries).
    /// </summary>
    public EntryDetail CreateReturn(EntryDetail originalEntry, BatchHeader originalBatch, string returnCode, DateOnly? dateOfDeath = null, string addendaInformation = "")
    {
        ArgumentNullException.ThrowIfNull(originalEntry);
        ArgumentNullException.ThrowIfNull(originalBatch);
        if (!ReturnCodes.TryGet(returnCode, out var code) || code.Kind != ReturnKind.Return)
        {
            throw new NachaFormatException(0, '7', "ReturnReasonCode", $"'{returnCode}' is not a return reason code an RDFI uses for a forward entry.");
        }

        if (originalBatch.SecCode is SecCode.Iat or SecCode.Adv or SecCode.Cor)
        {
            throw new NachaFormatException(0, '5', "StandardEntryClassCode", $"returns of {originalBatch.SecCode.ToCode()} entries are not built here.");
        }

        if (originalEntry.Addenda.Any(a => a is ReturnAddenda or ChangeAddenda))
        {
            throw new NachaFormatException(0, '6', "Addenda", $"entry {originalEntry.TraceNumber} is itself a return or NOC.");
        }

        var deathCode = code.Code is "R14" or "R15";
        if (deathCode != dateOfDeath.HasValue)
        {
            throw new NachaFormatException(0, '7', "DateOfDeath", deathCode ? $"{code.Code} needs the date of death." : $"{code.Code} does not carry a date of death.");
        }

        if (_nextSequence > 9_999_999)
        {
            throw new NachaFormatException(0, '6', "TraceNumber", "the seven-digit trace sequence is exhausted.");
        }

        var trace = originalEntry.RdfiIdentification + (_nextSequence++).ToString("D7", CultureInfo.InvariantCulture);
        var odfi = originalBatch.OdfiIdentification;
        return new EntryDetail
        {
            TransactionCode = originalEntry.TransactionCode.ReturnCodeFor(),
            RdfiIdentification = odfi,
            CheckDigit = (char)('0' + RoutingNumber.CheckDigit(odfi)),
            DfiAccountNumber = originalEntry.DfiAccountNumber,
            AmountCents = originalEntry.AmountCents,
            IdentificationNumber = originalEntry.IdentificationNumber,
            ReceiverName = originalEntry.ReceiverName,
            DiscretionaryData = originalEntry.DiscretionaryData,
            DeclaredAddendaCount = originalBatch.SecCode.HasAddendaCountField() ? 0 : null,
            TraceNumber = trace,
            Addenda =
            [
                new Addenda99
                {
                    ReturnReasonCode = code.Code,
                    OriginalTrace = originalEntry.TraceNumber,
                    DateOfDeath = dateOfDeath,
                    OriginalRdfiIdentification = originalEntry.RdfiIdentification,
                    AddendaInformation = NachaFileBuilder.Text(addendaInformation, 44, '7', "AddendaInformation"),
                    TraceNumber = trace,
                },
            ],
        };
    }

    /// <summary>
    /// A batch carrying <paramref name="returns"/> of entries from <paramref name="originalBatch"/>: same originator, SEC
    /// code and description; the returning RDFI as ODFI; the service class from the return codes.
    /// </summary>
    public static NachaBatch CreateReturnBatch(BatchHeader originalBatch, IReadOnlyList<EntryDetail> returns, DateOnly effectiveEntryDate)
    {
        ArgumentNullException.ThrowIfNull(originalBatch);
        ArgumentNullException.ThrowIfNull(returns);
        if (returns.Count == 0)
        {
            throw new NachaFormatException(0, '5', "Entries", "a return batch needs at least one return.");
        }

        var returningDfi = returns[0].TraceNumber[..8];
        if (returns.Any(r => !r.TraceNumber.StartsWith(returningDfi, StringComparison.Ordinal)))
        {
            throw new NachaFormatException(0, '6', "TraceNumber", "returns from different RDFIs go in different batches.");
        }

        var credits = returns.Any(r => r.TransactionCode.IsCredit());
        var debits = returns.Any(r => r.TransactionCode.IsDebit());
        return new NachaBatch
        {
            Header = originalBatch with
            {
                ServiceClass = credits && debits ? ServiceClass.Mixed : credits ? ServiceClass.CreditsOnly : ServiceClass.DebitsOnly,
                EffectiveEntryDate = originalBatch.SecCode == SecCode.Enr ? null : effectiveEntryDate,
                SettlementDate = "",
                OdfiIdentification = returningDfi,
            },
            Entries = [.. returns.OrderBy(r => r.TraceNumber, StringComparer.Ordinal)],
        };
    }
}
