using Baas.Events;
using Baas.Events.Consumers;

namespace Baas.Testing;

/// <summary>Authorization-log records of management events, as the authorizer writes them, for consumer tests.</summary>
public static class ManagementRecords
{
    /// <summary>A log record for a management event at <paramref name="at"/>.</summary>
    public static LogRecord Record(long seq, DateTimeOffset at, ManagementEvent body)
    {
        var json = body.Encode();
        var record = new byte[LogEvent.HeaderSize + json.Length];
        LogEvent.WriteHeader(record, seq, (at - DateTimeOffset.UnixEpoch).Ticks / 10, body.Type, 1);
        json.CopyTo(record.AsSpan(LogEvent.HeaderSize));
        return new LogRecord(seq, record, null);
    }
}
