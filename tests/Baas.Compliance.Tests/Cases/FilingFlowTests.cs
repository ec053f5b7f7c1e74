using System.Text;
using Baas.Compliance.Cases;
using Baas.Compliance.Monitoring;
using Baas.Compliance.Tests.Filing;
using Baas.Events;
using Baas.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baas.Compliance.Tests.Cases;

/// <summary>
/// From monitoring to FinCEN: a SAR drafted from a case and a CTR drafted by monitoring validate against the
/// FinCEN batch schemas, filing writes the batch and starts the continuing-activity clock, and the
/// acknowledgement stores the BSA id or the rejection.
/// </summary>
public class FilingFlowTests
{
    private static readonly DateTimeOffset Detected = new(2026, 2, 3, 15, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task A_SAR_drafted_from_a_case_is_valid_is_filed_and_acknowledged_with_its_BSA_id()
    {
        await using var db = await ComplianceDatabase.CreateAsync();
        using var outbox = TestData.Temp();
        var clock = new FixedTimeProvider(Detected.AddDays(2));
        var (cases, filings) = (new CaseStore(db.DataSource, clock), new FilingStore(db.DataSource, FilerProfile.Sample, outbox.Path, clock));
        var caseId = await StructureAsync(db);
        await cases.NoteAsync(caseId, "no plausible source for the cash", "analyst-1", default);

        var draft = await filings.DraftSarAsync(caseId, null, default);
        Assert.Equal(("sar", "draft", 1_850_000L), (draft.Filing.Kind, draft.Filing.State, draft.Filing.Amount));
        Assert.Empty(FincenSchemas.Validate(draft.Xml!, FincenSchemas.Sar));
        Assert.Contains("structuring", draft.Xml, StringComparison.Ordinal);
        Assert.Contains("no plausible source for the cash", draft.Xml, StringComparison.Ordinal);
        Assert.Contains("SuspiciousActivitySubtypeID>114<", draft.Xml, StringComparison.Ordinal); // structuring below the CTR threshold

        var filed = await filings.FileAsync(draft.Filing.Id, "analyst-1", default);
        Assert.Equal("filed", filed.Filing.State);
        Assert.Equal(draft.Xml, await File.ReadAllTextAsync(Path.Combine(outbox.Path, $"sar-{draft.Filing.Id}.xml")));
        Assert.Equal(409, (await Assert.ThrowsAsync<CaseException>(() => filings.FileAsync(draft.Filing.Id, "analyst-1", default))).Status);
        var afterFiling = (await cases.GetAsync(caseId, default))!.Case;
        Assert.Equal((clock.Now, clock.Now.AddDays(90), clock.Now.AddDays(120)), (afterFiling.LastSarFiledAt!.Value, afterFiling.NextReviewAt!.Value, afterFiling.NextFilingDueAt!.Value));

        var acknowledged = await filings.AcknowledgeAsync(draft.Filing.Id, Ack("31000012345671", "WARN"), default);
        Assert.Equal(("acknowledged", "31000012345671"), (acknowledged.Filing.State, acknowledged.Filing.BsaId));
        Assert.Contains("F18", acknowledged.AcknowledgementMessages, StringComparison.Ordinal);

        // The next SAR on the case continues the first: it names the prior BSA id.
        var next = await filings.DraftSarAsync(caseId, "Activity continued through April.", default);
        Assert.Empty(FincenSchemas.Validate(next.Xml!, FincenSchemas.Sar));
        Assert.Contains("31000012345671", next.Xml, StringComparison.Ordinal);
        var rejected = await filings.AcknowledgeAsync((await filings.FileAsync(next.Filing.Id, "a", default)).Filing.Id, Ack("", "FATAL"), default);
        Assert.Equal("rejected", rejected.Filing.State);
        Assert.Equal(400, (await Assert.ThrowsAsync<CaseException>(() => filings.AcknowledgeAsync(next.Filing.Id, new MemoryStream("<nope/>"u8.ToArray()), default))).Status);
    }

    [PostgresFact]
    public async Task A_CTR_is_filed_once_the_account_has_a_customer_and_validates()
    {
        await using var db = await ComplianceDatabase.CreateAsync();
        var clock = new FixedTimeProvider(Detected.AddDays(1));
        var filings = new FilingStore(db.DataSource, FilerProfile.Sample, null, clock);
        await StructureAsync(db);
        var ctr = Assert.Single(await filings.ListAsync("ctr", "draft", 10, default));
        Assert.Equal((new DateOnly(2026, 2, 3), 1_850_000L), (ctr.BusinessDate!.Value, ctr.Amount));

        var anonymous = await Assert.ThrowsAsync<CaseException>(() => filings.FileAsync(ctr.Id, "a", default));
        Assert.Contains("no customer is registered", anonymous.Message, StringComparison.Ordinal);
        await using (var customer = db.DataSource.CreateCommand("INSERT INTO compliance.screening_subjects (subject_id, kind, account_id, name, dob) VALUES ('c-1', 'customer', 'acct-s', 'Jordan Q Public', '1980-02-29')"))
        {
            await customer.ExecuteNonQueryAsync();
        }

        var filed = await filings.FileAsync(ctr.Id, "a", default);
        Assert.Equal("filed", filed.Filing.State);
        Assert.Empty(FincenSchemas.Validate(filed.Xml!, FincenSchemas.Ctr));
        Assert.Contains("Public", filed.Xml, StringComparison.Ordinal);
        Assert.Contains("18500", filed.Xml, StringComparison.Ordinal); // $18,500 in whole dollars
    }

    private static MemoryStream Ack(string bsaId, string level) => new(Encoding.UTF8.GetBytes($"""
        <?xml version="1.0" encoding="UTF-8"?>
        <EFilingBatchXML StatusCode="A" SeqNum="1">
          <EFilingSubmissionXML StatusCode="A" SeqNum="2">
            <EFilingActivityXML SeqNum="3">
              {(bsaId.Length > 0 ? $"<BSAID>{bsaId}</BSAID>" : "")}
              <EFilingActivityErrorXML SeqNum="4">
                <ErrorContextText>EFilingBatchXML/Activity[1]/Party[20]/Address[22]/RawZIPCode</ErrorContextText>
                <ErrorElementNameText>RawZIPCode</ErrorElementNameText>
                <ErrorLevelText>{level}</ErrorLevelText>
                <ErrorText>The ZIP Code is not valid for the state.</ErrorText>
                <ErrorTypeCode>F18</ErrorTypeCode>
              </EFilingActivityErrorXML>
            </EFilingActivityXML>
          </EFilingSubmissionXML>
        </EFilingBatchXML>
        """));

    private static async Task<long> StructureAsync(ComplianceDatabase db)
    {
        var handler = new MonitoringHandler(db.DataSource, RuleSet.Default, "compliance", NullLogger.Instance);
        await handler.HandleAsync(
        [
            ManagementRecords.Record(1, Detected, new AccountCredited("acct-s", 950_000, "USD", "d1", 0, new MoneyDetails("cash", "US", null))),
            ManagementRecords.Record(2, Detected.AddHours(2), new AccountCredited("acct-s", 900_000, "USD", "d2", 0, new MoneyDetails("cash", "US", null))),
        ],
            default);
        return await db.ScalarAsync<long>("SELECT id FROM compliance.cases");
    }
}
