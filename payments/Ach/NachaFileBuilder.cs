using System.Globalization;

namespace Baas.Payments.Ach;

/// <summary>
/// Builds an outbound NACHA file: the file header from the constructor and an injected clock, batches of PPD, CCD or WEB
/// entries with trace numbers assigned in order. Text is upper-cased; values that do not fit their fields, routing
/// numbers with a wrong check digit and characters outside the NACHA set are refused with <see cref="NachaFormatException"/>.
/// </summary>
public sealed class NachaFileBuilder
{
    private readonly List<Func<NachaBatch>> _batches = [];
    private readonly TimeProvider _clock;
    private readonly string _destination;
    private readonly string _origin;
    private int _nextTraceSequence;

    /// <summary>
    /// Starts a file for <paramref name="immediateDestination"/> (nine-digit routing number of the operator or sponsor bank)
    /// from <paramref name="immediateOrigin"/> (nine-digit routing number, or ten-character identifier).
    /// </summary>
    public NachaFileBuilder(string immediateDestination, string immediateOrigin, TimeProvider clock, int firstTraceSequence = 1)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (!RoutingNumber.IsValid(immediateDestination))
        {
            throw new NachaFormatException(0, '1', "ImmediateDestination", $"'{immediateDestination}' is not a nine-digit routing number with a valid check digit.");
        }

        if (!(immediateOrigin.Length is 9 or 10 && RoutingNumber.IsDigits(immediateOrigin)))
        {
            throw new NachaFormatException(0, '1', "ImmediateOrigin", $"'{immediateOrigin}' must be nine or ten digits.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstTraceSequence);
        _destination = immediateDestination;
        _origin = immediateOrigin;
        _clock = clock;
        _nextTraceSequence = firstTraceSequence;
    }

    /// <summary>Name of the destination (23).</summary>
    public string ImmediateDestinationName { get; init; } = "";

    /// <summary>Name of the origin (23).</summary>
    public string ImmediateOriginName { get; init; } = "";

    /// <summary>File ID modifier, A-Z or 0-9: a new letter for each file of the day to the same destination.</summary>
    public char FileIdModifier { get; init; } = 'A';

    /// <summary>Reference code (8).</summary>
    public string ReferenceCode { get; init; } = "";

    /// <summary>Zone of the file creation date and time; Eastern time by default, like the FedACH schedule.</summary>
    public TimeZoneInfo TimeZone { get; init; } = AchWindows.Eastern;

    /// <summary>Starts a batch. The service class follows the entries (220, 225 or 200) unless given.</summary>
    public NachaBatchBuilder AddBatch(
        SecCode secCode,
        string companyName,
        string companyIdentification,
        string entryDescription,
        DateOnly effectiveEntryDate,
        string originatingDfi,
        ServiceClass? serviceClass = null,
        string companyDiscretionaryData = "",
        string companyDescriptiveDate = "")
    {
        if (secCode is not (SecCode.Ppd or SecCode.Ccd or SecCode.Web))
        {
            throw new NachaFormatException(0, '5', "StandardEntryClassCode", $"the builder writes PPD, CCD and WEB batches, not {secCode.ToCode()}.");
        }

        if (serviceClass == ServiceClass.AutomatedAccountingAdvices)
        {
            throw new NachaFormatException(0, '5', "ServiceClassCode", "280 is for ADV files.");
        }

        var odfi = originatingDfi.Length == 9 && RoutingNumber.IsValid(originatingDfi) ? originatingDfi[..8]
            : originatingDfi.Length == 8 && RoutingNumber.IsDigits(originatingDfi) ? originatingDfi
            : throw new NachaFormatException(0, '5', "OdfiIdentification", $"'{originatingDfi}' is neither eight digits nor a valid nine-digit routing number.");
        var batch = new NachaBatchBuilder(this, new BatchHeader
        {
            ServiceClass = serviceClass ?? ServiceClass.Mixed,
            CompanyName = Text(companyName, 16, '5', "CompanyName", required: true),
            CompanyDiscretionaryData = Text(companyDiscretionaryData, 20, '5', "CompanyDiscretionaryData"),
            CompanyIdentification = Text(companyIdentification, 10, '5', "CompanyIdentification", required: true),
            SecCode = secCode,
            CompanyEntryDescription = Text(entryDescription, 10, '5', "CompanyEntryDescription", required: true),
            CompanyDescriptiveDate = Text(companyDescriptiveDate, 6, '5', "CompanyDescriptiveDate"),
            EffectiveEntryDate = effectiveEntryDate,
            OdfiIdentification = odfi,
            BatchNumber = _batches.Count + 1,
        }, serviceClass is not null);
        _batches.Add(batch.Build);
        return batch;
    }

    /// <summary>Adds a batch built elsewhere (e.g. by <see cref="ReturnBuilder.CreateReturnBatch"/>); it is renumbered in file order.</summary>
    public void AddBatch(NachaBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _batches.Add(() => batch);
    }

    /// <summary>The file, with its controls computed.</summary>
    public NachaFile Build()
    {
        if (FileIdModifier is not (>= 'A' and <= 'Z' or >= '0' and <= '9'))
        {
            throw new NachaFormatException(0, '1', "FileIdModifier", $"'{FileIdModifier}' must be A-Z or 0-9.");
        }

        var now = TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), TimeZone);
        var header = new FileHeader
        {
            ImmediateDestination = _destination,
            ImmediateOrigin = _origin,
            FileCreationDate = DateOnly.FromDateTime(now.DateTime),
            FileCreationTime = new TimeOnly(now.Hour, now.Minute),
            FileIdModifier = FileIdModifier,
            ImmediateDestinationName = Text(ImmediateDestinationName, 23, '1', "ImmediateDestinationName"),
            ImmediateOriginName = Text(ImmediateOriginName, 23, '1', "ImmediateOriginName"),
            ReferenceCode = Text(ReferenceCode, 8, '1', "ReferenceCode"),
        };
        var batches = new List<NachaBatch>(_batches.Count);
        foreach (var build in _batches)
        {
            var batch = build();
            var numbered = batch with { Header = batch.Header with { BatchNumber = batches.Count + 1 }, Control = null };
            batches.Add(numbered with { Control = numbered.ComputeControl() });
        }

