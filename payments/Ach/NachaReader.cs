using System.Text;

namespace Baas.Payments.Ach;

/// <summary>
/// Reads NACHA files into <see cref="NachaFile"/>, strictly by default: record length and order, numeric fields,
/// routing check digits, counts, entry hashes, totals, block count, addenda indicators and sequences, trace order,
/// service class versus entry direction, SEC codes. The first violation throws <see cref="NachaFormatException"/>.
/// </summary>
public static class NachaReader
{
    /// <summary>Reads a file from disk (bytes are taken as Latin-1 so that a stray non-ASCII byte is reported, not lost).</summary>
    public static NachaFile Read(string path, NachaReadOptions? options = null)
    {
        using var reader = new StreamReader(path, Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
        return Read(reader, options);
    }

    /// <summary>Reads a file from <paramref name="reader"/>.</summary>
    public static NachaFile Read(TextReader reader, NachaReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Parser(options ?? NachaReadOptions.Strict).Run(reader);
    }

    private static readonly HashSet<SecCode> PaymentAddendaSec =
        [SecCode.Ack, SecCode.Atx, SecCode.Ccd, SecCode.Cie, SecCode.Ctx, SecCode.Dne, SecCode.Enr, SecCode.Ppd, SecCode.Trx, SecCode.Web];

    private static readonly HashSet<SecCode> SinglePaymentAddendaSec =
        [SecCode.Ack, SecCode.Ccd, SecCode.Cie, SecCode.Dne, SecCode.Enr, SecCode.Ppd, SecCode.Web];

    private static readonly HashSet<SecCode> TerminalAddendaSec = [SecCode.Mte, SecCode.Pos, SecCode.Shr];

    private sealed class Parser(NachaReadOptions options)
    {
        private readonly List<NachaBatch> _batches = [];
        private readonly List<EntryDetail> _entries = [];
        private readonly List<Addenda> _addenda = [];
        private readonly List<int> _addendaLines = [];
        private FileHeader? _header;
        private BatchHeader? _batch;
        private EntryDetail? _entry;
        private int _entryLine;
        private bool _entryIndicator;
        private string? _lastTrace;
        private int _lastBatchNumber;
        private FileControl? _control;
        private int _controlLine;
        private int _fillers;
        private int _lines;

        public NachaFile Run(TextReader reader)
        {
            foreach (var (number, raw) in Records(reader))
            {
                _lines = number;
                var line = Normalize(raw, number);
                if (_control is not null)
                {
                    if (line != NachaRecords.FillerRecord)
                    {
                        throw new NachaFormatException(number, line[0], "Record", "only 9-filler records may follow the file control record.");
                    }

                    _fillers++;
                    continue;
                }

                var r = new FieldReader(line, number);
                if (_header is null && line[0] != '1')
                {
                    throw r.Error("RecordTypeCode", "a NACHA file starts with a file header record (type 1).");
                }

                switch (line[0])
                {
                    case '1':
                        if (_header is not null)
                        {
                            throw r.Error("RecordTypeCode", "a second file header record.");
                        }

                        _header = NachaRecords.ParseFileHeader(r, options);
                        break;
                    case '5':
                        OnBatchHeader(r);
                        break;
                    case '6':
                        OnEntry(r);
                        break;
                    case '7':
                        OnAddenda(r);
                        break;
                    case '8':
                        OnBatchControl(r);
                        break;
                    case '9':
                        OnFileControl(r);
                        break;
                    default:
                        throw r.Error("RecordTypeCode", $"'{line[0]}' is not a NACHA record type (1, 5, 6, 7, 8, 9).");
                }
            }

            if (_header is null)
            {
                throw new NachaFormatException(1, '1', "Record", "the file is empty.");
            }

            if (_batch is not null)
            {
                throw new NachaFormatException(_lines + 1, '8', "Record", $"batch {_batch.BatchNumber} has no batch control record; the file ends first.");
            }

            if (_control is null)
            {
                throw new NachaFormatException(_lines + 1, '9', "Record", "the file control record is missing; the file ends first.");
            }

            ValidateFile();
            return new NachaFile { Header = _header, Batches = _batches.ToArray(), Control = _control };
        }

        private IEnumerable<(int Number, string Text)> Records(TextReader reader)
        {
            var text = new StringBuilder(NachaFile.RecordLength + 2);
            var number = 0;
            int c;
            while ((c = reader.Read()) != -1)
            {
                if (c == '\r')
                {
                    if (!options.AllowLineEndingsVariants)
                    {
                        throw new NachaFormatException(number + 1, text.Length > 0 ? text[0] : '\0', "Record",
                            "carriage return at the end of the record: CRLF or CR line endings (NachaReadOptions.AllowLineEndingsVariants accepts them).");
                    }

                    if (reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    c = '\n';
                }

                if (c == '\n')
                {
                    number++;
                    yield return (number, text.ToString());
                    text.Clear();
                    continue;
                }

                text.Append((char)c);
                if (text.Length > NachaFile.RecordLength)
                {
                    throw new NachaFormatException(number + 1, text[0], "Record", $"the record is longer than {NachaFile.RecordLength} characters.");
                }
            }

            if (text.Length > 0)
            {
                yield return (number + 1, text.ToString());
            }
        }

        private string Normalize(string line, int number)
        {
            if (line.Length == 0)
            {
                throw new NachaFormatException(number, '\0', "Record", "empty line.");
            }

            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] is < ' ' or > '~')
                {
                    throw new NachaFormatException(number, line[0], "Record", $"character 0x{(int)line[i]:X2} at position {i + 1} is not printable ASCII.");
                }
            }

            if (line.Length < NachaFile.RecordLength)
            {
                if (!options.AllowTrimmedRecords)
                {
                    throw new NachaFormatException(number, line[0], "Record",
                        $"the record is {line.Length} characters long; NACHA records are {NachaFile.RecordLength} (truncated, or trailing blanks stripped: NachaReadOptions.AllowTrimmedRecords).");
                }

                line = line.PadRight(NachaFile.RecordLength);
            }

            return line;
        }

