namespace Baas.Compliance.Screening.Lists;

/// <summary>The names of the lists, as they appear in hits (<c>"list"</c>).</summary>
public static class ListNames
{
    /// <summary>OFAC Specially Designated Nationals and Blocked Persons (<c>sdn.csv</c>, <c>alt.csv</c>, <c>add.csv</c>, <c>sdn_comments.csv</c>).</summary>
    public const string OfacSdn = "ofac-sdn";

    /// <summary>OFAC consolidated non-SDN lists (<c>cons_prim.csv</c>, <c>cons_alt.csv</c>, <c>cons_add.csv</c>, <c>cons_comments.csv</c>).</summary>
    public const string OfacConsolidated = "ofac-consolidated";

    /// <summary>UN Security Council consolidated list (<c>UN_consolidated.xml</c> or <c>consolidated.xml</c>).</summary>
    public const string UnConsolidated = "un-consolidated";
}