        var file = new NachaFile { Header = header, Batches = batches };
        return file with { Control = file.ComputeControl() };
    }

    /// <summary>Builds and writes the file as text.</summary>
    public string BuildText() => NachaWriter.WriteToString(Build());

    internal string NextTraceNumber(string odfi)
    {
        if (_nextTraceSequence > 9_999_999)
        {
            throw new NachaFormatException(0, '6', "TraceNumber", "the seven-digit trace sequence is exhausted.");
        }

        return odfi + (_nextTraceSequence++).ToString("D7", CultureInfo.InvariantCulture);
    }

    /// <summary>Upper-cases and trims <paramref name="value"/>, then refuses it when too long or outside the NACHA characters.</summary>
    internal static string Text(string? value, int length, char recordType, string field, bool required = false)
    {
        var text = (value ?? "").Trim().ToUpperInvariant();
        if (required && text.Length == 0)
        {
            throw new NachaFormatException(0, recordType, field, "is required.");
        }

        if (text.Length > length)
        {
            throw new NachaFormatException(0, recordType, field, $"'{text}' is {text.Length} characters; the field holds {length}.");
        }

        foreach (var c in text)
        {
            if (!NachaWriter.IsNachaCharacter(c))
            {
                throw new NachaFormatException(0, recordType, field, $"character '{c}' is not allowed in NACHA text.");
            }
        }

        return text;
    }
}

/// <summary>Adds entries to one batch of a <see cref="NachaFileBuilder"/>.</summary>
public sealed class NachaBatchBuilder
{
    private static readonly HashSet<TransactionCode> Codes =
    [
        TransactionCode.CheckingCredit, TransactionCode.CheckingCreditPrenote, TransactionCode.CheckingDebit, TransactionCode.CheckingDebitPrenote,
        TransactionCode.SavingsCredit, TransactionCode.SavingsCreditPrenote, TransactionCode.SavingsDebit, TransactionCode.SavingsDebitPrenote,
    ];

    private readonly NachaFileBuilder _file;
    private readonly BatchHeader _header;
    private readonly bool _serviceClassGiven;
    private readonly List<EntryDetail> _entries = [];

    internal NachaBatchBuilder(NachaFileBuilder file, BatchHeader header, bool serviceClassGiven)
    {
        _file = file;
        _header = header;
        _serviceClassGiven = serviceClassGiven;
    }