        private void OnBatchHeader(FieldReader r)
        {
            if (_batch is not null)
            {
                throw r.Error("RecordTypeCode", $"batch header before the batch control of batch {_batch.BatchNumber}.");
            }

            var header = NachaRecords.ParseBatchHeader(r, options);
            if (header.BatchNumber <= _lastBatchNumber)
            {
                throw r.Error("BatchNumber", $"{header.BatchNumber} does not ascend from the previous batch number {_lastBatchNumber}.");
            }

            if (_batches.Count > 0 && _batches[0].IsAdvice != (header.ServiceClass == ServiceClass.AutomatedAccountingAdvices))
            {
                throw r.Error("ServiceClassCode", "ADV batches cannot share a file with other batches.");
            }

            _lastBatchNumber = header.BatchNumber;
            _batch = header;
            _lastTrace = null;
        }

        private void OnEntry(FieldReader r)
        {
            var batch = _batch ?? throw r.Error("RecordTypeCode", "entry detail record outside a batch.");
            FinishEntry();
            var entry = NachaRecords.ParseEntry(r, batch, options, out var indicator);
            var code = entry.TransactionCode;
            if (batch.ServiceClass == ServiceClass.CreditsOnly && code.IsDebit())
            {
                throw r.Error("TransactionCode", $"debit transaction code {(int)code} in a credits-only (220) batch.");
            }

            if (batch.ServiceClass == ServiceClass.DebitsOnly && code.IsCredit())
            {
                throw r.Error("TransactionCode", $"credit transaction code {(int)code} in a debits-only (225) batch.");
            }

            if ((code.IsPrenote() || code.IsZeroDollar()) && entry.AmountCents != 0)
            {
                throw r.Error("Amount", $"transaction code {(int)code} is a prenote or zero-dollar entry; the amount must be zero.");
            }

            if (batch.SecCode != SecCode.Adv && !entry.TraceNumber.StartsWith(batch.OdfiIdentification, StringComparison.Ordinal))
            {
                throw r.Error("TraceNumber", $"{entry.TraceNumber} does not start with the ODFI identification {batch.OdfiIdentification} of the batch.");
            }

            if (_lastTrace is not null && string.CompareOrdinal(entry.TraceNumber, _lastTrace) <= 0)
            {
                throw r.Error("TraceNumber", $"{entry.TraceNumber} does not ascend from the previous trace number {_lastTrace}.");
            }

            _lastTrace = entry.TraceNumber;
            _entry = entry;
            _entryLine = r.LineNumber;
            _entryIndicator = indicator;
        }

