using Baas.Payments.Ach;
using Baas.Payments.Calendar;

namespace Baas.Payments.Tests.Ach;

public sealed class ReturnTests
{
    [Fact]
    public void The_table_has_every_required_code()
    {
        var required = Enumerable.Range(1, 24).Concat([29, 31, 33, 37, 38, 39, 51, 52, 53]).Concat(Enumerable.Range(61, 17)).Concat(Enumerable.Range(80, 6));
        foreach (var n in required)
        {
            Assert.True(ReturnCodes.TryGet($"R{n:00}", out var code), $"R{n:00}");
            Assert.False(string.IsNullOrWhiteSpace(code.Description));
        }

        Assert.False(ReturnCodes.TryGet("R99", out _));
        Assert.Throws<ArgumentException>(() => ReturnCodes.Get("X01"));
        Assert.Equal(ReturnCodes.All.Count, ReturnCodes.All.Select(c => c.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("R01", false, ReturnTimeLimitKind.BankingDays, 2, ReturnKind.Return)]
    [InlineData("R05", true, ReturnTimeLimitKind.CalendarDays, 60, ReturnKind.Return)]
    [InlineData("R06", false, ReturnTimeLimitKind.PerAgreement, 0, ReturnKind.Return)]
    [InlineData("R07", true, ReturnTimeLimitKind.CalendarDays, 60, ReturnKind.Return)]
    [InlineData("R10", true, ReturnTimeLimitKind.CalendarDays, 60, ReturnKind.Return)]
    [InlineData("R11", true, ReturnTimeLimitKind.CalendarDays, 60, ReturnKind.Return)]
    [InlineData("R29", true, ReturnTimeLimitKind.BankingDays, 2, ReturnKind.Return)]
    [InlineData("R31", false, ReturnTimeLimitKind.PerAgreement, 0, ReturnKind.Return)]
    [InlineData("R37", true, ReturnTimeLimitKind.CalendarDays, 60, ReturnKind.Return)]
    [InlineData("R38", false, ReturnTimeLimitKind.CalendarDays, 60, ReturnKind.Return)]
    [InlineData("R51", true, ReturnTimeLimitKind.CalendarDays, 60, ReturnKind.Return)]
    [InlineData("R53", true, ReturnTimeLimitKind.CalendarDays, 60, ReturnKind.Return)]
    [InlineData("R15", false, ReturnTimeLimitKind.BankingDays, 2, ReturnKind.Return)]
    [InlineData("R68", false, ReturnTimeLimitKind.BankingDays, 5, ReturnKind.Dishonored)]
    [InlineData("R71", false, ReturnTimeLimitKind.BankingDays, 2, ReturnKind.ContestedDishonored)]
    [InlineData("R85", false, ReturnTimeLimitKind.BankingDays, 2, ReturnKind.Return)]
    public void Codes_carry_their_kind_and_time_limit(string code, bool unauthorized, ReturnTimeLimitKind limit, int days, ReturnKind kind)
    {
        var c = ReturnCodes.Get(code);
        Assert.Equal(unauthorized, c.IsUnauthorized);
        Assert.Equal(limit, c.TimeLimit.Kind);
        Assert.Equal(days, c.TimeLimit.Days);
        Assert.Equal(kind, c.Kind);
    }

    [Fact]
    public void The_unauthorized_return_rate_codes_are_marked()
    {
        Assert.Equal(["R05", "R07", "R10", "R11", "R29", "R51"], ReturnCodes.All.Where(c => c.CountsInUnauthorizedReturnRate).Select(c => c.Code));
        Assert.Equal(["R05", "R07", "R10", "R11", "R29", "R37", "R51", "R53"], ReturnCodes.All.Where(c => c.IsUnauthorized).Select(c => c.Code));
    }

    [Fact]
    public void Deadlines_count_banking_days_or_calendar_days()
    {
        var calendar = BusinessCalendar.FederalReserve;

        // Thursday 2026-07-02: Friday the 3rd is a banking day (July 4 is a Saturday), then Monday the 6th.
        Assert.Equal(new DateOnly(2026, 7, 6), ReturnCodes.Get("R01").TimeLimit.Deadline(new DateOnly(2026, 7, 2), calendar));

        // Wednesday before Thanksgiving 2026: Friday, then Monday.
        Assert.Equal(new DateOnly(2026, 11, 30), ReturnCodes.Get("R03").TimeLimit.Deadline(new DateOnly(2026, 11, 25), calendar));

        // 60 calendar days from 2026-01-02 is Tuesday 2026-03-03; due by opening of the next banking day.
        Assert.Equal(new DateOnly(2026, 3, 4), ReturnCodes.Get("R10").TimeLimit.Deadline(new DateOnly(2026, 1, 2), calendar));
        Assert.Null(ReturnCodes.Get("R06").TimeLimit.Deadline(new DateOnly(2026, 1, 2), calendar));
    }

    [Fact]
    public void Returns_built_for_a_forward_file_are_written_read_and_parsed_back()
    {
        var forward = NachaReader.Read(new StringReader(AchSamples.TwoBatchBuilder().BuildText()));
        var batch = forward.Batches[0];
        var returns = new ReturnBuilder();
        var r01 = returns.CreateReturn(batch.Entries[0], batch.Header, "R01", addendaInformation: "Insufficient");
        var r15 = returns.CreateReturn(batch.Entries[2], batch.Header, "R15", new DateOnly(2026, 2, 28));

        Assert.Equal(TransactionCode.CheckingReturnOrNocCredit, r01.TransactionCode);
        Assert.Equal(TransactionCode.CheckingReturnOrNocDebit, r15.TransactionCode);
        Assert.Equal("231380104", r01.RdfiRoutingNumber);
        Assert.Equal("121042880000001", r01.TraceNumber);
        Assert.Equal("121042880000002", r15.TraceNumber);

        var builder = new NachaFileBuilder(AchSamples.FederalReserve, AchSamples.OtherBank, new FixedClock(AchSamples.Now));
        builder.AddBatch(ReturnBuilder.CreateReturnBatch(batch.Header, [r15, r01], new DateOnly(2026, 3, 11)));
        var text = builder.BuildText();
        var file = NachaReader.Read(new StringReader(text));
        Assert.Equal("12104288", file.Batches[0].Header.OdfiIdentification);
        Assert.Equal(ServiceClass.Mixed, file.Batches[0].Header.ServiceClass);

        var parsed = ReturnParser.ReadAll(file);
        Assert.Equal(2, parsed.Count);
        Assert.Equal("R01", parsed[0].Code.Code);
        Assert.Equal(batch.Entries[0].TraceNumber, parsed[0].OriginalTrace);
        Assert.Equal("12104288", parsed[0].OriginalRdfi);
        Assert.Equal("INSUFFICIENT", parsed[0].AddendaInformation);
        Assert.Equal(150_000, parsed[0].AmountCents);
        Assert.Null(parsed[0].DateOfDeath);
        Assert.Equal("R15", parsed[1].Code.Code);
        Assert.Equal(new DateOnly(2026, 2, 28), parsed[1].DateOfDeath);
        Assert.Equal(batch.Entries[2].TraceNumber, ReturnParser.Parse(file.Batches[0].Entries[1]).OriginalTrace);
        Assert.False(ReturnParser.TryParse(forward.Batches[0].Entries[0], out _));
    }

    [Fact]
    public void Bad_returns_are_refused()
    {
        var forward = AchSamples.TwoBatchBuilder().Build();
        var entry = forward.Batches[0].Entries[0];
        var header = forward.Batches[0].Header;
        var returns = new ReturnBuilder();

        Assert.Equal("ReturnReasonCode", Assert.Throws<NachaFormatException>(() => returns.CreateReturn(entry, header, "R68")).FieldName);
        Assert.Equal("ReturnReasonCode", Assert.Throws<NachaFormatException>(() => returns.CreateReturn(entry, header, "R99")).FieldName);
        Assert.Equal("DateOfDeath", Assert.Throws<NachaFormatException>(() => returns.CreateReturn(entry, header, "R14")).FieldName);
        Assert.Equal("DateOfDeath", Assert.Throws<NachaFormatException>(() => returns.CreateReturn(entry, header, "R01", new DateOnly(2026, 1, 1))).FieldName);
        Assert.Equal("AddendaInformation", Assert.Throws<NachaFormatException>(() => returns.CreateReturn(entry, header, "R01", addendaInformation: new string('A', 45))).FieldName);
        var returned = returns.CreateReturn(entry, header, "R02");
        Assert.Equal("Addenda", Assert.Throws<NachaFormatException>(() => returns.CreateReturn(returned, header, "R02")).FieldName);
    }

    [Fact]
    public void Dishonored_returns_are_read_from_the_reference_file()
    {
        var file = NachaReader.Read(TestData.AchFile("dishonored-return.ach"), new NachaReadOptions { AllowZeroEffectiveEntryDate = true });
        var returns = ReturnParser.ReadAll(file);

        Assert.Equal(2, returns.Count);
        Assert.All(returns, r =>
        {
            Assert.Equal("R68", r.Code.Code);
            Assert.Equal(ReturnKind.Dishonored, r.Kind);
            Assert.Equal("059999990000301", r.OriginalTrace);
            Assert.Equal("12391871", r.OriginalRdfi);
            Assert.Equal("Untimely Return", r.AddendaInformation);
            var addenda = Assert.IsType<Addenda99Dishonored>(r.Addenda);
            Assert.Equal("123918710000001", addenda.ReturnTraceNumber);
            Assert.Equal("179", addenda.ReturnSettlementDate);
            Assert.Equal("01", addenda.ReturnReasonCodeOfReturn);
        });
        Assert.Equal(25_000, returns[0].AmountCents);
        Assert.Equal("231380100000002", returns[1].TraceNumber);
    }

    [Fact]
    public void Return_dishonor_and_contest_are_read_from_the_contested_reference_file()
    {
        var file = NachaReader.Read(TestData.AchFile("contested-return.ach"), ReferenceFileTests.OptionsFor("contested-return.ach"));
        var returns = ReturnParser.ReadAll(file);

        Assert.Collection(
            returns,
            r =>
            {
                Assert.Equal("R07", r.Code.Code);
                Assert.Equal(ReturnKind.Return, r.Kind);
                Assert.True(r.Code.IsUnauthorized);
                Assert.Equal("099912340000015", r.OriginalTrace);
                Assert.Equal("09101298", r.OriginalRdfi);
                Assert.Equal("Authorization Revoked", r.AddendaInformation);
            },
            r => Assert.Equal(ReturnKind.Dishonored, r.Kind),
            r =>
            {
                Assert.Equal("R71", r.Code.Code);
                Assert.Equal(ReturnKind.ContestedDishonored, r.Kind);
                var contest = Assert.IsType<Addenda99Contested>(r.Addenda);
                Assert.Equal("000167", contest.DateOriginalEntryReturned);
                Assert.Equal("164", contest.OriginalSettlementDate);
                Assert.Equal("779999990000301", contest.ReturnTraceNumber);
                Assert.Equal("01", contest.ReturnReasonCodeOfReturn);
                Assert.Equal("889999990000301", contest.DishonoredReturnTraceNumber);
                Assert.Equal("67", contest.DishonoredReturnReasonCode);
            });
        Assert.Throws<NachaFormatException>(() => ReturnParser.Parse(file.Batches[0].Entries[0]));
    }
}
