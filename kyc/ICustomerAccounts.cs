namespace Baas.Kyc;

/// <summary>The authorizer's accounts as KYC needs them: open one for a customer, and set the customer status its cards obey.</summary>
public interface ICustomerAccounts
{
    /// <summary>True when the authorizer knows the account.</summary>
    Task<bool> ExistsAsync(string accountId, CancellationToken cancellation);

    /// <summary>Opens an account (a generated id when <paramref name="accountId"/> is null) in the program; returns its id.</summary>
    /// <exception cref="KycException">The authorizer refused (unknown program: 400).</exception>
    Task<string> OpenAsync(string? accountId, string programId, string currency, CancellationToken cancellation);

    /// <summary>Sets the account's customer status (<c>ok</c>, <c>restricted</c>, <c>suspended</c>); returns once the authorizer has logged it.</summary>
    Task SetCustomerStatusAsync(string accountId, string customerStatus, string reason, CancellationToken cancellation);
}
