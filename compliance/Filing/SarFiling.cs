namespace Baas.Compliance.Filing;

/// <summary>One FinCEN SAR: an activity of a SAR batch.</summary>
public sealed record SarFiling
{
    /// <summary>
    /// Our id of the filing (at most 25 characters). It is written as the filing institution's internal control
    /// number, so FinCEN keeps it with the report, and returned in <see cref="FilingBatchSummary"/> with the
    /// activity's SeqNum for matching the acknowledgement.
    /// </summary>
    public required string FilingId { get; init; }

    /// <summary>The filing institution (also the institution where the activity occurred).</summary>
    public required FilingInstitution Institution { get; init; }

    /// <summary>One or more subjects.</summary>
    public required IReadOnlyList<SarSubject> Subjects { get; init; }

    /// <summary>First day of the suspicious activity.</summary>
    public required DateOnly ActivityFrom { get; init; }

    /// <summary>Last day of the suspicious activity (equal to <see cref="ActivityFrom"/> for a single day).</summary>
    public required DateOnly ActivityTo { get; init; }

    /// <summary>Total amount involved for the period of the report, in USD cents; zero means no amount involved.</summary>
    public required long TotalAmountMinor { get; init; }

    /// <summary>One or more categories of suspicious activity.</summary>
    public required IReadOnlyList<SuspiciousActivityCategory> Categories { get; init; }

    /// <summary>What the activity is, required with <see cref="SuspiciousActivityCategory.Other"/> (at most 50 characters).</summary>
    public string? OtherActivityDescription { get; init; }

    /// <summary>The narrative (at most 17,000 characters; written in blocks of 4,000).</summary>
    public required string Narrative { get; init; }

    /// <summary>Whether this continues reporting on activity already reported.</summary>
    public bool IsContinuingActivity { get; init; }

    /// <summary>
    /// The 14-digit BSA ID of the prior report when <see cref="IsContinuingActivity"/>; when not known FinCEN asks
    /// for fourteen zeros, which is what is written.
    /// </summary>
    public string? PriorBsaId { get; init; }

    /// <summary>For a continuing activity report, the cumulative amount in USD cents across all reports, when known.</summary>
    public long? CumulativeAmountMinor { get; init; }
}
