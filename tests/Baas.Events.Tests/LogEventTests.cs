using System.Text.Json;

namespace Baas.Events.Tests;

/// <summary>The envelope (seq, type, ts, v) in binary and as one JSON line, for card and management bodies.</summary>
public sealed class LogEventTests
{
    private const long Ts = 1_795_262_400_123_456; // 2026-11-21T12:00:00.123456Z

    [Fact]
    public void Header_is_read_back_and_peeked_without_decoding()
    {
        var record = Record(42, EventType.Reversal, 1, SampleEvents.Purchase());
        Assert.Equal(42, LogEvent.PeekSeq(record));
        Assert.Equal(EventType.Reversal, LogEvent.PeekType(record));
        Assert.Equal(0, LogEvent.PeekSeq(record.AsSpan(0, 7)));
        Assert.Equal(EventType.None, LogEvent.PeekType(record.AsSpan(0, LogEvent.HeaderSize - 1)));

        var e = LogEvent.Decode(record);
        Assert.NotNull(e);
        Assert.Equal(42, e.Seq);
        Assert.Equal(Ts, e.TimestampMicros);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), e.Timestamp);
        Assert.Equal(EventType.Reversal, e.Type);
        Assert.Equal(1, e.Version);
        Assert.True(e.IsCardEvent);
        Assert.Null(e.Management);
        CardEventTests.AssertSame(SampleEvents.Purchase(), e.Card);
    }

    [Fact]
    public void Card_event_json_starts_with_the_envelope_and_carries_the_body()
    {
        var e = LogEvent.Decode(Record(7, EventType.Authorization, CardEvent.Version, SampleEvents.Purchase()))!;
        var json = e.ToJson();
        Assert.DoesNotContain('\n', json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(["seq", "type", "ts", "v"], root.EnumerateObject().Take(4).Select(p => p.Name).ToArray());
        Assert.Equal(7, root.GetProperty("seq").GetInt64());
        Assert.Equal("authorization", root.GetProperty("type").GetString());
        Assert.Equal("2026-11-21T12:00:00.123456Z", root.GetProperty("ts").GetString());
        Assert.Equal(1, root.GetProperty("v").GetInt32());
        Assert.Equal("0100", root.GetProperty("mti").GetString());
        Assert.True(root.GetProperty("approved").GetBoolean());
        Assert.Equal("00", root.GetProperty("responseCode").GetString());
        Assert.Equal("approved", root.GetProperty("reason").GetString());
        Assert.Equal(SampleEvents.Purchase().CardToken.ToString(), root.GetProperty("cardToken").GetString());
        Assert.Equal("acct_1", root.GetProperty("accountId").GetString());
        Assert.Equal(2_500, root.GetProperty("approvedAmount").GetInt64());
        Assert.Equal("USD", root.GetProperty("requestedCurrency").GetString());
        Assert.Equal(7, root.GetProperty("holdId").GetInt64());
        Assert.Equal(2_500, root.GetProperty("holdDelta").GetInt64());
        Assert.Equal("5411", root.GetProperty("mcc").GetString());
        Assert.Equal("CORNER GROCERY", root.GetProperty("merchantName").GetString());
        Assert.Equal("chip", root.GetProperty("channel").GetString());
        Assert.Equal("000123", root.GetProperty("stan").GetString());
        Assert.Equal(42, root.GetProperty("decisionMicros").GetInt32());
        Assert.False(root.TryGetProperty("originalMti", out _));
        Assert.DoesNotContain("4000001234567899", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_event_json_of_random_bodies_is_valid_json()
    {
        var random = new Random(99);
        foreach (var type in Enum.GetValues<EventType>().Where(EventTypes.IsCardEvent))
        {
            for (var i = 0; i < 50; i++)
            {
                var e = LogEvent.Decode(Record(i + 1, type, CardEvent.Version, SampleEvents.Random(random)))!;
                using var doc = JsonDocument.Parse(e.ToJson());
                Assert.Equal(EventTypes.Name(type), doc.RootElement.GetProperty("type").GetString());
                Assert.Equal(i + 1, doc.RootElement.GetProperty("seq").GetInt64());
            }
        }
    }

    [Fact]
    public void Management_event_json_is_the_envelope_then_the_body_properties()
    {
        var body = new AccountCredited("acct_1", 10_000, "USD", "opening", 10_000).Encode();
        var record = new byte[LogEvent.HeaderSize + body.Length];
        LogEvent.WriteHeader(record, 3, Ts, EventType.AccountCredited, 1);
        body.CopyTo(record, LogEvent.HeaderSize);

        var e = LogEvent.Decode(record)!;
        Assert.False(e.IsCardEvent);
        Assert.IsType<AccountCredited>(e.Management);
        using var doc = JsonDocument.Parse(e.ToJson());
        var root = doc.RootElement;
        Assert.Equal(["seq", "type", "ts", "v", "accountId", "amount", "currency", "reference", "postedAfter"], root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("account_credited", root.GetProperty("type").GetString());
        Assert.Equal(10_000, root.GetProperty("amount").GetInt64());
    }

    [Fact]
    public void Decoding_reuses_the_instance_and_refuses_bad_records()
    {
        var e = new LogEvent();
        Assert.False(e.TryDecode(new byte[LogEvent.HeaderSize - 1]));

        var record = Record(1, EventType.Authorization, 1, SampleEvents.Purchase());
        Assert.False(e.TryDecode(record.AsSpan(0, record.Length - 1)));
        Assert.True(e.TryDecode(record));

        var bad = new byte[LogEvent.HeaderSize + 3];
        LogEvent.WriteHeader(bad, 2, Ts, EventType.AccountOpened, 1);
        "{x}"u8.CopyTo(bad.AsSpan(LogEvent.HeaderSize));
        Assert.False(e.TryDecode(bad));
        Assert.Null(e.Management);
        Assert.Null(LogEvent.Decode(bad));
    }

    [Fact]
    public void Every_type_has_a_name_that_parses_back()
    {
        foreach (var type in Enum.GetValues<EventType>().Where(t => t != EventType.None))
        {
            var name = EventTypes.Name(type);
            Assert.Matches("^[a-z]+(_[a-z]+)*$", name);
            Assert.NotEqual("unknown", name);
            Assert.Equal(type, EventTypes.Parse(name));
            Assert.Equal((byte)type is >= 1 and <= 31, EventTypes.IsCardEvent(type));
        }

        Assert.Equal(EventType.None, EventTypes.Parse("no_such_event"));
        Assert.Equal(
            ["authorization", "incremental_authorization", "reversal", "advice", "clearing", "refund", "hold_expired", "balance_inquiry"],
            Enum.GetValues<EventType>().Where(EventTypes.IsCardEvent).Select(EventTypes.Name).ToArray());
    }

    private static byte[] Record(long seq, EventType type, byte version, CardEvent body)
    {
        var buffer = new byte[LogEvent.HeaderSize + CardEvent.MaxEncodedSize];
        var length = body.Encode(buffer.AsSpan(LogEvent.HeaderSize));
        LogEvent.WriteHeader(buffer, seq, Ts, type, version);
        return buffer[..(LogEvent.HeaderSize + length)];
    }
}
