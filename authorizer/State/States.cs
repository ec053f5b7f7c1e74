namespace Baas.Authorizer.State;

/// <summary>Lifecycle of a card.</summary>
public enum CardState : byte
{
    Ordered = 1,
    Shipped = 2,
    PendingActivation = 3,
    Active = 4,
    Frozen = 5,
    Lost = 6,
    Stolen = 7,
    Closed = 8,
}

/// <summary>State of an account.</summary>
public enum AccountState : byte
{
    Active = 1,
    Frozen = 2,
    Closed = 3,
}

/// <summary>Status of the account's customer as KYC and compliance see it.</summary>
public enum CustomerStatus : byte
{
    /// <summary>No restriction.</summary>
    Ok = 0,
    /// <summary>Restricted by compliance: card transactions decline with 57.</summary>
    Restricted = 1,
    /// <summary>Suspended pending KYC review: card transactions decline with 62.</summary>
    Suspended = 2,
}

/// <summary>Where a hold is in its life.</summary>
public enum HoldState : byte
{
    Active = 1,
    Released = 2,
    Cleared = 3,
    Expired = 4,
}

/// <summary>What created a hold.</summary>
public enum HoldKind : byte
{
    CardAuthorization = 1,
    PaymentReservation = 2,
}

/// <summary>Names used in the API and in events.</summary>
public static class StateNames
{
    public static string Name(CardState s) => s switch
    {
        CardState.Ordered => "ordered",
        CardState.Shipped => "shipped",
        CardState.PendingActivation => "pending_activation",
        CardState.Active => "active",
        CardState.Frozen => "frozen",
        CardState.Lost => "lost",
        CardState.Stolen => "stolen",
        CardState.Closed => "closed",
        _ => "unknown",
    };

    public static bool TryParseCard(string? name, out CardState state)
    {
        state = name switch
        {
            "ordered" => CardState.Ordered,
            "shipped" => CardState.Shipped,
            "pending_activation" => CardState.PendingActivation,
            "active" => CardState.Active,
            "frozen" => CardState.Frozen,
            "lost" => CardState.Lost,
            "stolen" => CardState.Stolen,
            "closed" => CardState.Closed,
            _ => 0,
        };
        return state != 0;
    }

    public static string Name(AccountState s) => s switch
    {
        AccountState.Active => "active",
        AccountState.Frozen => "frozen",
        AccountState.Closed => "closed",
        _ => "unknown",
    };

    public static bool TryParseAccount(string? name, out AccountState state)
    {
        state = name switch
        {
            "active" => AccountState.Active,
            "frozen" => AccountState.Frozen,
            "closed" => AccountState.Closed,
            _ => 0,
        };
        return state != 0;
    }

    public static string Name(CustomerStatus s) => s switch
    {
        CustomerStatus.Ok => "ok",
        CustomerStatus.Restricted => "restricted",
        CustomerStatus.Suspended => "suspended",
        _ => "unknown",
    };

    public static bool TryParseCustomer(string? name, out CustomerStatus status)
    {
        switch (name)
        {
            case "ok":
                status = CustomerStatus.Ok;
                return true;
            case "restricted":
                status = CustomerStatus.Restricted;
                return true;
            case "suspended":
                status = CustomerStatus.Suspended;
                return true;
            default:
                status = CustomerStatus.Ok;
                return false;
        }
    }

    public static string Name(HoldState s) => s switch
    {
        HoldState.Active => "active",
        HoldState.Released => "released",
        HoldState.Cleared => "cleared",
        HoldState.Expired => "expired",
        _ => "unknown",
    };

    /// <summary>Card state transitions the management API allows.</summary>
    public static bool CanChange(CardState from, CardState to) => (from, to) switch
    {
        _ when from == to => false,
        (CardState.Closed, _) => false,
        (CardState.Lost or CardState.Stolen, not CardState.Closed) => false,
        (_, CardState.Ordered) => false,
        _ => true,
    };
}
