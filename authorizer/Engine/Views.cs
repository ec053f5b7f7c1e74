using Baas.Events;

namespace Baas.Authorizer.Engine;

/// <summary>An account as the API shows it.</summary>
public sealed record AccountView(string Id, string ProgramId, string Currency, long Posted, long Held, long Available, long OverdraftLimit, string State, string CustomerStatus);

/// <summary>A page of accounts: <c>GET /v1/accounts?cursor=&amp;limit=</c>.</summary>
/// <param name="Accounts">The accounts, in the order they were opened.</param>
/// <param name="NextCursor">The cursor of the next page; null after the last.</param>
public sealed record AccountPage(IReadOnlyList<AccountView> Accounts, string? NextCursor);

/// <summary>A card as the API shows it (never the PAN).</summary>
public sealed record CardView(string Id, string AccountId, string ProgramId, string Last4, string Expiry, string Type, string State, CardControls Controls, CardVelocity Velocity);

/// <summary>A card's spending in the current UTC day and month.</summary>
public sealed record CardVelocity(long DayAmount, int DayCount, long AtmDayAmount, long MonthAmount);

/// <summary>A hold as the API shows it.</summary>
public sealed record HoldView(long Id, string Kind, string State, long Authorized, long Remaining, long Cleared, string Currency, string? Mcc, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? Rrn, string? ApprovalCode, string? Reference);

/// <summary>The result of a credit or debit.</summary>
public sealed record MoneyResult(string AccountId, long Amount, string Reference, long Seq, long Posted, long Available);

/// <summary>A payment reservation.</summary>
public sealed record ReservationView(long ReservationId, string AccountId, long Amount, string Reference, long Seq, long Available);

/// <summary>A created card.</summary>
public sealed record IssuedCard(string Id, string Last4, string State);

/// <summary>A created program key (shown once).</summary>
public sealed record CreatedKey(string KeyId, string Key, string ProgramId);

/// <summary>The outcome of one clearing record.</summary>
public sealed record ClearingResult(string Reference, string Outcome, long HoldId, long Posted, long Seq);
