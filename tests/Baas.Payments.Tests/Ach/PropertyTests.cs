using Baas.Payments.Ach;
using FsCheck;
using FsCheck.Fluent;

namespace Baas.Payments.Tests.Ach;

public sealed class PropertyTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.&/";

    private static readonly TransactionCode[] Codes =
    [
        TransactionCode.CheckingCredit, TransactionCode.CheckingCreditPrenote, TransactionCode.CheckingDebit, TransactionCode.CheckingDebitPrenote,
        TransactionCode.SavingsCredit, TransactionCode.SavingsCreditPrenote, TransactionCode.SavingsDebit, TransactionCode.SavingsDebitPrenote,
    ];

    private sealed record EntrySpec(TransactionCode Code, string Routing, string Account, long Amount, string Id, string Name, string? Note, string PaymentType);

    private sealed record BatchSpec(SecCode Sec, IReadOnlyList<EntrySpec> Entries);

    [Fact]
    public void Random_valid_batches_written_then_read_give_back_the_same_entries()
    {
        var arbitrary = Gen.NonEmptyListOf(BatchGen()).Select(b => b.Take(4).ToList()).ToArbitrary();
        Prop.ForAll(arbitrary, batches =>
        {
            var builder = AchSamples.Builder();
            var expected = new List<EntryDetail>();
            foreach (var spec in batches)
            {
                var batch = builder.AddBatch(spec.Sec, "ORIGINATOR", "1234567890", "PAYMENT", new DateOnly(2026, 3, 10), AchSamples.SponsorBank);
                foreach (var e in spec.Entries)
                {
                    expected.Add(batch.AddEntry(e.Code, e.Routing, e.Account, e.Amount, e.Id, e.Name, e.Note, spec.Sec == SecCode.Web ? e.PaymentType : ""));
                }
            }

            var text = builder.BuildText();
            var file = NachaReader.Read(new StringReader(text));
            var actual = file.Batches.SelectMany(b => b.Entries).ToList();

            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i] with { Addenda = [] }, actual[i] with { Addenda = [] });
                Assert.Equal(expected[i].Addenda, actual[i].Addenda);
            }

            Assert.Equal(expected.Where(e => e.TransactionCode.IsCredit()).Sum(e => e.AmountCents), file.Control!.TotalCreditCents);
            Assert.Equal(expected.Where(e => e.TransactionCode.IsDebit()).Sum(e => e.AmountCents), file.Control.TotalDebitCents);
            Assert.Equal(0, text.Count(c => c == '\n') % 10);
        }).QuickCheckThrowOnFailure();
    }

    private static Gen<BatchSpec> BatchGen() =>
        from sec in Gen.Elements(SecCode.Ppd, SecCode.Ccd, SecCode.Web)
        from entries in Gen.NonEmptyListOf(EntryGen())
        select new BatchSpec(sec, entries.Take(12).ToList());

    private static Gen<EntrySpec> EntryGen() =>
        from code in Gen.Elements(Codes)
        from prefix in Gen.Choose(0, 99_999_999)
        from account in Text(1, 17).Where(s => s.Trim().Length > 0)
        from high in Gen.Choose(0, 99)
        from low in Gen.Choose(1, 99_999_999)
        from id in Text(0, 15)
        from name in Text(1, 22).Where(s => s.Trim().Length > 0)
        from hasNote in Gen.Elements(true, false)
        from note in Text(1, 80)
        from paymentType in Gen.Elements("R", "S")
        let eight = prefix.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)
        select new EntrySpec(
            code,
            RoutingNumber.WithCheckDigit(eight),
            account.Trim(),
            code.IsPrenote() ? 0 : high * 100_000_000L + low,
            id.Trim(),
            name.Trim(),
            hasNote && note.Trim().Length > 0 ? note.Trim() : null,
            paymentType);

    private static Gen<string> Text(int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.ArrayOf(Gen.Elements(Alphabet.ToCharArray()), length)
        select new string(chars);
}
