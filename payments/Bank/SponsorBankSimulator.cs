using System.Globalization;
using System.Text.Json;
using Baas.Payments.Ach;
using Baas.Payments.Iso20022;
using Baas.Payments.Orchestration;

namespace Baas.Payments.Bank;

/// <summary>
/// How the simulated sponsor bank behaves: delays, and failures injected by the counterparty's account number
/// (ACH: a prefix <c>R01</c>…<c>R85</c> returns the entry with that code after settlement, <c>C01</c>/<c>C02</c>/<c>C05</c>
/// sends a notification of change; instant and wire: a prefix <c>RJCT</c> rejects with AC04, <c>RTRN</c> settles then
/// returns with a pacs.004).
/// </summary>
public sealed record BankSimulatorOptions
{
    /// <summary>From pickup to the acknowledgement of an ACH file.</summary>
    public TimeSpan AckAfter { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>From pickup to settlement (ACH files, wires; instant payments settle at once).</summary>
    public TimeSpan SettleAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>From settlement to an injected return or notification of change.</summary>
    public TimeSpan ReturnAfter { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// A stand-in for the sponsor bank and the rails: picks up what payments writes to the outbox (NACHA files,
/// pacs.008) and answers in the inbox (acknowledgements and settlements as JSON, NACHA returns and notifications of
/// change, pacs.002 and pacs.004), and originates inbound direct deposits. Swapping it for a real bank connection
/// is pointing the outbox and inbox at the bank's file transfer.
/// </summary>
public sealed class SponsorBankSimulator(string outbox, string inbox, Originator bank, TimeProvider time, BankSimulatorOptions? options = null)
{
    private readonly BankSimulatorOptions _options = options ?? new BankSimulatorOptions();
    private readonly List<(DateTimeOffset Due, string Name, string Content)> _scheduled = [];
    private readonly Lock _lock = new();
    private int _files;

    /// <summary>Outputs scheduled and not yet written.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _scheduled.Count;
            }
        }
    }

    /// <summary>One pass: picks up new outbox files (moving them to <c>sent/</c>) and writes the outputs that are due; returns how many were written.</summary>
    public async Task<int> PumpAsync(CancellationToken cancellation)
    {
        if (Directory.Exists(outbox))
        {
            foreach (var path in Directory.GetFiles(outbox).Where(p => !Path.GetFileName(p).StartsWith('.')).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                var content = await File.ReadAllTextAsync(path, cancellation);
                Directory.CreateDirectory(Path.Combine(outbox, "sent"));
                File.Move(path, Path.Combine(outbox, "sent", name), overwrite: true);
                if (name.EndsWith(".ach", StringComparison.Ordinal))
                {
                    Ach(name, content);
                }
                else if (name.EndsWith(".xml", StringComparison.Ordinal))
                {
                    Iso(name, content);
                }
            }
        }

        List<(DateTimeOffset Due, string Name, string Content)> due;
        var now = time.GetUtcNow();
        lock (_lock)
        {
            due = [.. _scheduled.Where(s => s.Due <= now).OrderBy(s => s.Due).ThenBy(s => s.Name, StringComparer.Ordinal)];
            _scheduled.RemoveAll(s => s.Due <= now);
        }

        Directory.CreateDirectory(inbox);
        foreach (var (_, name, content) in due)
        {
            var temporary = Path.Combine(inbox, "." + name + ".tmp");
            await File.WriteAllTextAsync(temporary, content, cancellation);
            File.Move(temporary, Path.Combine(inbox, name), overwrite: true);
        }

        return due.Count;
    }

