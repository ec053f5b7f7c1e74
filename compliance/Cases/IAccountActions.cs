namespace Baas.Compliance.Cases;

/// <summary>
/// What compliance does to an account through the authorizer's management API: restrict it (its cards decline
/// with 57), suspend it (62) or reinstate it. The host provides one over the engine in the same process, or over
/// HTTP with the administrator's key.
/// </summary>
public interface IAccountActions
{
    /// <summary>Sets the account's customer status (<c>ok</c>, <c>restricted</c>, <c>suspended</c>) with a reason; returns once the authorizer has logged the change.</summary>
    /// <exception cref="CaseException">The authorizer refused (unknown account: 404).</exception>
    Task SetCustomerStatusAsync(string accountId, string customerStatus, string reason, CancellationToken cancellation);
}
