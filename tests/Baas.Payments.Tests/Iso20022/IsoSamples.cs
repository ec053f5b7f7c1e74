using Baas.Payments.Iso20022;

namespace Baas.Payments.Tests.Iso20022;

internal static class IsoSamples
{
    public const string DebtorBank = "231380104";
    public const string CreditorBank = "121042882";
    public static readonly DateTimeOffset Created = new(2026, 3, 10, 10, 29, 59, 123, TimeSpan.FromHours(-4));
    public static readonly Guid Uetr = Guid.Parse("8a562c67-ca16-48ba-b074-65581be6f011");

    public static CreditTransferMessage CreditTransfer(Rail rail, long cents = 123_456) => new()
    {
        MessageId = $"M{rail}20260310000001",
        CreatedAt = Created,
        Rail = rail,
        Transactions =
        [
            new CreditTransfer
            {
                InstructionId = "INSTR-1",
                EndToEndId = "E2E-20260310-0001",
                TransactionId = "TX-1",
                Uetr = Uetr,
                AmountCents = cents,
                SettlementDate = new DateOnly(2026, 3, 10),
                Debtor = new Party("Jane Doe", new PostalAddress
                {
                    StreetName = "Main Street",
                    BuildingNumber = "100",
                    PostCode = "10001",
                    TownName = "New York",
                    CountrySubDivision = "NY",
                    Country = "US",
                }),
                DebtorAccount = AccountId.FromOther("000123456789"),
                DebtorAgentRoutingNumber = DebtorBank,
                CreditorAgentRoutingNumber = CreditorBank,
                Creditor = new Party("Acme Supplies, Inc.", new PostalAddress { AddressLines = ["1 Market St", "San Francisco CA 94105"], Country = "US" }),
                CreditorAccount = rail == Rail.Wire ? AccountId.FromIban("DE89370400440532013000") : AccountId.FromOther("987654321"),
                RemittanceInformation = "Invoice 2026-118",
            },
        ],
    };
}
