namespace Baas.Compliance.Screening.Matching;

/// <summary>How to read a comma in a name.</summary>
public enum NameOrder
{
    /// <summary>
    /// One comma means <c>LAST, First</c> unless what follows it is only a company form (<c>ACME, LTD.</c>):
    /// how screened names are read.
    /// </summary>
    Auto,

    /// <summary>The list's convention for individuals: <c>LAST, First Middle[, Jr.]</c>.</summary>
    LastNameFirst,

    /// <summary>Commas are separators only (entities, vessels, aircraft).</summary>
    AsWritten,
}
