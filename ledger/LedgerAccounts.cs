namespace Baas.Ledger;

/// <summary>
/// Ledger account kinds and their codes. A code names an account uniquely and is stable: customers are keyed by
/// the authorizer's account id, the other accounts by currency (and program).
/// </summary>
public static class LedgerAccounts
{
    /// <summary>A cardholder's account: its posted balance is the authorizer's Posted, its pending the authorizer's Held.</summary>
    public const string CustomerKind = "customer";

    /// <summary>What is owed to (or by) the card networks for card transactions, per currency.</summary>
    public const string NetworkSettlementKind = "network_settlement";

    /// <summary>The sponsor bank's omnibus (FBO) account holding customer funds, per currency: funding, payouts and payments.</summary>
    public const string SponsorOmnibusKind = "sponsor_omnibus";

    /// <summary>A program's settlement account, per currency (no log event posts to it yet).</summary>
    public const string ProgramSettlementKind = "program_settlement";

    /// <summary>Fees earned by a program, per currency (no log event posts to it yet).</summary>
    public const string FeesKind = "fees";

    /// <summary><c>customer:{accountId}</c>.</summary>
    public static string Customer(string accountId) => "customer:" + accountId;

    /// <summary><c>network_settlement:{currency}</c>.</summary>
    public static string NetworkSettlement(string currency) => "network_settlement:" + currency;

    /// <summary><c>sponsor_omnibus:{currency}</c>.</summary>
    public static string SponsorOmnibus(string currency) => "sponsor_omnibus:" + currency;

    /// <summary><c>program_settlement:{programId}:{currency}</c>.</summary>
    public static string ProgramSettlement(string programId, string currency) => $"program_settlement:{programId}:{currency}";

    /// <summary><c>fees:{programId}:{currency}</c>.</summary>
    public static string Fees(string programId, string currency) => $"fees:{programId}:{currency}";

    /// <summary>The code of a counterparty account in a currency.</summary>
    public static string Counterparty(Counterparty counterparty, string currency) => counterparty switch
    {
        Ledger.Counterparty.SponsorOmnibus => SponsorOmnibus(currency),
        _ => NetworkSettlement(currency),
    };

    /// <summary>The kind of a counterparty account.</summary>
    public static string CounterpartyKind(Counterparty counterparty) => counterparty switch
    {
        Ledger.Counterparty.SponsorOmnibus => SponsorOmnibusKind,
        _ => NetworkSettlementKind,
    };
}

/// <summary>The other side of a customer's postings.</summary>
public enum Counterparty
{
    /// <summary>Card transactions: <c>network_settlement:{currency}</c>.</summary>
    NetworkSettlement,

    /// <summary>Funding, payouts and payment reservations: <c>sponsor_omnibus:{currency}</c>.</summary>
    SponsorOmnibus,
}
