namespace Baas.Kyc.Checks;

/// <summary>Runs every deterministic check on an application before any vendor is paid to verify it.</summary>
public static class PreChecks
{
    /// <summary>Every failure, in a fixed order: address, date of birth, identifier, name. Empty when all pass.</summary>
    public static IReadOnlyList<CheckFailure> Run(CustomerApplication application, DateOnly today, int minimumAge = 18)
    {
        ArgumentNullException.ThrowIfNull(application);
        var failures = new List<CheckFailure>(4);
        Add(failures, application.Address is null
            ? new CheckFailure(AddressPlausibility.Cause, "address", "the address is required")
            : AddressPlausibility.Check(application.Address));
        Add(failures, DateOfBirthCheck.Check(application.DateOfBirth, today, minimumAge));
        Add(failures, application.Identifier is null
            ? new CheckFailure(IdentifierCheck.Cause, "identifier", "the identifier is required")
            : IdentifierCheck.Check(application.Identifier, application.Nationality));
        Add(failures, NameCheck.Check(application.FirstName, application.LastName));
        return failures;
    }

    private static void Add(List<CheckFailure> failures, CheckFailure? failure)
    {
        if (failure is not null)
        {
            failures.Add(failure);
        }
    }
}