        private void OnAddenda(FieldReader r)
        {
            if (_entry is null)
            {
                throw r.Error("RecordTypeCode", "addenda record without an entry detail record before it.");
            }

            _addenda.Add(NachaRecords.ParseAddenda(r));
            _addendaLines.Add(r.LineNumber);
        }

        private void FinishEntry()
        {
            if (_entry is not { } entry)
            {
                return;
            }

            var batch = _batch!;
            var sec = batch.SecCode;
            if (_entryIndicator != (_addenda.Count > 0))
            {
                throw new NachaFormatException(_entryLine, '6', "AddendaRecordIndicator",
                    _entryIndicator ? "is 1 but no addenda record follows the entry." : "is 0 but addenda records follow the entry.");
            }

            var sequence = entry.EntryDetailSequenceNumber;
            int payment = 0, terminal = 0, change = 0, returns = 0, iat = 0, iat17 = 0, iat18 = 0;
            for (var i = 0; i < _addenda.Count; i++)
            {
                var line = _addendaLines[i];
                NachaFormatException Fail(string field, string detail) => new(line, '7', field, detail);
                switch (_addenda[i])
                {
                    case Addenda05 a:
                        if (!PaymentAddendaSec.Contains(sec))
                        {
                            throw Fail("AddendaTypeCode", $"addenda 05 is not allowed on {sec.ToCode()} entries.");
                        }

                        payment++;
                        if (payment > 1 && SinglePaymentAddendaSec.Contains(sec))
                        {
                            throw Fail("AddendaTypeCode", $"{sec.ToCode()} entries carry at most one addenda 05.");
                        }

                        if (a.SequenceNumber != payment)
                        {
                            throw Fail("AddendaSequenceNumber", $"{a.SequenceNumber} where {payment} was expected.");
                        }

                        if (a.EntryDetailSequenceNumber != sequence)
                        {
                            throw Fail("EntryDetailSequenceNumber", $"{a.EntryDetailSequenceNumber} does not match the entry's trace number {entry.TraceNumber}.");
                        }

                        break;
                    case Addenda02 a:
                        if (!TerminalAddendaSec.Contains(sec) || ++terminal > 1)
                        {
                            throw Fail("AddendaTypeCode", $"addenda 02 is allowed once on MTE, POS and SHR entries, not here ({sec.ToCode()}).");
                        }

                        if (a.TraceNumber != entry.TraceNumber)
                        {
                            throw Fail("TraceNumber", $"{a.TraceNumber} differs from the entry's trace number {entry.TraceNumber}.");
                        }

                        break;
                    case ChangeAddenda a:
                        if (sec != SecCode.Cor || ++change > 1)
                        {
                            throw Fail("AddendaTypeCode", "an addenda 98 belongs to a COR entry, once.");
                        }

                        CheckAddendaTrace(a.TraceNumber, entry, line);
                        break;
                    case ReturnAddenda a:
                        if (++returns > 1 && !options.AllowMultipleReturnAddenda)
                        {
                            throw Fail("AddendaTypeCode", "more than one addenda 99 on one entry (NachaReadOptions.AllowMultipleReturnAddenda).");
                        }

                        CheckAddendaTrace(a.TraceNumber, entry, line);
                        break;
                    case IatAddenda a:
                        if (sec != SecCode.Iat)
                        {
                            throw Fail("AddendaTypeCode", $"addenda {a.TypeCode} belongs to IAT entries.");
                        }

                        CheckIatOrder(a, iat, ref iat17, ref iat18, line);
                        iat++;
                        if (a.EntryDetailSequenceNumber != sequence)
                        {
                            throw Fail("EntryDetailSequenceNumber", $"{a.EntryDetailSequenceNumber} does not match the entry's trace number {entry.TraceNumber}.");
                        }

                        break;
                }
            }

            if ((change > 0 || returns > 0) && payment + terminal > 0)
            {
                throw new NachaFormatException(_entryLine, '6', "Addenda", "a return or notification of change carries only its addenda 98/99.");
            }

            if (sec == SecCode.Cor && change == 0)
            {
                throw new NachaFormatException(_entryLine, '6', "Addenda", "a COR entry needs an addenda 98.");
            }

            if (sec == SecCode.Adv && _addenda.Count > 0)
            {
                throw new NachaFormatException(_addendaLines[0], '7', "AddendaTypeCode", "ADV entries have no addenda.");
            }

            if (sec == SecCode.Iat && iat < 7)
            {
                throw new NachaFormatException(_entryLine, '6', "Addenda", $"an IAT entry needs the seven addenda 10 to 16; it has {iat}.");
            }

            if (sec.HasAddendaCountField() && entry.DeclaredAddendaCount != payment)
            {
                throw new NachaFormatException(_entryLine, '6', "NumberOfAddendaRecords", $"declares {entry.DeclaredAddendaCount} addenda; {payment} follow.");
            }

            if (sec == SecCode.Iat && entry.DeclaredAddendaCount != iat
                && !(options.AllowIatAddendaCountOfMandatoryOnly && entry.DeclaredAddendaCount == 7))
            {
                throw new NachaFormatException(_entryLine, '6', "NumberOfAddendaRecords",
                    $"declares {entry.DeclaredAddendaCount} addenda; {iat} IAT addenda follow (NachaReadOptions.AllowIatAddendaCountOfMandatoryOnly accepts 7).");
            }

            _entries.Add(entry with { Addenda = _addenda.ToArray() });
            _addenda.Clear();
            _addendaLines.Clear();
            _entry = null;
        }

