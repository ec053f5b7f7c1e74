using Baas.Payments.Ach;
using Baas.Payments.Orchestration;
using Baas.Payments.Tests.Iso20022;
using Baas.Testing;

namespace Baas.Payments.Tests.Orchestration;

/// <summary>Each rail's lifecycle to settlement or return on a real PostgreSQL, with the sponsor-bank simulator and the money each transition moves.</summary>
public sealed class LifecycleTests
{
    private static IEnumerable<(string? From, string To, string Cause)> Steps(PaymentView p) => p.History.Select(h => (h.From, h.To, h.Cause));

    [PostgresFact]
    public async Task An_ach_credit_is_reserved_sent_in_a_nacha_file_at_cutoff_and_posted_on_settlement()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-1", 500_000);
        var (payment, created) = await h.Service.CreateAsync(PaymentsHarness.Credit("acc-1", 120_000, rail: "ach"), "k1", "api", default);
        Assert.True(created);
        Assert.Equal((PaymentStates.Initiated, "ach"), (payment.State, payment.Rail));
        Assert.Equal((500_000L, 120_000L, 380_000L), h.Accounts.Balance("acc-1"));

        var cutoff = await h.Dispatcher.CutoffAsync("ach", default);
        Assert.NotNull(cutoff);
        Assert.Equal((1, 120_000L), (cutoff.Entries, cutoff.Total));
        var file = NachaReader.Read(Path.Combine(h.Outbox, cutoff.File));
        var entry = Assert.Single(Assert.Single(file.Batches).Entries);
        Assert.Equal((TransactionCode.CheckingCredit, 120_000L, "021000021"), (entry.TransactionCode, entry.AmountCents, entry.RdfiRoutingNumber));
        Assert.Equal(file.ComputeControl(), file.Control);
        Assert.All(File.ReadAllLines(Path.Combine(h.Outbox, cutoff.File)), line => Assert.Equal(94, line.Length));
        Assert.Equal(0, File.ReadAllLines(Path.Combine(h.Outbox, cutoff.File)).Length % 10);
        Assert.Null(await h.Dispatcher.CutoffAsync("ach", default));

