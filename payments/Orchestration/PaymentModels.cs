namespace Baas.Payments.Orchestration;

/// <summary>A payment instruction (<c>POST /v1/payments</c>). <c>credit</c> pushes money to the counterparty; <c>debit</c> pulls it from them.</summary>
public sealed record PaymentRequest(string AccountId, string Direction, long Amount, string Currency, Counterparty Counterparty, string Rail, string? Purpose, string? RequestedSettlement);

/// <summary>One transition of a payment's history.</summary>
public sealed record PaymentTransitionView(string? From, string To, string Cause, string Actor, System.Text.Json.JsonElement? Evidence, DateTimeOffset At);

/// <summary>A money operation a transition asked of the authorizer, and whether it is done.</summary>
public sealed record PaymentOperationView(string Kind, long Amount, string Reference, string State, long? Seq, string? Error);

/// <summary>A payment as the API shows it (the counterparty's account number masked).</summary>
public sealed record PaymentView(
    string Id,
    string State,
    string Rail,
    string RailReason,
    string RequestedRail,
    string AccountId,
    string Direction,
    long Amount,
    string Currency,
    Counterparty Counterparty,
    string? Purpose,
    DateOnly? SettlementDate,
    string? TraceNumber,
    string EndToEndId,
    Guid Uetr,
    string? FileName,
    string? ReturnCode,
    string? FailureReason,
    IReadOnlyList<PaymentTransitionView> History,
    IReadOnlyList<PaymentOperationView> Operations,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The authorizer's balance as payments use it: reservations (cards and payments share one available balance) and money moved.</summary>
public interface IPaymentAccounts
{
    /// <summary>Reserves the amount (idempotent by reference); <see cref="PaymentException"/> 422 when the available balance cannot cover it, 404 for an unknown account.</summary>
    Task<long> ReserveAsync(string accountId, long amount, string reference, CancellationToken cancellation);

    /// <summary>Releases a reservation, posting it (the money leaves) or not; a reservation already released or posted is not an error.</summary>
    Task ReleaseAsync(string accountId, long reservationId, bool post, string reference, CancellationToken cancellation);

    /// <summary>Credits (positive) or debits (negative) the account, forced past the available balance (idempotent by reference); returns the log sequence.</summary>
    Task<long> MoveAsync(string accountId, long amount, string reference, string method, string? country, string counterparty, CancellationToken cancellation);
}

/// <summary>Counterparty screening by the compliance service: the entries a name hits (empty when clear).</summary>
public interface ICounterpartyScreening
{
    Task<IReadOnlyList<string>> ScreenAsync(string name, string? country, CancellationToken cancellation);
}

/// <summary>Who we are on the rails: the sponsor bank (ODFI) and the originator.</summary>
public sealed record Originator(string BankRoutingNumber, string BankName, string CompanyId, string CompanyName, string AccountNumber)
{
    /// <summary>A sample sponsor bank and program originator (tests, the demo).</summary>
    public static Originator Sample { get; } = new("091000019", "SPONSOR BANK NA", "1234567890", "BAAS PROCESSOR", "8800012345");
}
