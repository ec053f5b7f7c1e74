namespace Baas.Ledger;

/// <summary>
/// Ledger account kinds and their codes. A code names an account uniquely and is stable: customers are keyed by
/// the authorizer's account id, the others by program and currency. A customer's counterparties are its own
/// program's, so each program's position at the sponsor bank (its omnibus cash less what it owes the network)
/// can be set against the sum of its customers' balances: the program sub-ledger against the master ledger.
/// </summary>
public static class LedgerAccounts
{
    /// <summary>A cardholder's account: its posted balance is the authorizer's Posted, its pending the authorizer's Held.</summary>
    public const string CustomerKind = "customer";

    /// <summary>What a program owes to (or is owed by) the card networks for card transactions, per currency.</summary>
    public const string NetworkSettlementKind = "network_settlement";

    /// <summary>A program's customer funds in the sponsor bank's omnibus (FBO) account, per currency: funding, payouts and payments.</summary>
    public const string SponsorOmnibusKind = "sponsor_omnibus";

    /// <summary>A program's settlement account, per currency (no log event posts to it yet).</summary>
    public const string ProgramSettlementKind = "program_settlement";

    /// <summary>Fees earned by a program, per currency (no log event posts to it yet).</summary>
    public const string FeesKind = "fees";

    /// <summary><c>customer:{accountId}</c>.</summary>
    public static string Customer(string accountId) => "customer:" + accountId;

    /// <summary><c>network_settlement:{programId}:{currency}</c>; <c>network_settlement:{currency}</c> for a customer whose program the ledger does not know.</summary>
    public static string NetworkSettlement(string? programId, string currency) => Scoped("network_settlement:", programId, currency);

    /// <summary><c>sponsor_omnibus:{programId}:{currency}</c>; <c>sponsor_omnibus:{currency}</c> for a customer whose program the ledger does not know.</summary>
    public static string SponsorOmnibus(string? programId, string currency) => Scoped("sponsor_omnibus:", programId, currency);

    /// <summary><c>program_settlement:{programId}:{currency}</c>.</summary>
    public static string ProgramSettlement(string programId, string currency) => $"program_settlement:{programId}:{currency}";

    /// <summary><c>fees:{programId}:{currency}</c>.</summary>
    public static string Fees(string programId, string currency) => $"fees:{programId}:{currency}";

    /// <summary>The code of a counterparty account of a program (null: not known) in a currency.</summary>
    public static string Counterparty(Counterparty counterparty, string? programId, string currency) => counterparty switch
    {
        Ledger.Counterparty.SponsorOmnibus => SponsorOmnibus(programId, currency),
        _ => NetworkSettlement(programId, currency),
    };

    private static string Scoped(string prefix, string? programId, string currency) =>
        string.IsNullOrEmpty(programId) ? prefix + currency : $"{prefix}{programId}:{currency}";

    /// <summary>The kind of a counterparty account.</summary>
    public static string CounterpartyKind(Counterparty counterparty) => counterparty switch
    {
        Ledger.Counterparty.SponsorOmnibus => SponsorOmnibusKind,
        _ => NetworkSettlementKind,
    };
}

/// <summary>The other side of a customer's postings (always an account of the customer's program).</summary>
public enum Counterparty
{
    /// <summary>Card transactions: <c>network_settlement:{programId}:{currency}</c>.</summary>
    NetworkSettlement,

    /// <summary>Funding, payouts, adjustments and payment reservations: <c>sponsor_omnibus:{programId}:{currency}</c>.</summary>
    SponsorOmnibus,
}