    /// <summary>Entries added so far.</summary>
    public IReadOnlyList<EntryDetail> Entries => _entries;

    /// <summary>
    /// Adds an entry and returns it with its trace number. <paramref name="rdfiRoutingNumber"/> is the full nine-digit routing
    /// number; <paramref name="amountCents"/> is zero for prenotes and positive otherwise; <paramref name="paymentInformation"/>
    /// becomes an addenda 05 (80 characters). WEB debits need a payment type code ("R" recurring, "S" single) in
    /// <paramref name="discretionaryData"/>.
    /// </summary>
    public EntryDetail AddEntry(
        TransactionCode transactionCode,
        string rdfiRoutingNumber,
        string accountNumber,
        long amountCents,
        string individualId,
        string individualName,
        string? paymentInformation = null,
        string discretionaryData = "")
    {
        if (!Codes.Contains(transactionCode))
        {
            throw new NachaFormatException(0, '6', "TransactionCode", $"{(int)transactionCode} is not one of 22, 23, 27, 28, 32, 33, 37, 38.");
        }

        if (_serviceClassGiven && (_header.ServiceClass == ServiceClass.CreditsOnly && transactionCode.IsDebit()
            || _header.ServiceClass == ServiceClass.DebitsOnly && transactionCode.IsCredit()))
        {
            throw new NachaFormatException(0, '6', "TransactionCode", $"{(int)transactionCode} does not fit service class {(int)_header.ServiceClass}.");
        }

        if (!RoutingNumber.IsValid(rdfiRoutingNumber))
        {
            throw new NachaFormatException(0, '6', "RdfiIdentification", $"'{rdfiRoutingNumber}' is not a nine-digit routing number with a valid check digit.");
        }

        if (transactionCode.IsPrenote() ? amountCents != 0 : amountCents is <= 0 or > 9_999_999_999)
        {
            throw new NachaFormatException(0, '6', "Amount",
                transactionCode.IsPrenote() ? "a prenote carries a zero amount." : $"{amountCents} cents is not between 1 and 9999999999.");
        }

        var discretionary = NachaFileBuilder.Text(discretionaryData, 2, '6', "DiscretionaryData");
        if (_header.SecCode == SecCode.Web && transactionCode.IsDebit() && discretionary is not ("R" or "S"))
        {
            throw new NachaFormatException(0, '6', "PaymentTypeCode", "WEB debits need payment type code R (recurring) or S (single).");
        }

        var trace = _file.NextTraceNumber(_header.OdfiIdentification);
        var sequence = int.Parse(trace.AsSpan(8), CultureInfo.InvariantCulture);
        var information = paymentInformation is null ? null : NachaFileBuilder.Text(paymentInformation, 80, '7', "PaymentRelatedInformation");
        var entry = new EntryDetail
        {
            TransactionCode = transactionCode,
            RdfiIdentification = rdfiRoutingNumber[..8],
            CheckDigit = rdfiRoutingNumber[8],
            DfiAccountNumber = NachaFileBuilder.Text(accountNumber, 17, '6', "DfiAccountNumber", required: true),
            AmountCents = amountCents,
            IdentificationNumber = NachaFileBuilder.Text(individualId, 15, '6', "IndividualIdentificationNumber"),
            ReceiverName = NachaFileBuilder.Text(individualName, 22, '6', "IndividualName", required: true),
            DiscretionaryData = discretionary,
            TraceNumber = trace,
            Addenda = information is null
                ? []
                : [new Addenda05 { PaymentRelatedInformation = information, SequenceNumber = 1, EntryDetailSequenceNumber = sequence }],
        };
        _entries.Add(entry);
        return entry;
    }

    internal NachaBatch Build()
    {
        if (_entries.Count == 0)
        {
            throw new NachaFormatException(0, '5', "Entries", $"batch '{_header.CompanyEntryDescription}' has no entries.");
        }

        var serviceClass = _header.ServiceClass;
        if (!_serviceClassGiven)
        {
            var credits = _entries.Any(e => e.TransactionCode.IsCredit());
            var debits = _entries.Any(e => e.TransactionCode.IsDebit());
            serviceClass = credits && debits ? ServiceClass.Mixed : credits ? ServiceClass.CreditsOnly : ServiceClass.DebitsOnly;
        }

        return new NachaBatch { Header = _header with { ServiceClass = serviceClass }, Entries = _entries.ToArray() };
    }
}