        private void CheckAddendaTrace(string trace, EntryDetail entry, int line)
        {
            if (trace != entry.TraceNumber && !options.AllowAddendaTraceMismatch)
            {
                throw new NachaFormatException(line, '7', "TraceNumber",
                    $"{trace} differs from the entry's trace number {entry.TraceNumber} (NachaReadOptions.AllowAddendaTraceMismatch).");
            }
        }

        /// <summary>Addenda 10 to 16 once each in order, then up to two 17s, then up to five 18s, each numbered from 1.</summary>
        private static void CheckIatOrder(IatAddenda a, int index, ref int count17, ref int count18, int line)
        {
            if (index < 7)
            {
                if (a.TypeCode != (10 + index).ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    throw new NachaFormatException(line, '7', "AddendaTypeCode", $"IAT addenda {10 + index} expected, found {a.TypeCode}.");
                }

                return;
            }

            switch (a)
            {
                case Addenda17 x when count18 == 0 && count17 < 2:
                    Sequence(x.SequenceNumber, ++count17, line);
                    break;
                case Addenda18 x when count18 < 5:
                    Sequence(x.SequenceNumber, ++count18, line);
                    break;
                default:
                    throw new NachaFormatException(line, '7', "AddendaTypeCode",
                        $"addenda {a.TypeCode} out of place: after 10-16 come at most two 17s, then at most five 18s.");
            }

            static void Sequence(int actual, int expected, int line)
            {
                if (actual != expected)
                {
                    throw new NachaFormatException(line, '7', "AddendaSequenceNumber", $"{actual} where {expected} was expected.");
                }
            }
        }

