namespace Baas.Payments.Iso20022;

/// <summary>A postal address (PostalAddress24): structured fields and up to seven free lines.</summary>
public sealed record PostalAddress
{
    /// <summary>Street name (Max70Text).</summary>
    public string? StreetName { get; init; }

    /// <summary>Building number (Max16Text).</summary>
    public string? BuildingNumber { get; init; }

    /// <summary>Post code (Max16Text).</summary>
    public string? PostCode { get; init; }

    /// <summary>Town name (Max35Text).</summary>
    public string? TownName { get; init; }

    /// <summary>State or other subdivision (Max35Text).</summary>
    public string? CountrySubDivision { get; init; }

    /// <summary>ISO 3166 two-letter country code.</summary>
    public string? Country { get; init; }

    /// <summary>Free address lines (at most 7, Max70Text each).</summary>
    public IReadOnlyList<string> AddressLines { get; init; } = [];
}

/// <summary>A debtor or creditor: name and optional postal address.</summary>
public sealed record Party(string Name, PostalAddress? Address = null);

/// <summary>An account identification: an IBAN or another identifier (for US accounts, the account number).</summary>
public sealed record AccountId
{
    private AccountId(string? iban, string? other)
    {
        Iban = iban;
        Other = other;
    }

    /// <summary>The IBAN, when the account is identified by one.</summary>
    public string? Iban { get; }

    /// <summary>The other identifier (Othr/Id, Max34Text), e.g. a US account number.</summary>
    public string? Other { get; }

    /// <summary>An account identified by IBAN.</summary>
    public static AccountId FromIban(string iban) => new(iban, null);

    /// <summary>An account identified by another identifier such as a US account number.</summary>
    public static AccountId FromOther(string id) => new(null, id);
}