    /// <summary>An employer's payroll: a PPD credit file to our customers' deposit account numbers, confirmed (settled) after the settlement delay.</summary>
    public string Deposit(string employer, IReadOnlyList<(string AccountNumber, long Amount, string Name)> credits)
    {
        ArgumentNullException.ThrowIfNull(credits);
        var now = time.GetUtcNow();
        var builder = new NachaFileBuilder(bank.BankRoutingNumber, "011000015", time) { ImmediateDestinationName = bank.BankName, ImmediateOriginName = employer };
        var batch = builder.AddBatch(SecCode.Ppd, employer, "9876543210", "PAYROLL", DateOnly.FromDateTime(now.UtcDateTime), "011000015");
        foreach (var (account, amount, name) in credits)
        {
            batch.AddEntry(TransactionCode.CheckingCredit, bank.BankRoutingNumber, account, amount, "EMP" + account[^6..], name);
        }

        var file = $"dd-{now:yyyyMMdd-HHmmss}-{Interlocked.Increment(ref _files):D3}.ach";
        Schedule(now, file, builder.BuildText());
        Schedule(now + _options.SettleAfter, file + ".settlement.json", Status("settlement", file));
        return file;
    }

    private void Ach(string name, string content)
    {
        var now = time.GetUtcNow();
        var file = NachaReader.Read(new StringReader(content));
        Schedule(now + _options.AckAfter, name + ".ack.json", Status("ack", name));
        Schedule(now + _options.SettleAfter, name + ".settlement.json", Status("settlement", name));
        var returns = new ReturnBuilder();
        var returned = new List<NachaBatch>();
        var notices = new List<NachaBatch>();
        foreach (var batch in file.Batches)
        {
            var entries = new List<EntryDetail>();
            var changes = new List<EntryDetail>();
            foreach (var entry in batch.Entries)
            {
                var account = entry.DfiAccountNumber.Trim();
                if (account.Length >= 3 && account[0] == 'R' && ReturnCodes.TryGet(account[..3], out var code) && code.Kind == ReturnKind.Return)
                {
                    entries.Add(returns.CreateReturn(entry, batch.Header, code.Code, code.Code is "R14" or "R15" ? DateOnly.FromDateTime(now.UtcDateTime).AddDays(-10) : null));
                }
                else if (account.Length >= 3 && account[0] == 'C' && account[..3] is "C01" or "C02" or "C05")
                {
                    changes.Add(Notice(entry, account[..3]));
                }
            }

            if (entries.Count > 0)
            {
                returned.Add(ReturnBuilder.CreateReturnBatch(batch.Header, entries, DateOnly.FromDateTime(now.UtcDateTime)));
            }

            if (changes.Count > 0)
            {
                var notice = ReturnBuilder.CreateReturnBatch(batch.Header, changes, DateOnly.FromDateTime(now.UtcDateTime));
                notices.Add(notice with { Header = notice.Header with { SecCode = SecCode.Cor } });
            }
        }

        foreach (var (kind, batches) in (ReadOnlySpan<(string, List<NachaBatch>)>)[("ret", returned), ("cor", notices)])
        {
            if (batches.Count > 0)
            {
                var reply = new NachaFileBuilder(bank.BankRoutingNumber, bank.BankRoutingNumber, time) { ImmediateDestinationName = bank.BankName, ImmediateOriginName = "ACH OPERATOR" };
                foreach (var b in batches)
                {
                    reply.AddBatch(b);
                }

                Schedule(now + _options.SettleAfter + _options.ReturnAfter, $"{kind}-{name}", reply.BuildText());
            }
        }
    }

    private static EntryDetail Notice(EntryDetail entry, string code)
    {
        var account = entry.DfiAccountNumber.Trim();
        var corrected = code switch
        {
            "C01" => account[3..] + "9",
            "C02" => "091000019",
            _ => entry.TransactionCode is TransactionCode.CheckingCredit or TransactionCode.CheckingDebit ? "32" : "22",
        };
        return entry with
        {
            TransactionCode = entry.TransactionCode.IsCredit() ? TransactionCode.CheckingReturnOrNocCredit : TransactionCode.CheckingReturnOrNocDebit,
            AmountCents = 0,
            Addenda =
            [
                new Addenda98
                {
                    ChangeCode = code,
                    OriginalTrace = entry.TraceNumber,
                    OriginalRdfiIdentification = entry.RdfiIdentification,
                    CorrectedData = corrected,
                    TraceNumber = entry.TraceNumber,
                },
            ],
        };
    }

