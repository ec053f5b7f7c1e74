namespace Baas.Payments.Ach;

/// <summary>Named relaxations of the NACHA reader; all off by default, so the reader is strict unless a caller opts in.</summary>
public sealed record NachaReadOptions
{
    /// <summary>The strict default.</summary>
    public static NachaReadOptions Strict { get; } = new();

    /// <summary>
    /// Accept CRLF or bare CR between records as well as LF. Files exported from Windows tools arrive with CRLF;
    /// strictly a record ends at LF and a carriage return would be data.
    /// </summary>
    public bool AllowLineEndingsVariants { get; init; }

    /// <summary>
    /// Accept a file whose record count is not a multiple of the blocking factor (no or too few 9-filler records).
    /// The block count in the file control must still equal the records divided by ten, rounded up.
    /// Some originating software never pads; the operator re-blocks on receipt.
    /// </summary>
    public bool AllowMissingBlockPadding { get; init; }

    /// <summary>
    /// Accept records shorter than 94 characters by padding them with blanks on the right: editors and some
    /// generators strip trailing blanks (a file control record cut after its last non-blank field). Every field is
    /// still checked after padding, so a record cut inside a field is still refused.
    /// </summary>
    public bool AllowTrimmedRecords { get; init; }

    /// <summary>
    /// Accept "000000" as the effective entry date of a batch. Return and dishonored-return files produced by
    /// some tools carry a zero date where the operator fills in the settlement date; the date is then null.
    /// </summary>
    public bool AllowZeroEffectiveEntryDate { get; init; }

    /// <summary>
    /// Accept an addenda 98 or 99 whose trace number differs from the trace number of its entry (the rules say they
    /// are the same). Generators that fill the addenda trace independently produce such files; the entry's trace
    /// is authoritative when this is on.
    /// </summary>
    public bool AllowAddendaTraceMismatch { get; init; }

    /// <summary>
    /// Accept more than one addenda 99 on one entry (the rules allow exactly one). Test files that chain a return,
    /// its dishonor and the contest on one entry need this.
    /// </summary>
    public bool AllowMultipleReturnAddenda { get; init; }

    /// <summary>
    /// Accept an IAT entry whose "number of addenda records" counts only the seven mandatory addenda (10 to 16)
    /// while optional 17/18 addenda follow; the rules count every addenda of the entry.
    /// </summary>
    public bool AllowIatAddendaCountOfMandatoryOnly { get; init; }

    /// <summary>
    /// Do not verify ABA check digits of routing numbers (RDFI, immediate destination). For sandbox and partner test
    /// files built with made-up routing numbers; never for production input.
    /// </summary>
    public bool SkipRoutingCheckDigit { get; init; }
}