        await h.ExchangeAsync();
        Assert.Equal(PaymentStates.PendingSettlement, (await h.Service.GetAsync(payment.Id, default))!.State);
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        var settled = (await h.Service.GetAsync(payment.Id, default))!;
        Assert.Equal(
            [(null, PaymentStates.Initiated, "accepted"), (PaymentStates.Initiated, PaymentStates.Submitted, "file_sent"), (PaymentStates.Submitted, PaymentStates.PendingSettlement, "file_accepted"), (PaymentStates.PendingSettlement, PaymentStates.Settled, "settled")],
            Steps(settled));
        Assert.Equal(entry.TraceNumber, settled.TraceNumber);
        Assert.Equal((380_000L, 0L, 380_000L), h.Accounts.Balance("acc-1"));
        Assert.Equal(["reserve 120000", "post 120000"], h.Accounts.Calls);
        Assert.All(settled.Operations, o => Assert.Equal("done", o.State));
        Assert.Equal(4L, await h.ScalarAsync<long>($"SELECT count(*) FROM payments.events WHERE payment_id = '{payment.Id}'"));
    }

    [PostgresFact]
    public async Task An_ach_return_after_settlement_credits_the_money_back()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-2", 100_000);
        var (payment, _) = await h.Service.CreateAsync(PaymentsHarness.Credit("acc-2", 40_000, rail: "ach", counterpartyAccount: "R03000111"), "k2", "api", default);
        await h.Dispatcher.CutoffAsync("ach", default);
        await h.ExchangeAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal((60_000L, 0L, 60_000L), h.Accounts.Balance("acc-2"));
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        var returned = (await h.Service.GetAsync(payment.Id, default))!;
        Assert.Equal(PaymentStates.Returned, returned.State);
        Assert.Equal("R03", returned.ReturnCode);
        Assert.Equal("returned_R03", returned.History[^1].Cause);
        Assert.Equal((100_000L, 0L, 100_000L), h.Accounts.Balance("acc-2"));
        Assert.Equal("credit 40000 ach", h.Accounts.Calls[^1]);
    }

    [PostgresFact]
    public async Task An_ach_pull_credits_the_customer_on_settlement_and_an_unauthorized_return_takes_it_back()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-3", 0);
        var (payment, _) = await h.Service.CreateAsync(PaymentsHarness.Credit("acc-3", 75_000, counterpartyAccount: "R10000222", direction: "debit"), "k3", "api", default);
        Assert.Equal("ach", payment.Rail);
        Assert.Empty(h.Accounts.Calls);
        var cutoff = await h.Dispatcher.CutoffAsync("ach", default);
        Assert.Equal(TransactionCode.CheckingDebit, NachaReader.Read(Path.Combine(h.Outbox, cutoff!.File)).Batches[0].Entries[0].TransactionCode);
        await h.ExchangeAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(75_000L, h.Accounts.Balance("acc-3").Posted);
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        var returned = (await h.Service.GetAsync(payment.Id, default))!;
        Assert.Equal(("returned", "R10"), (returned.State, returned.ReturnCode));
        Assert.True(returned.History[^1].Evidence!.Value.GetProperty("unauthorized").GetBoolean());
        Assert.Equal(0L, h.Accounts.Balance("acc-3").Posted);
    }

    [PostgresFact]
    public async Task Rtp_fednow_and_wire_leave_as_schema_valid_pacs008_and_settle_on_pacs002()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-4", 5_000_000);
        var rtp = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-4", 10_000, rail: "rtp"), "k4a", "api", default)).Payment;
        var fednow = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-4", 20_000, rail: "fednow"), "k4b", "api", default)).Payment;
        var iban = new PaymentRequest("acc-4", "credit", 30_000, "USD", new Counterparty("Hans Muster", null, null, null, "DE89370400440532013000", "COBADEFFXXX", "DE"), "auto", "invoice 7", null);
        var wire = (await h.Service.CreateAsync(iban, "k4c", "api", default)).Payment;
        Assert.Equal("wire", wire.Rail);
        Assert.Equal(3, await h.Dispatcher.SubmitMessagesAsync(default));
        foreach (var p in (PaymentView[])[rtp, fednow, wire])
        {
            var sent = (await h.Service.GetAsync(p.Id, default))!;
            Assert.Equal(PaymentStates.Submitted, sent.State);
            Schemas.AssertValid("pacs.008.001.08", await File.ReadAllTextAsync(Path.Combine(h.Outbox, sent.FileName!)));
        }

        await h.ExchangeAsync();
        Assert.Equal(PaymentStates.Settled, (await h.Service.GetAsync(rtp.Id, default))!.State);
        Assert.Equal(PaymentStates.Settled, (await h.Service.GetAsync(fednow.Id, default))!.State);
        Assert.Equal(PaymentStates.Submitted, (await h.Service.GetAsync(wire.Id, default))!.State);
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(PaymentStates.Settled, (await h.Service.GetAsync(wire.Id, default))!.State);
        Assert.Equal(5_000_000 - 60_000, h.Accounts.Balance("acc-4").Posted);
        Assert.All(Directory.GetFiles(Path.Combine(h.InboxDirectory, "processed"), "pacs002-*.xml"), f => Schemas.AssertValid("pacs.002.001.10", File.ReadAllText(f)));
    }

    [PostgresFact]
    public async Task An_instant_rejection_fails_and_releases_and_a_pacs004_return_reverses()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-5", 100_000);
        var rejected = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-5", 10_000, rail: "rtp", counterpartyAccount: "RJCT0001"), "k5a", "api", default)).Payment;
        var returned = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-5", 20_000, rail: "fednow", counterpartyAccount: "RTRN0001"), "k5b", "api", default)).Payment;
        await h.Dispatcher.SubmitMessagesAsync(default);
        await h.ExchangeAsync();
        var failed = (await h.Service.GetAsync(rejected.Id, default))!;
        Assert.Equal((PaymentStates.Failed, "AC04"), (failed.State, failed.FailureReason));
        Assert.Equal(PaymentStates.Settled, (await h.Service.GetAsync(returned.Id, default))!.State);
        Assert.Equal((80_000L, 0L), (h.Accounts.Balance("acc-5").Posted, h.Accounts.Balance("acc-5").Held));
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        var back = (await h.Service.GetAsync(returned.Id, default))!;
        Assert.Equal((PaymentStates.Returned, "AC04"), (back.State, back.ReturnCode));
        Assert.Equal(100_000L, h.Accounts.Balance("acc-5").Posted);
        Assert.All(Directory.GetFiles(Path.Combine(h.InboxDirectory, "processed"), "pacs004-*.xml"), f => Schemas.AssertValid("pacs.004.001.10", File.ReadAllText(f)));
    }

    [PostgresFact]
    public async Task A_notification_of_change_corrects_the_counterparty_for_the_next_file()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-6", 100_000);
        await h.Service.CreateAsync(PaymentsHarness.Credit("acc-6", 1_000, rail: "ach", counterpartyAccount: "C01445566"), "k6a", "api", default);
        await h.Dispatcher.CutoffAsync("ach", default);
        await h.ExchangeAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(15));
        Assert.Equal("C01", await h.ScalarAsync<string>("SELECT code FROM payments.corrections"));

        await h.Service.CreateAsync(PaymentsHarness.Credit("acc-6", 2_000, rail: "ach", counterpartyAccount: "C01445566"), "k6b", "api", default);
        var second = await h.Dispatcher.CutoffAsync("ach", default);
        var entry = NachaReader.Read(Path.Combine(h.Outbox, second!.File)).Batches[0].Entries[0];
        Assert.Equal("4455669", entry.DfiAccountNumber.Trim());
    }

    [PostgresFact]
    public async Task A_direct_deposit_is_pending_until_the_bank_confirms_then_available()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-7", 0);
        var number = await h.Service.AccountNumberAsync("acc-7", default);
        Assert.Equal(number, await h.Service.AccountNumberAsync("acc-7", default));
        h.Bank.Deposit("ACME PAYROLL", [(number, 250_000, "PAT LEE")]);
        await h.ExchangeAsync();
        var pending = Assert.Single(await h.Service.ListAsync("acc-7", null, 10, default));
        Assert.Equal(("inbound", PaymentStates.PendingSettlement), (pending.Direction, pending.State));
        Assert.Equal(0L, h.Accounts.Balance("acc-7").Posted);
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(PaymentStates.Settled, (await h.Service.GetAsync(pending.Id, default))!.State);
        Assert.Equal(250_000L, h.Accounts.Balance("acc-7").Available);

        // The same file again changes nothing.
        var processed = Directory.GetFiles(Path.Combine(h.InboxDirectory, "processed"), "dd-*.ach").Single();
        File.Copy(processed, Path.Combine(h.InboxDirectory, Path.GetFileName(processed)));
        await h.Inbox.ProcessAsync(default);
        Assert.Single(await h.Service.ListAsync("acc-7", null, 10, default));
        Assert.Equal(250_000L, h.Accounts.Balance("acc-7").Posted);
    }

    [PostgresFact]
    public async Task A_recall_of_a_settled_instant_payment_sends_a_camt056_and_the_return_reverses_it()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-8", 100_000);
        var p = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-8", 25_000, rail: "rtp"), "k8", "api", default)).Payment;
        Assert.Equal(409, (await Assert.ThrowsAsync<PaymentException>(() => h.Dispatcher.RecallAsync(p.Id, "DUPL", default))).Status);
        await h.Dispatcher.SubmitMessagesAsync(default);
        await h.ExchangeAsync();
        Assert.Equal(75_000L, h.Accounts.Balance("acc-8").Posted);
        Assert.Equal(400, (await Assert.ThrowsAsync<PaymentException>(() => h.Dispatcher.RecallAsync(p.Id, "OOPS", default))).Status);
        await h.Dispatcher.RecallAsync(p.Id, "DUPL", default);
        Schemas.AssertValid("camt.056.001.08", await File.ReadAllTextAsync(Path.Combine(h.Outbox, $"recall-{p.EndToEndId}.xml")));
        Assert.Equal(409, (await Assert.ThrowsAsync<PaymentException>(() => h.Dispatcher.RecallAsync(p.Id, "DUPL", default))).Status);
        await h.ExchangeAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        var back = (await h.Service.GetAsync(p.Id, default))!;
        Assert.Equal((PaymentStates.Returned, "FOCR"), (back.State, back.ReturnCode));
        Assert.Equal(100_000L, h.Accounts.Balance("acc-8").Posted);
    }

    [PostgresFact]
    public async Task An_inbound_instant_credit_is_available_on_acceptance_and_applied_once()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-9", 1_000);
        var number = await h.Service.AccountNumberAsync("acc-9", default);
        var message = IsoSamples.CreditTransfer(Baas.Payments.Iso20022.Rail.FedNow, 43_210);
        message = message with { Transactions = [message.Transactions[0] with { CreditorAccount = Baas.Payments.Iso20022.AccountId.FromOther(number) }] };
        Directory.CreateDirectory(h.InboxDirectory);
        var xml = Baas.Payments.Iso20022.Pacs008Writer.WriteToString(message);
        await File.WriteAllTextAsync(Path.Combine(h.InboxDirectory, "in-fednow-1.xml"), xml);
        Assert.Equal(1, await h.Inbox.ProcessAsync(default));
        var inbound = Assert.Single(await h.Service.ListAsync("acc-9", null, 10, default));
        Assert.Equal(("inbound", "fednow", PaymentStates.Settled), (inbound.Direction, inbound.Rail, inbound.State));
        Assert.Equal(44_210L, h.Accounts.Balance("acc-9").Available);

        // Delivered again under the same name: nothing twice. A message for an unknown account is set aside with the reason.
        await File.WriteAllTextAsync(Path.Combine(h.InboxDirectory, "in-fednow-1.xml"), xml);
        Assert.Equal(0, await h.Inbox.ProcessAsync(default));
        Assert.Equal(44_210L, h.Accounts.Balance("acc-9").Available);
        await File.WriteAllTextAsync(Path.Combine(h.InboxDirectory, "in-fednow-2.xml"), Baas.Payments.Iso20022.Pacs008Writer.WriteToString(IsoSamples.CreditTransfer(Baas.Payments.Iso20022.Rail.Rtp)));
        Assert.Equal(0, await h.Inbox.ProcessAsync(default));
        Assert.True(File.Exists(Path.Combine(h.InboxDirectory, "refused", "in-fednow-2.xml.reason.txt")));
    }

    [PostgresFact]
    public async Task A_return_after_its_time_limit_is_not_honoured()
    {
        await using var h = await PaymentsHarness.CreateAsync();
        h.Accounts.Open("acc-10", 100_000);
        var p = (await h.Service.CreateAsync(PaymentsHarness.Credit("acc-10", 40_000, rail: "ach", counterpartyAccount: "R03000999"), "k10", "api", default)).Payment;
        await h.Dispatcher.CutoffAsync("ach", default);
        await h.ExchangeAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(PaymentStates.Settled, (await h.Service.GetAsync(p.Id, default))!.State);

        // R03 has two banking days; the bank's return arrives a week later.
        await h.AdvanceAsync(TimeSpan.FromDays(7));
        var stands = (await h.Service.GetAsync(p.Id, default))!;
        Assert.Equal(PaymentStates.Settled, stands.State);
        Assert.Null(stands.ReturnCode);
        Assert.Equal(60_000L, h.Accounts.Balance("acc-10").Posted);
        Assert.Equal(1L, await h.ScalarAsync<long>($"SELECT count(*) FROM payments.events WHERE payment_id = '{p.Id}' AND type = 'late_return' AND body->>'code' = 'R03'"));
    }
}
