using Baas.Payments.Ach;

namespace Baas.Payments.Tests.Ach;

/// <summary>Routing numbers with valid check digits and a ready-made builder.</summary>
internal static class AchSamples
{
    public const string FederalReserve = "031300012";
    public const string SponsorBank = "231380104";
    public const string OtherBank = "121042882";
    public const string ThirdBank = "021000021";

    public static readonly DateTimeOffset Now = new(2026, 3, 9, 14, 5, 0, TimeSpan.Zero);

    public static NachaFileBuilder Builder(int firstTrace = 1) =>
        new(FederalReserve, SponsorBank, new FixedClock(Now), firstTrace)
        {
            ImmediateDestinationName = "Federal Reserve Bank",
            ImmediateOriginName = "Sponsor Bank",
        };

    /// <summary>Two batches: PPD payroll credits and debits with addenda, CCD debits.</summary>
    public static NachaFileBuilder TwoBatchBuilder()
    {
        var builder = Builder();
        var ppd = builder.AddBatch(SecCode.Ppd, "Acme Payroll", "1234567890", "PAYROLL", new DateOnly(2026, 3, 10), SponsorBank);
        ppd.AddEntry(TransactionCode.CheckingCredit, OtherBank, "12345678", 150_000, "EMP001", "Jane Doe", "Salary March");
        ppd.AddEntry(TransactionCode.SavingsCredit, ThirdBank, "987654321", 25_050, "EMP002", "John Roe");
        ppd.AddEntry(TransactionCode.CheckingDebit, OtherBank, "555", 1_999, "EMP003", "Jim Poe");
        ppd.AddEntry(TransactionCode.CheckingCreditPrenote, ThirdBank, "777", 0, "EMP004", "Ann Moe");
        var ccd = builder.AddBatch(SecCode.Ccd, "Acme Vendor", "1234567890", "VENDOR PAY", new DateOnly(2026, 3, 10), "23138010");
        ccd.AddEntry(TransactionCode.CheckingDebit, OtherBank, "C-100", 1_000_000, "INV-9", "Vendor Inc");
        ccd.AddEntry(TransactionCode.SavingsDebit, FederalReserve, "C-200", 42, "INV-10", "Vendor Two");
        return builder;
    }
}
