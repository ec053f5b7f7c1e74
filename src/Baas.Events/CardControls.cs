namespace Baas.Events;

/// <summary>
/// Spending controls on a card. Amounts are in the account's minor units; null means no limit. Lists hold
/// merchant category codes ("5411") and ISO 3166 alpha-2 country codes ("US").
/// </summary>
public sealed record CardControls
{
    /// <summary>Largest single transaction.</summary>
    public long? PerTransactionLimit { get; init; }

    /// <summary>Total approved per UTC day.</summary>
    public long? DailyLimit { get; init; }

    /// <summary>Total approved per UTC calendar month.</summary>
    public long? MonthlyLimit { get; init; }

    /// <summary>Approvals per UTC day.</summary>
    public int? DailyCount { get; init; }

    /// <summary>ATM cash per UTC day.</summary>
    public long? AtmDailyLimit { get; init; }

    /// <summary>When set, only these merchant categories are allowed.</summary>
    public IReadOnlyList<string>? MccAllow { get; init; }

    /// <summary>Merchant categories that are refused.</summary>
    public IReadOnlyList<string>? MccBlock { get; init; }

    /// <summary>Merchant countries that are refused.</summary>
    public IReadOnlyList<string>? CountryBlock { get; init; }

    /// <summary>Card-not-present e-commerce allowed.</summary>
    public bool Ecommerce { get; init; } = true;

    /// <summary>ATM withdrawals allowed.</summary>
    public bool Atm { get; init; } = true;

    /// <summary>Contactless allowed.</summary>
    public bool Contactless { get; init; } = true;

    /// <summary>Magnetic stripe allowed.</summary>
    public bool MagneticStripe { get; init; } = true;

    /// <summary>Transactions abroad allowed.</summary>
    public bool International { get; init; } = true;

    /// <summary>No limits, everything allowed.</summary>
    public static CardControls None { get; } = new();
}
