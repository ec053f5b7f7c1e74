using Baas.Kyc.Checks;

namespace Baas.Kyc.Tests.Checks;

/// <summary>PreChecks.Run reports every failure, in the order address, date of birth, identifier, name.</summary>
public sealed class PreChecksTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static CustomerApplication Valid() => new(
        "Ada",
        "Lovelace",
        new DateOnly(1990, 12, 10),
        new PostalAddress("42 Oak Ave", "Apt 3", "Springfield", "IL", "62701", "US"),
        new PersonIdentifier("ssn", "234-56-7890"),
        "US",
        "prog_1");

    [Fact]
    public void A_valid_application_has_no_failures() => Assert.Empty(PreChecks.Run(Valid(), Today));

    [Fact]
    public void Every_failure_is_reported_in_order()
    {
        var application = Valid() with
        {
            FirstName = "test",
            DateOfBirth = new DateOnly(2012, 5, 17),
            Address = new PostalAddress("PO Box 12", null, "Springfield", "IL", "62701", "US"),
            Identifier = new PersonIdentifier("ssn", "666-12-3456"),
        };

        var failures = PreChecks.Run(application, Today);

        Assert.Equal(
            ["address_implausible", "date_of_birth_invalid", "identifier_invalid", "name_implausible"],
            failures.Select(f => f.Cause));
        Assert.Equal(["address.line1", "dateOfBirth", "identifier.value", "firstName"], failures.Select(f => f.Field));
        foreach (var failure in failures)
        {
            Assert.DoesNotContain("12-3456", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("3456", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("2012", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("05-17", failure.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(true, false, false, true, "address_implausible,name_implausible")]
    [InlineData(false, true, true, false, "date_of_birth_invalid,identifier_invalid")]
    [InlineData(false, false, false, true, "name_implausible")]
    [InlineData(false, false, true, true, "identifier_invalid,name_implausible")]
    public void Only_the_failing_checks_are_reported(bool badAddress, bool badBirth, bool badIdentifier, bool badName, string causes)
    {
        var application = Valid();
        if (badAddress)
        {
            application = application with { Address = application.Address with { PostalCode = "10001" } };
        }

        if (badBirth)
        {
            application = application with { DateOfBirth = Today.AddDays(1) };
        }

        if (badIdentifier)
        {
            application = application with { Identifier = new PersonIdentifier("ssn", "123-45-6789") };
        }

        if (badName)
        {
            application = application with { LastName = "Sm1th" };
        }

        Assert.Equal(causes, string.Join(",", PreChecks.Run(application, Today).Select(f => f.Cause)));
    }

    [Fact]
    public void The_minimum_age_and_nationality_are_passed_through()
    {
        var twenty = Valid() with { DateOfBirth = new DateOnly(2006, 1, 1) };
        Assert.Empty(PreChecks.Run(twenty, Today));
        Assert.Equal("date_of_birth_invalid", Assert.Single(PreChecks.Run(twenty, Today, minimumAge: 21)).Cause);

        var itin = Valid() with { Identifier = new PersonIdentifier("itin", "912-70-1234") };
        Assert.Equal("identifier.type", Assert.Single(PreChecks.Run(itin, Today)).Field);
        Assert.Empty(PreChecks.Run(itin with { Nationality = "MX" }, Today));
    }

    [Fact]
    public void A_missing_address_or_identifier_is_a_failure_not_an_exception()
    {
        var application = Valid() with { Address = null!, Identifier = null! };
        Assert.Equal(["address", "identifier"], PreChecks.Run(application, Today).Select(f => f.Field));
    }
}
