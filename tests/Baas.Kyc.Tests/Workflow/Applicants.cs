namespace Baas.Kyc.Tests.Workflow;

/// <summary>Applications used across the workflow tests.</summary>
internal static class Applicants
{
    public static CustomerApplication Plausible(string first = "Maria", string last = "Gonzalez", string ssn = "536-22-1234") => new(
        first,
        last,
        new DateOnly(1988, 4, 12),
        new PostalAddress("1420 Maple Avenue", "Apt 3", "Springfield", "IL", "62704", "US"),
        new PersonIdentifier("ssn", ssn),
        "US",
        "prog_kyc",
        SourceOfFunds: "salary",
        ExpectedMonthlyVolume: 400_000);

    /// <summary>Elvis Angus Logan Morey is entry 10278 of the tiny OFAC list.</summary>
    public static CustomerApplication OnTheList() => Plausible("Elvis Angus Logan", "Morey", "536-22-7777");

    public static CustomerApplication PoBox() => Plausible() with { Address = new PostalAddress("PO Box 4471", null, "Springfield", "IL", "62704", "US") };
}