        private void OnBatchControl(FieldReader r)
        {
            var header = _batch ?? throw r.Error("RecordTypeCode", "batch control record outside a batch.");
            FinishEntry();
            var control = NachaRecords.ParseBatchControl(r);
            if (_entries.Count == 0)
            {
                throw r.Error("Record", $"batch {header.BatchNumber} has no entries.");
            }

            var batch = new NachaBatch { Header = header, Entries = _entries.ToArray(), Control = control };
            var computed = batch.ComputeControl();
            Compare(r, "ServiceClassCode", (int)control.ServiceClass, (int)header.ServiceClass, "the batch header");
            Compare(r, "EntryAddendaCount", control.EntryAddendaCount, computed.EntryAddendaCount, "the records in the batch");
            Compare(r, "EntryHash", control.EntryHash, computed.EntryHash, "the sum of the RDFI identifications");
            Compare(r, "TotalDebitEntryDollarAmount", control.TotalDebitCents, computed.TotalDebitCents, "the sum of the debit entries");
            Compare(r, "TotalCreditEntryDollarAmount", control.TotalCreditCents, computed.TotalCreditCents, "the sum of the credit entries");
            if (!batch.IsAdvice && header.SecCode != SecCode.Iat && control.CompanyIdentification != header.CompanyIdentification)
            {
                throw r.Error("CompanyIdentification", $"'{control.CompanyIdentification}' differs from the batch header's '{header.CompanyIdentification}'.");
            }

            if (control.OdfiIdentification != header.OdfiIdentification)
            {
                throw r.Error("OdfiIdentification", $"{control.OdfiIdentification} differs from the batch header's {header.OdfiIdentification}.");
            }

            Compare(r, "BatchNumber", control.BatchNumber, header.BatchNumber, "the batch header");
            _batches.Add(batch);
            _entries.Clear();
            _batch = null;
        }

        private void OnFileControl(FieldReader r)
        {
            if (_batch is not null)
            {
                throw r.Error("RecordTypeCode", $"file control record before the batch control of batch {_batch.BatchNumber}.");
            }

            if (r.Line == NachaRecords.FillerRecord)
            {
                throw r.Error("Record", "the file control record is missing: a 9-filler record stands where it belongs.");
            }

            _control = NachaRecords.ParseFileControl(r, _batches.Count > 0 && _batches[0].IsAdvice);
            _controlLine = r.LineNumber;
        }

        private void ValidateFile()
        {
            var control = _control!;
            // Only the line number and record type of this reader are used, for the error location.
            var r = new FieldReader(NachaRecords.FillerRecord, _controlLine);
            var computed = new NachaFile { Header = _header!, Batches = _batches }.ComputeControl();
            Compare(r, "BatchCount", control.BatchCount, computed.BatchCount, "the batches in the file");
            Compare(r, "EntryAddendaCount", control.EntryAddendaCount, computed.EntryAddendaCount, "the entry and addenda records in the file");
            Compare(r, "EntryHash", control.EntryHash, computed.EntryHash, "the sum of the batch entry hashes");
            Compare(r, "TotalDebitEntryDollarAmount", control.TotalDebitCents, computed.TotalDebitCents, "the sum of the batch debit totals");
            Compare(r, "TotalCreditEntryDollarAmount", control.TotalCreditCents, computed.TotalCreditCents, "the sum of the batch credit totals");
            if (_fillers >= NachaFile.BlockingFactor)
            {
                throw new NachaFormatException(_lines, '9', "Record", $"{_fillers} filler records: padding never fills a whole block.");
            }

            if (_lines % NachaFile.BlockingFactor != 0 && !options.AllowMissingBlockPadding)
            {
                throw new NachaFormatException(_lines, '9', "BlockCount",
                    $"the file has {_lines} records, not a multiple of the blocking factor {NachaFile.BlockingFactor}; 9-filler records are missing (NachaReadOptions.AllowMissingBlockPadding).");
            }

            var blocks = (_lines + NachaFile.BlockingFactor - 1) / NachaFile.BlockingFactor;
            Compare(r, "BlockCount", control.BlockCount, blocks, $"the {_lines} records in the file");
        }

        private static void Compare(FieldReader r, string field, long declared, long actual, string what)
        {
            if (declared != actual)
            {
                throw new NachaFormatException(r.LineNumber, r.RecordType, field,
                    $"the record says {declared}, {what} give {actual}.");
            }
        }
    }
}
