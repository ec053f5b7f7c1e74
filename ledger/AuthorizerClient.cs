namespace Baas.Ledger;

/// <summary>An account as the authorizer holds it: what reconciliation compares with the ledger.</summary>
/// <param name="Id">The authorizer's account id (the ledger's <c>customer:{Id}</c>).</param>
/// <param name="ProgramId">Its program.</param>
/// <param name="Currency">ISO 4217 alphabetic code.</param>
/// <param name="Posted">The authorizer's posted balance, minor units.</param>
/// <param name="Held">What its open holds keep, minor units.</param>
public readonly record struct AuthorizerAccount(string Id, string ProgramId, string Currency, long Posted, long Held);

/// <summary>One page of the authorizer's accounts, in account-number order.</summary>
/// <param name="Accounts">The accounts of this page.</param>
/// <param name="NextCursor">Where the next page starts; null after the last.</param>
public sealed record AuthorizerAccountPage(IReadOnlyList<AuthorizerAccount> Accounts, string? NextCursor);

/// <summary>The authorizer refused a command (the message says why); <see cref="Status"/> is its HTTP status.</summary>
public sealed class AuthorizerRefusedException(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status the authorizer answered (400, 404, 409, ...).</summary>
    public int Status { get; } = status;
}

/// <summary>
/// What the ledger needs of the authorizer: its committed log position, its accounts (reconciliation) and a way
/// to move money through it (adjustments, so that both sides change by the same log record). The host provides
/// one over the engine when both run in one process, and one over the management API otherwise.
/// </summary>
public interface IAuthorizerClient
{
    /// <summary>The authorizer's highest durable log sequence.</summary>
    Task<long> CommittedAsync(CancellationToken cancellation);

    /// <summary>One account; null when the authorizer has no such account.</summary>
    Task<AuthorizerAccount?> GetAccountAsync(string accountId, CancellationToken cancellation);

    /// <summary>A page of accounts after <paramref name="cursor"/> (null: from the start).</summary>
    Task<AuthorizerAccountPage> ListAccountsAsync(string? cursor, int limit, CancellationToken cancellation);

    /// <summary>
    /// Credits (positive) or debits (negative) <paramref name="amount"/> under <paramref name="reference"/>, which is
    /// idempotent in the authorizer: the same reference again moves nothing and answers the first result. Debits
    /// may take the account below its available balance (a correction, not a spend). Returns the log sequence.
    /// </summary>
    /// <exception cref="AuthorizerRefusedException">The authorizer refused it (unknown account, closed, reference reused for another amount).</exception>
    Task<long> MoveMoneyAsync(string accountId, long amount, string reference, CancellationToken cancellation);
}
