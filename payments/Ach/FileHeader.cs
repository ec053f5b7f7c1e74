namespace Baas.Payments.Ach;

/// <summary>File header record (type 1): who the file goes to, who sent it, and when it was made.</summary>
public sealed record FileHeader
{
    /// <summary>Priority code, "01".</summary>
    public string PriorityCode { get; init; } = "01";

    /// <summary>Routing number (nine digits) of the ACH operator or receiving point, written as blank + nine digits.</summary>
    public required string ImmediateDestination { get; init; }

    /// <summary>Routing number or identifier of the sender: nine digits (written with a leading blank) or ten digits.</summary>
    public required string ImmediateOrigin { get; init; }

    /// <summary>Date the file was created (YYMMDD in the file).</summary>
    public required DateOnly FileCreationDate { get; init; }

    /// <summary>Time the file was created (HHMM); optional.</summary>
    public TimeOnly? FileCreationTime { get; init; }

    /// <summary>Distinguishes files created on the same date between the same parties: A to Z or 0 to 9.</summary>
    public char FileIdModifier { get; init; } = 'A';

    /// <summary>Name of the destination.</summary>
    public string ImmediateDestinationName { get; init; } = "";

    /// <summary>Name of the origin.</summary>
    public string ImmediateOriginName { get; init; } = "";

    /// <summary>Reference code for the originator's own use.</summary>
    public string ReferenceCode { get; init; } = "";
}
