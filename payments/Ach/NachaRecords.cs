using System.Globalization;

namespace Baas.Payments.Ach;

/// <summary>Field layouts of every record type: parsing into the model and formatting back, position for position.</summary>
internal static class NachaRecords
{
    public const string FillerRecord = "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999";

    // ---- File header (1) ----

    public static FileHeader ParseFileHeader(FieldReader r, NachaReadOptions options)
    {
        var priority = r.Digits(2, 2, "PriorityCode");
        var destination = r.Raw(4, 10);
        if (destination[0] != ' ' || !RoutingNumber.IsDigits(destination.AsSpan(1)))
        {
            throw r.Error("ImmediateDestination", $"'{destination}' must be a blank followed by a nine-digit routing number.");
        }

        if (!options.SkipRoutingCheckDigit && !RoutingNumber.IsValid(destination.AsSpan(1)))
        {
            throw r.Error("ImmediateDestination", $"routing number {destination[1..]} has a wrong check digit.");
        }

        var origin = r.Raw(14, 10);
        var originValue = origin[0] == ' ' ? origin[1..] : origin;
        if (!RoutingNumber.IsDigits(originValue))
        {
            throw r.Error("ImmediateOrigin", $"'{origin}' must be nine digits after a blank, or ten digits.");
        }

        var date = r.Date(24, "FileCreationDate");
        TimeOnly? time = null;
        var timeText = r.Raw(30, 4);
        if (timeText != "    ")
        {
            if (!TimeOnly.TryParseExact(timeText, "HHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            {
                throw r.Error("FileCreationTime", $"'{timeText}' is not a valid HHMM time.");
            }

            time = t;
        }

        var modifier = r.Raw(34, 1)[0];
        if (modifier is not (>= 'A' and <= 'Z' or >= '0' and <= '9'))
        {
            throw r.Error("FileIdModifier", $"'{modifier}' must be an upper-case letter or a digit.");
        }

        Expect(r, 35, "094", "RecordSize");
        Expect(r, 38, "10", "BlockingFactor");
        Expect(r, 40, "1", "FormatCode");
        return new FileHeader
        {
            PriorityCode = priority,
            ImmediateDestination = destination[1..],
            ImmediateOrigin = originValue,
            FileCreationDate = date,
            FileCreationTime = time,
            FileIdModifier = modifier,
            ImmediateDestinationName = r.Text(41, 23),
            ImmediateOriginName = r.Text(64, 23),
            ReferenceCode = r.Text(87, 8),
        };
    }

    public static string Format(FileHeader h, int line) =>
        new RecordWriter(line, '1')
            .Digits(h.PriorityCode, 2, "PriorityCode")
            .RightJustified(h.ImmediateDestination, 10, "ImmediateDestination")
            .RightJustified(h.ImmediateOrigin, 10, "ImmediateOrigin")
            .Date(h.FileCreationDate, "FileCreationDate")
            .Text(h.FileCreationTime?.ToString("HHmm", CultureInfo.InvariantCulture), 4, "FileCreationTime")
            .Char(h.FileIdModifier)
            .Text("094", 3, "RecordSize")
            .Text("10", 2, "BlockingFactor")
            .Char('1')
            .Text(h.ImmediateDestinationName, 23, "ImmediateDestinationName")
            .Text(h.ImmediateOriginName, 23, "ImmediateOriginName")
            .Text(h.ReferenceCode, 8, "ReferenceCode")
            .Finish();

    // ---- Batch header (5) ----

    public static BatchHeader ParseBatchHeader(FieldReader r, NachaReadOptions options)
    {
        var serviceClass = ParseServiceClass(r, "ServiceClassCode");
        var secText = r.Raw(51, 3);
        if (!SecCodes.TryParse(secText, out var sec))
        {
            throw r.Error("StandardEntryClassCode", $"'{secText}' is not a known SEC code.");
        }

        if ((sec == SecCode.Adv) != (serviceClass == ServiceClass.AutomatedAccountingAdvices))
        {
            throw r.Error("ServiceClassCode", $"service class {(int)serviceClass} does not go with SEC code {secText} (280 is for ADV only).");
        }

        var effectiveText = r.Raw(70, 6);
        DateOnly? effective;
        if (sec == SecCode.Enr)
        {
            if (effectiveText != "      ")
            {
                throw r.Error("EffectiveEntryDate", "must be blank for ENR batches.");
            }

            effective = null;
        }
        else if (effectiveText == "000000" && options.AllowZeroEffectiveEntryDate)
        {
            effective = null;
        }
        else if (effectiveText == "000000")
        {
            throw r.Error("EffectiveEntryDate", "'000000' is not a date (NachaReadOptions.AllowZeroEffectiveEntryDate accepts it).");
        }
        else
        {
            effective = r.Date(70, "EffectiveEntryDate");
        }

        var settlement = r.Raw(76, 3);
        if (settlement != "   " && !RoutingNumber.IsDigits(settlement))
        {
            throw r.Error("SettlementDate", $"'{settlement}' must be blank or a three-digit Julian date.");
        }

        var status = r.Raw(79, 1)[0];
        if (status is not ('0' or '1' or '2'))
        {
            throw r.Error("OriginatorStatusCode", $"'{status}' must be 0, 1 or 2.");
        }

        var header = new BatchHeader
        {
            ServiceClass = serviceClass,
            CompanyIdentification = r.Text(41, 10),
            SecCode = sec,
            CompanyEntryDescription = r.Text(54, 10),
            EffectiveEntryDate = effective,
            SettlementDate = settlement.TrimEnd(' '),
            OriginatorStatusCode = status,
            OdfiIdentification = r.Digits(80, 8, "OdfiIdentification"),
            BatchNumber = r.Int(88, 7, "BatchNumber"),
        };

        if (sec == SecCode.Iat)
        {
            var referenceIndicator = r.Raw(23, 1)[0];
            if (referenceIndicator is not ('1' or '2' or '3'))
            {
                throw r.Error("ForeignExchangeReferenceIndicator", $"'{referenceIndicator}' must be 1, 2 or 3.");
            }

            return header with
            {
                Iat = new IatBatchHeaderFields
                {
                    IatIndicator = r.Text(5, 16),
                    ForeignExchangeIndicator = r.Raw(21, 2),
                    ForeignExchangeReferenceIndicator = referenceIndicator,
                    ForeignExchangeReference = r.Text(24, 15),
                    DestinationCountryCode = r.Raw(39, 2),
                    OriginatingCurrencyCode = r.Raw(64, 3),
                    DestinationCurrencyCode = r.Raw(67, 3),
                },
            };
        }

        return header with
        {
            CompanyName = r.Text(5, 16),
            CompanyDiscretionaryData = r.Text(21, 20),
            CompanyDescriptiveDate = r.Text(64, 6),
        };
    }

    public static string Format(BatchHeader h, int line)
    {
        var w = new RecordWriter(line, '5').Number((int)h.ServiceClass, 3, "ServiceClassCode");
        if (h.Iat is { } iat)
        {
            w.Text(iat.IatIndicator, 16, "IatIndicator")
                .Text(iat.ForeignExchangeIndicator, 2, "ForeignExchangeIndicator")
                .Char(iat.ForeignExchangeReferenceIndicator)
                .Text(iat.ForeignExchangeReference, 15, "ForeignExchangeReference")
                .Text(iat.DestinationCountryCode, 2, "IsoDestinationCountryCode")
                .Text(h.CompanyIdentification, 10, "OriginatorIdentification")
                .Text(h.SecCode.ToCode(), 3, "StandardEntryClassCode")
                .Text(h.CompanyEntryDescription, 10, "CompanyEntryDescription")
                .Text(iat.OriginatingCurrencyCode, 3, "IsoOriginatingCurrencyCode")
                .Text(iat.DestinationCurrencyCode, 3, "IsoDestinationCurrencyCode");
        }
        else
        {
            w.Text(h.CompanyName, 16, "CompanyName")
                .Text(h.CompanyDiscretionaryData, 20, "CompanyDiscretionaryData")
                .Text(h.CompanyIdentification, 10, "CompanyIdentification")
                .Text(h.SecCode.ToCode(), 3, "StandardEntryClassCode")
                .Text(h.CompanyEntryDescription, 10, "CompanyEntryDescription")
                .Text(h.CompanyDescriptiveDate, 6, "CompanyDescriptiveDate");
        }

        return w.Date(h.EffectiveEntryDate, "EffectiveEntryDate", blankWhenNull: h.SecCode == SecCode.Enr)
            .Text(h.SettlementDate, 3, "SettlementDate")
            .Char(h.OriginatorStatusCode)
            .Digits(h.OdfiIdentification, 8, "OdfiIdentification")
            .Number(h.BatchNumber, 7, "BatchNumber")
            .Finish();
    }

    // ---- Entry detail (6) ----

    public static EntryDetail ParseEntry(FieldReader r, BatchHeader batch, NachaReadOptions options, out bool addendaIndicator)
    {
        var codeValue = r.Int(2, 2, "TransactionCode");
        if (!TransactionCodes.IsDefined(codeValue))
        {
            throw r.Error("TransactionCode", $"{codeValue:00} is not a NACHA transaction code.");
        }

        var code = (TransactionCode)codeValue;
        if (code.IsAdvice() != (batch.SecCode == SecCode.Adv))
        {
            throw r.Error("TransactionCode", $"{codeValue} is not allowed in a {batch.SecCode.ToCode()} batch.");
        }

        var rdfi = r.Digits(4, 8, "RdfiIdentification");
        var checkDigit = r.Digits(12, 1, "CheckDigit")[0];
        if (!options.SkipRoutingCheckDigit && RoutingNumber.CheckDigit(rdfi) != checkDigit - '0')
        {
            throw r.Error("CheckDigit", $"{checkDigit} is wrong for RDFI {rdfi}; expected {RoutingNumber.CheckDigit(rdfi)}.");
        }

        var indicator = r.Raw(79, 1)[0];
        if (indicator is not ('0' or '1'))
        {
            throw r.Error("AddendaRecordIndicator", $"'{indicator}' must be 0 or 1.");
        }

        addendaIndicator = indicator == '1';
        var entry = new EntryDetail
        {
            TransactionCode = code,
            RdfiIdentification = rdfi,
            CheckDigit = checkDigit,
            DfiAccountNumber = "",
            AmountCents = 0,
            DiscretionaryData = r.Text(77, 2),
            TraceNumber = r.Digits(80, 15, "TraceNumber"),
        };

        switch (batch.SecCode)
        {
            case SecCode.Adv:
                return entry with
                {
                    DfiAccountNumber = r.Text(13, 15),
                    AmountCents = r.Number(28, 12, "Amount"),
                    ReceiverName = r.Text(55, 22),
                    Advice = new AdviceEntryFields
                    {
                        AdviceRoutingNumber = r.Digits(40, 9, "AdviceRoutingNumber"),
                        FileIdentification = r.Text(49, 5),
                        AchOperatorData = r.Text(54, 1),
                    },
                };
            case SecCode.Iat:
                return entry with
                {
                    DeclaredAddendaCount = r.Int(13, 4, "NumberOfAddendaRecords"),
                    AmountCents = r.Number(30, 10, "Amount"),
                    DfiAccountNumber = r.Text(40, 35),
                    Iat = new IatEntryFields
                    {
                        GatewayOfacScreeningIndicator = r.Text(77, 1),
                        SecondaryOfacScreeningIndicator = r.Text(78, 1),
                    },
                    DiscretionaryData = "",
                };
            default:
                entry = entry with
                {
                    DfiAccountNumber = r.Text(13, 17),
                    AmountCents = r.Number(30, 10, "Amount"),
                    IdentificationNumber = r.Text(40, 15),
                };
                return batch.SecCode.HasAddendaCountField()
                    ? entry with { DeclaredAddendaCount = r.Int(55, 4, "NumberOfAddendaRecords"), ReceiverName = r.Text(59, 16) }
                    : entry with { ReceiverName = r.Text(55, 22) };
        }
    }

    public static string Format(EntryDetail e, SecCode sec, int line)
    {
        var w = new RecordWriter(line, '6')
            .Number((int)e.TransactionCode, 2, "TransactionCode")
            .Digits(e.RdfiIdentification, 8, "RdfiIdentification")
            .Digits(e.CheckDigit.ToString(), 1, "CheckDigit");
        switch (sec)
        {
            case SecCode.Adv:
                var advice = e.Advice ?? throw new NachaFormatException(line, '6', "Advice", "an ADV entry needs its advice fields.");
                w.Text(e.DfiAccountNumber, 15, "DfiAccountNumber")
                    .Number(e.AmountCents, 12, "Amount")
                    .Digits(advice.AdviceRoutingNumber, 9, "AdviceRoutingNumber")
                    .Text(advice.FileIdentification, 5, "FileIdentification")
                    .Text(advice.AchOperatorData, 1, "AchOperatorData")
                    .Text(e.ReceiverName, 22, "IndividualName")
                    .Text(e.DiscretionaryData, 2, "DiscretionaryData");
                break;
            case SecCode.Iat:
                w.Number(e.DeclaredAddendaCount ?? e.Addenda.Count, 4, "NumberOfAddendaRecords")
                    .Blank(13)
                    .Number(e.AmountCents, 10, "Amount")
                    .Text(e.DfiAccountNumber, 35, "DfiAccountNumber")
                    .Blank(2)
                    .Text(e.Iat?.GatewayOfacScreeningIndicator, 1, "GatewayOfacScreeningIndicator")
                    .Text(e.Iat?.SecondaryOfacScreeningIndicator, 1, "SecondaryOfacScreeningIndicator");
                break;
            default:
                w.Text(e.DfiAccountNumber, 17, "DfiAccountNumber")
                    .Number(e.AmountCents, 10, "Amount")
                    .Text(e.IdentificationNumber, 15, "IdentificationNumber");
                if (sec.HasAddendaCountField())
                {
                    w.Number(e.DeclaredAddendaCount ?? e.Addenda.Count, 4, "NumberOfAddendaRecords")
                        .Text(e.ReceiverName, 16, "ReceivingCompanyName")
                        .Blank(2);
                }
                else
                {
                    w.Text(e.ReceiverName, 22, "IndividualName");
                }

                w.Text(e.DiscretionaryData, 2, "DiscretionaryData");
                break;
        }

        return w.Char(e.Addenda.Count > 0 ? '1' : '0')
            .Digits(e.TraceNumber, 15, "TraceNumber")
            .Finish();
    }

    // ---- Addenda (7) ----

    public static Addenda ParseAddenda(FieldReader r)
    {
        var type = r.Digits(2, 2, "AddendaTypeCode");
        switch (type)
        {
            case "05":
                return new Addenda05
                {
                    PaymentRelatedInformation = r.Text(4, 80),
                    SequenceNumber = r.Int(84, 4, "AddendaSequenceNumber"),
                    EntryDetailSequenceNumber = r.Int(88, 7, "EntryDetailSequenceNumber"),
                };
            case "02":
                return new Addenda02
                {
                    ReferenceInformation1 = r.Text(4, 7),
                    ReferenceInformation2 = r.Text(11, 3),
                    TerminalIdentificationCode = r.Text(14, 6),
                    TransactionSerialNumber = r.Text(20, 6),
                    TransactionDate = r.Text(26, 4),
                    AuthorizationCodeOrExpireDate = r.Text(30, 6),
                    TerminalLocation = r.Text(36, 27),
                    TerminalCity = r.Text(63, 15),
                    TerminalState = r.Text(78, 2),
                    TraceNumber = r.Digits(80, 15, "TraceNumber"),
                };
            case "98":
                return ParseAddenda98(r);
            case "99":
                return ParseAddenda99(r);
            case "10":
                return new Addenda10
                {
                    TransactionTypeCode = r.Text(4, 3),
                    ForeignPaymentAmount = r.Number(7, 18, "ForeignPaymentAmount"),
                    ForeignTraceNumber = r.Text(25, 22),
                    ReceiverName = r.Text(47, 35),
                    EntryDetailSequenceNumber = IatSequence(r),
                };
            case "11":
                return new Addenda11 { OriginatorName = r.Text(4, 35), OriginatorStreetAddress = r.Text(39, 35), EntryDetailSequenceNumber = IatSequence(r) };
            case "12":
                return new Addenda12 { OriginatorCityStateProvince = r.Text(4, 35), OriginatorCountryPostalCode = r.Text(39, 35), EntryDetailSequenceNumber = IatSequence(r) };
            case "13":
                return new Addenda13 { Name = r.Text(4, 35), IdNumberQualifier = r.Text(39, 2), Identification = r.Text(41, 34), BranchCountryCode = r.Text(75, 3), EntryDetailSequenceNumber = IatSequence(r) };
            case "14":
                return new Addenda14 { Name = r.Text(4, 35), IdNumberQualifier = r.Text(39, 2), Identification = r.Text(41, 34), BranchCountryCode = r.Text(75, 3), EntryDetailSequenceNumber = IatSequence(r) };
            case "15":
                return new Addenda15 { ReceiverIdentificationNumber = r.Text(4, 15), ReceiverStreetAddress = r.Text(19, 35), EntryDetailSequenceNumber = IatSequence(r) };
            case "16":
                return new Addenda16 { ReceiverCityStateProvince = r.Text(4, 35), ReceiverCountryPostalCode = r.Text(39, 35), EntryDetailSequenceNumber = IatSequence(r) };
            case "17":
                return new Addenda17
                {
                    PaymentRelatedInformation = r.Text(4, 80),
                    SequenceNumber = r.Int(84, 4, "AddendaSequenceNumber"),
                    EntryDetailSequenceNumber = IatSequence(r),
                };
            case "18":
                return new Addenda18
                {
                    BankName = r.Text(4, 35),
                    IdNumberQualifier = r.Text(39, 2),
                    IdNumber = r.Text(41, 34),
                    BranchCountryCode = r.Text(75, 3),
                    SequenceNumber = r.Int(84, 4, "AddendaSequenceNumber"),
                    EntryDetailSequenceNumber = IatSequence(r),
                };
            default:
                throw r.Error("AddendaTypeCode", $"'{type}' is not an addenda type this reader knows (02, 05, 10-18, 98, 99).");
        }
    }

    private static int IatSequence(FieldReader r) => r.Int(88, 7, "EntryDetailSequenceNumber");

    private static ChangeAddenda ParseAddenda98(FieldReader r)
    {
        var code = r.Raw(4, 3);
        if (!NocCodes.TryGet(code, out var info))
        {
            throw r.Error("ChangeCode", $"'{code}' is not a change code (C01-C14, C61-C69).");
        }

        var originalTrace = r.Digits(7, 15, "OriginalEntryTraceNumber");
        var originalRdfi = r.Digits(28, 8, "OriginalReceivingDfiIdentification");
        var trace = r.Digits(80, 15, "TraceNumber");
        if (!info.IsRefusal)
        {
            return new Addenda98
            {
                ChangeCode = code,
                OriginalTrace = originalTrace,
                OriginalRdfiIdentification = originalRdfi,
                CorrectedData = r.Text(36, 29),
                TraceNumber = trace,
            };
        }

        var refusedCode = r.Raw(65, 3);
        if (!NocCodes.TryGet(refusedCode, out var refused) || refused.IsRefusal)
        {
            throw r.Error("ChangeCode", $"'{refusedCode}' is not the change code (C01-C14) of a notification being refused.");
        }

        return new Addenda98Refused
        {
            RefusedChangeCode = code,
            OriginalTrace = originalTrace,
            OriginalRdfiIdentification = originalRdfi,
            CorrectedData = r.Text(36, 29),
            ChangeCode = refusedCode,
            TraceSequenceNumber = r.Digits(68, 7, "TraceSequenceNumber"),
            TraceNumber = trace,
        };
    }

    private static ReturnAddenda ParseAddenda99(FieldReader r)
    {
        var code = r.Raw(4, 3);
        if (!ReturnCodes.TryGet(code, out var info))
        {
            throw r.Error("ReturnReasonCode", $"'{code}' is not a return reason code.");
        }

        var originalTrace = r.Digits(7, 15, "OriginalEntryTraceNumber");
        var originalRdfi = r.Digits(28, 8, "OriginalReceivingDfiIdentification");
        var trace = r.Digits(80, 15, "TraceNumber");
        switch (info.Kind)
        {
            case ReturnKind.Dishonored:
                return new Addenda99Dishonored
                {
                    ReturnReasonCode = code,
                    OriginalTrace = originalTrace,
                    OriginalRdfiIdentification = originalRdfi,
                    ReturnTraceNumber = r.Digits(39, 15, "ReturnTraceNumber"),
                    ReturnSettlementDate = r.Text(54, 3),
                    ReturnReasonCodeOfReturn = r.Digits(57, 2, "ReturnReasonCode"),
                    AddendaInformation = r.Text(59, 21),
                    TraceNumber = trace,
                };
            case ReturnKind.ContestedDishonored:
                return new Addenda99Contested
                {
                    ReturnReasonCode = code,
                    OriginalTrace = originalTrace,
                    DateOriginalEntryReturned = r.Text(22, 6),
                    OriginalRdfiIdentification = originalRdfi,
                    OriginalSettlementDate = r.Text(36, 3),
                    ReturnTraceNumber = r.Digits(39, 15, "ReturnTraceNumber"),
                    ReturnSettlementDate = r.Text(54, 3),
                    ReturnReasonCodeOfReturn = r.Digits(57, 2, "ReturnReasonCode"),
                    DishonoredReturnTraceNumber = r.Digits(59, 15, "DishonoredReturnTraceNumber"),
                    DishonoredReturnSettlementDate = r.Text(74, 3),
                    DishonoredReturnReasonCode = r.Digits(77, 2, "DishonoredReturnReasonCode"),
                    TraceNumber = trace,
                };
            default:
                DateOnly? dateOfDeath = null;
                var deathText = r.Raw(22, 6);
                if (deathText != "      ")
                {
                    dateOfDeath = r.Date(22, "DateOfDeath");
                }

                return new Addenda99
                {
                    ReturnReasonCode = code,
                    OriginalTrace = originalTrace,
                    DateOfDeath = dateOfDeath,
                    OriginalRdfiIdentification = originalRdfi,
                    AddendaInformation = r.Text(36, 44),
                    TraceNumber = trace,
                };
        }
    }

    public static string Format(Addenda a, int line)
    {
        var w = new RecordWriter(line, '7').Text(a.TypeCode, 2, "AddendaTypeCode");
        switch (a)
        {
            case Addenda05 x:
                w.Text(x.PaymentRelatedInformation, 80, "PaymentRelatedInformation")
                    .Number(x.SequenceNumber, 4, "AddendaSequenceNumber")
                    .Number(x.EntryDetailSequenceNumber, 7, "EntryDetailSequenceNumber");
                break;
            case Addenda02 x:
                w.Text(x.ReferenceInformation1, 7, "ReferenceInformation1")
                    .Text(x.ReferenceInformation2, 3, "ReferenceInformation2")
                    .Text(x.TerminalIdentificationCode, 6, "TerminalIdentificationCode")
                    .Text(x.TransactionSerialNumber, 6, "TransactionSerialNumber")
                    .Text(x.TransactionDate, 4, "TransactionDate")
                    .Text(x.AuthorizationCodeOrExpireDate, 6, "AuthorizationCodeOrExpireDate")
                    .Text(x.TerminalLocation, 27, "TerminalLocation")
                    .Text(x.TerminalCity, 15, "TerminalCity")
                    .Text(x.TerminalState, 2, "TerminalState")
                    .Digits(x.TraceNumber, 15, "TraceNumber");
                break;
            case Addenda98 x:
                w.Text(x.ChangeCode, 3, "ChangeCode")
                    .Digits(x.OriginalTrace, 15, "OriginalEntryTraceNumber")
                    .Blank(6)
                    .Digits(x.OriginalRdfiIdentification, 8, "OriginalReceivingDfiIdentification")
                    .Text(x.CorrectedData, 29, "CorrectedData")
                    .Blank(15)
                    .Digits(x.TraceNumber, 15, "TraceNumber");
                break;
            case Addenda98Refused x:
                w.Text(x.RefusedChangeCode, 3, "RefusedChangeCode")
                    .Digits(x.OriginalTrace, 15, "OriginalEntryTraceNumber")
                    .Blank(6)
                    .Digits(x.OriginalRdfiIdentification, 8, "OriginalReceivingDfiIdentification")
                    .Text(x.CorrectedData, 29, "CorrectedData")
                    .Text(x.ChangeCode, 3, "ChangeCode")
                    .Digits(x.TraceSequenceNumber, 7, "TraceSequenceNumber")
                    .Blank(5)
                    .Digits(x.TraceNumber, 15, "TraceNumber");
                break;
            case Addenda99 x:
                w.Text(x.ReturnReasonCode, 3, "ReturnReasonCode")
                    .Digits(x.OriginalTrace, 15, "OriginalEntryTraceNumber")
                    .Date(x.DateOfDeath, "DateOfDeath", blankWhenNull: true)
                    .Digits(x.OriginalRdfiIdentification, 8, "OriginalReceivingDfiIdentification")
                    .Text(x.AddendaInformation, 44, "AddendaInformation")
                    .Digits(x.TraceNumber, 15, "TraceNumber");
                break;
            case Addenda99Dishonored x:
                w.Text(x.ReturnReasonCode, 3, "ReturnReasonCode")
                    .Digits(x.OriginalTrace, 15, "OriginalEntryTraceNumber")
                    .Blank(6)
                    .Digits(x.OriginalRdfiIdentification, 8, "OriginalReceivingDfiIdentification")
                    .Blank(3)
                    .Digits(x.ReturnTraceNumber, 15, "ReturnTraceNumber")
                    .Text(x.ReturnSettlementDate, 3, "ReturnSettlementDate")
                    .Digits(x.ReturnReasonCodeOfReturn, 2, "ReturnReasonCode")
                    .Text(x.AddendaInformation, 21, "AddendaInformation")
                    .Digits(x.TraceNumber, 15, "TraceNumber");
                break;
            case Addenda99Contested x:
                w.Text(x.ReturnReasonCode, 3, "ReturnReasonCode")
                    .Digits(x.OriginalTrace, 15, "OriginalEntryTraceNumber")
                    .Text(x.DateOriginalEntryReturned, 6, "DateOriginalEntryReturned")
                    .Digits(x.OriginalRdfiIdentification, 8, "OriginalReceivingDfiIdentification")
                    .Text(x.OriginalSettlementDate, 3, "OriginalSettlementDate")
                    .Digits(x.ReturnTraceNumber, 15, "ReturnTraceNumber")
                    .Text(x.ReturnSettlementDate, 3, "ReturnSettlementDate")
                    .Digits(x.ReturnReasonCodeOfReturn, 2, "ReturnReasonCode")
                    .Digits(x.DishonoredReturnTraceNumber, 15, "DishonoredReturnTraceNumber")
                    .Text(x.DishonoredReturnSettlementDate, 3, "DishonoredReturnSettlementDate")
                    .Digits(x.DishonoredReturnReasonCode, 2, "DishonoredReturnReasonCode")
                    .Blank(1)
                    .Digits(x.TraceNumber, 15, "TraceNumber");
                break;
            case Addenda10 x:
                w.Text(x.TransactionTypeCode, 3, "TransactionTypeCode")
                    .Number(x.ForeignPaymentAmount, 18, "ForeignPaymentAmount")
                    .Text(x.ForeignTraceNumber, 22, "ForeignTraceNumber")
                    .Text(x.ReceiverName, 35, "ReceivingCompanyOrIndividualName")
                    .Blank(6);
                break;
            case Addenda11 x:
                w.Text(x.OriginatorName, 35, "OriginatorName").Text(x.OriginatorStreetAddress, 35, "OriginatorStreetAddress").Blank(14);
                break;
            case Addenda12 x:
                w.Text(x.OriginatorCityStateProvince, 35, "OriginatorCityStateProvince").Text(x.OriginatorCountryPostalCode, 35, "OriginatorCountryPostalCode").Blank(14);
                break;
            case IatInstitutionAddenda x:
                w.Text(x.Name, 35, "Name")
                    .Text(x.IdNumberQualifier, 2, "IdNumberQualifier")
                    .Text(x.Identification, 34, "Identification")
                    .Text(x.BranchCountryCode, 3, "BranchCountryCode")
                    .Blank(10);
                break;
            case Addenda15 x:
                w.Text(x.ReceiverIdentificationNumber, 15, "ReceiverIdentificationNumber").Text(x.ReceiverStreetAddress, 35, "ReceiverStreetAddress").Blank(34);
                break;
            case Addenda16 x:
                w.Text(x.ReceiverCityStateProvince, 35, "ReceiverCityStateProvince").Text(x.ReceiverCountryPostalCode, 35, "ReceiverCountryPostalCode").Blank(14);
                break;
            case Addenda17 x:
                w.Text(x.PaymentRelatedInformation, 80, "PaymentRelatedInformation").Number(x.SequenceNumber, 4, "AddendaSequenceNumber");
                break;
            case Addenda18 x:
                w.Text(x.BankName, 35, "ForeignCorrespondentBankName")
                    .Text(x.IdNumberQualifier, 2, "IdNumberQualifier")
                    .Text(x.IdNumber, 34, "IdNumber")
                    .Text(x.BranchCountryCode, 3, "BranchCountryCode")
                    .Blank(6)
                    .Number(x.SequenceNumber, 4, "AddendaSequenceNumber");
                break;
            default:
                throw new NachaFormatException(line, '7', "AddendaTypeCode", $"cannot write addenda type {a.TypeCode}.");
        }

        if (a is IatAddenda iat)
        {
            w.Number(iat.EntryDetailSequenceNumber, 7, "EntryDetailSequenceNumber");
        }

        return w.Finish();
    }

    // ---- Batch control (8) ----

    public static BatchControl ParseBatchControl(FieldReader r)
    {
        var serviceClass = ParseServiceClass(r, "ServiceClassCode");
        var control = new BatchControl
        {
            ServiceClass = serviceClass,
            EntryAddendaCount = r.Int(5, 6, "EntryAddendaCount"),
            EntryHash = r.Number(11, 10, "EntryHash"),
            TotalDebitCents = 0,
            TotalCreditCents = 0,
            OdfiIdentification = r.Digits(80, 8, "OdfiIdentification"),
            BatchNumber = r.Int(88, 7, "BatchNumber"),
        };
        return serviceClass == ServiceClass.AutomatedAccountingAdvices
            ? control with
            {
                TotalDebitCents = r.Number(21, 20, "TotalDebitEntryDollarAmount"),
                TotalCreditCents = r.Number(41, 20, "TotalCreditEntryDollarAmount"),
                AchOperatorData = r.Text(61, 19),
            }
            : control with
            {
                TotalDebitCents = r.Number(21, 12, "TotalDebitEntryDollarAmount"),
                TotalCreditCents = r.Number(33, 12, "TotalCreditEntryDollarAmount"),
                CompanyIdentification = r.Text(45, 10),
                MessageAuthenticationCode = r.Text(55, 19),
            };
    }

    public static string Format(BatchControl c, int line)
    {
        var w = new RecordWriter(line, '8')
            .Number((int)c.ServiceClass, 3, "ServiceClassCode")
            .Number(c.EntryAddendaCount, 6, "EntryAddendaCount")
            .Number(c.EntryHash, 10, "EntryHash");
        if (c.ServiceClass == ServiceClass.AutomatedAccountingAdvices)
        {
            w.Number(c.TotalDebitCents, 20, "TotalDebitEntryDollarAmount")
                .Number(c.TotalCreditCents, 20, "TotalCreditEntryDollarAmount")
                .Text(c.AchOperatorData, 19, "AchOperatorData");
        }
        else
        {
            w.Number(c.TotalDebitCents, 12, "TotalDebitEntryDollarAmount")
                .Number(c.TotalCreditCents, 12, "TotalCreditEntryDollarAmount")
                .Text(c.CompanyIdentification, 10, "CompanyIdentification")
                .Text(c.MessageAuthenticationCode, 19, "MessageAuthenticationCode")
                .Blank(6);
        }

        return w.Digits(c.OdfiIdentification, 8, "OdfiIdentification")
            .Number(c.BatchNumber, 7, "BatchNumber")
            .Finish();
    }

    // ---- File control (9) ----

    public static FileControl ParseFileControl(FieldReader r, bool advice)
    {
        var control = new FileControl
        {
            BatchCount = r.Int(2, 6, "BatchCount"),
            BlockCount = r.Int(8, 6, "BlockCount"),
            EntryAddendaCount = r.Int(14, 8, "EntryAddendaCount"),
            EntryHash = r.Number(22, 10, "EntryHash"),
            TotalDebitCents = 0,
            TotalCreditCents = 0,
        };
        return advice
            ? control with
            {
                TotalDebitCents = r.Number(32, 20, "TotalDebitEntryDollarAmount"),
                TotalCreditCents = r.Number(52, 20, "TotalCreditEntryDollarAmount"),
            }
            : control with
            {
                TotalDebitCents = r.Number(32, 12, "TotalDebitEntryDollarAmount"),
                TotalCreditCents = r.Number(44, 12, "TotalCreditEntryDollarAmount"),
            };
    }

    public static string Format(FileControl c, bool advice, int line)
    {
        var amountLength = advice ? 20 : 12;
        return new RecordWriter(line, '9')
            .Number(c.BatchCount, 6, "BatchCount")
            .Number(c.BlockCount, 6, "BlockCount")
            .Number(c.EntryAddendaCount, 8, "EntryAddendaCount")
            .Number(c.EntryHash, 10, "EntryHash")
            .Number(c.TotalDebitCents, amountLength, "TotalDebitEntryDollarAmount")
            .Number(c.TotalCreditCents, amountLength, "TotalCreditEntryDollarAmount")
            .Blank(advice ? 23 : 39)
            .Finish();
    }

    private static ServiceClass ParseServiceClass(FieldReader r, string field)
    {
        var value = r.Int(2, 3, field);
        return value switch
        {
            200 or 220 or 225 or 280 => (ServiceClass)value,
            _ => throw r.Error(field, $"{value} is not a service class code (200, 220, 225, 280)."),
        };
    }

    private static void Expect(FieldReader r, int start, string expected, string field)
    {
        var actual = r.Raw(start, expected.Length);
        if (actual != expected)
        {
            throw r.Error(field, $"'{actual}' must be '{expected}'.");
        }
    }
}