    private void Iso(string name, string content)
    {
        var now = time.GetUtcNow();
        if (content.Contains(IsoNamespaces.Camt056Id, StringComparison.Ordinal))
        {
            // The receiving bank honours every recall: the money comes back as a pacs.004.
            foreach (var item in Camt056Reader.Parse(content).Transactions)
            {
                Schedule(now + _options.ReturnAfter, $"pacs004-recall-{item.OriginalEndToEndId}.xml", Pacs004Writer.WriteToString(new PaymentReturnMessage
                {
                    MessageId = "RC" + item.OriginalEndToEndId,
                    CreatedAt = now,
                    Rail = Rail.Rtp,
                    Transactions =
                    [
                        new PaymentReturn
                        {
                            ReturnId = "RC" + item.OriginalEndToEndId,
                            OriginalMessageId = item.OriginalMessageId,
                            OriginalEndToEndId = item.OriginalEndToEndId,
                            OriginalUetr = item.OriginalUetr,
                            OriginalAmountCents = item.OriginalAmountCents,
                            ReturnedAmountCents = item.OriginalAmountCents,
                            SettlementDate = DateOnly.FromDateTime(now.UtcDateTime),
                            ReasonCode = ReasonCodes.FollowingCancellationRequest,
                        },
                    ],
                }));
            }

            return;
        }

        var message = Pacs008Reader.Parse(content);
        foreach (var t in message.Transactions)
        {
            var account = t.CreditorAccount?.Other ?? t.CreditorAccount?.Iban ?? "";
            var rejected = account.StartsWith("RJCT", StringComparison.Ordinal);
            var settleAt = message.Rail == Rail.Wire ? now + _options.SettleAfter : now;
            var status = new PaymentStatusReport
            {
                MessageId = "S" + t.EndToEndId,
                CreatedAt = settleAt,
                Transactions =
                [
                    new TransactionStatus
                    {
                        OriginalMessageId = message.MessageId,
                        OriginalEndToEndId = t.EndToEndId,
                        OriginalUetr = t.Uetr,
                        Status = rejected ? PaymentStatus.Rejected : PaymentStatus.AcceptedSettlementCompleted,
                        Reasons = rejected ? [new StatusReason(ReasonCodes.ClosedAccount)] : [],
                        EffectiveSettlementDate = rejected ? null : t.SettlementDate,
                    },
                ],
            };
            Schedule(settleAt, $"pacs002-{t.EndToEndId}.xml", Pacs002Writer.WriteToString(status));
            if (account.StartsWith("RTRN", StringComparison.Ordinal))
            {
                var returned = new PaymentReturnMessage
                {
                    MessageId = "R" + t.EndToEndId,
                    CreatedAt = settleAt + _options.ReturnAfter,
                    Rail = message.Rail,
                    Transactions =
                    [
                        new PaymentReturn
                        {
                            ReturnId = "RT" + t.EndToEndId[..Math.Min(30, t.EndToEndId.Length)],
                            OriginalMessageId = message.MessageId,
                            OriginalEndToEndId = t.EndToEndId,
                            OriginalUetr = t.Uetr,
                            OriginalAmountCents = t.AmountCents,
                            ReturnedAmountCents = t.AmountCents,
                            SettlementDate = DateOnly.FromDateTime((settleAt + _options.ReturnAfter).UtcDateTime),
                            ReasonCode = ReasonCodes.ClosedAccount,
                        },
                    ],
                };
                Schedule(settleAt + _options.ReturnAfter, $"pacs004-{t.EndToEndId}.xml", Pacs004Writer.WriteToString(returned));
            }
        }
    }

    private string Status(string type, string file) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = type, ["file"] = file, ["at"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) });

    private void Schedule(DateTimeOffset due, string name, string content)
    {
        lock (_lock)
        {
            _scheduled.Add((due, name, content));
        }
    }
}
