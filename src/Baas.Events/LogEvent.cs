using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Baas.Events;

/// <summary>
/// One decoded record of the authorization log: the envelope (<c>seq</c>, <c>type</c>, <c>ts</c>, <c>v</c>) and
/// its body, a <see cref="CardEvent"/> or a <see cref="ManagementEvent"/>. This is the one decoder every
/// reader uses (<c>baas log tail</c>, the Redis relay's consumers, replay).
/// </summary>
public sealed class LogEvent
{
    /// <summary>Bytes of the envelope header: seq (8), ts in unix microseconds (8), type (1), version (1).</summary>
    public const int HeaderSize = 18;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Log sequence, strictly increasing from 1.</summary>
    public long Seq { get; set; }

    /// <summary>When the event was decided, microseconds since the Unix epoch, UTC.</summary>
    public long TimestampMicros { get; set; }

    /// <summary>The timestamp as a date.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampMicros * 10);

    /// <summary>The event type.</summary>
    public EventType Type { get; set; }

    /// <summary>The body's schema version.</summary>
    public byte Version { get; set; }

    /// <summary>The body of a card transaction event (reused between decodes).</summary>
    public CardEvent Card { get; } = new();

    /// <summary>The body of a management event.</summary>
    public ManagementEvent? Management { get; set; }

    /// <summary>True when <see cref="Card"/> holds the body.</summary>
    public bool IsCardEvent => EventTypes.IsCardEvent(Type);

    /// <summary>Writes an envelope header into <paramref name="dest"/>.</summary>
    public static void WriteHeader(Span<byte> dest, long seq, long timestampMicros, EventType type, byte version)
    {
        BinaryPrimitives.WriteInt64LittleEndian(dest, seq);
        BinaryPrimitives.WriteInt64LittleEndian(dest[8..], timestampMicros);
        dest[16] = (byte)type;
        dest[17] = version;
    }

    /// <summary>Reads the sequence number of an encoded record without decoding it.</summary>
    public static long PeekSeq(ReadOnlySpan<byte> record) => record.Length >= 8 ? BinaryPrimitives.ReadInt64LittleEndian(record) : 0;

    /// <summary>Reads the type of an encoded record without decoding it.</summary>
    public static EventType PeekType(ReadOnlySpan<byte> record) => record.Length >= HeaderSize ? (EventType)record[16] : EventType.None;

    /// <summary>Decodes a whole record (header and body) into this instance; false when it is not a valid record.</summary>
    public bool TryDecode(ReadOnlySpan<byte> record)
    {
        Management = null;
        if (record.Length < HeaderSize)
        {
            return false;
        }

        Seq = BinaryPrimitives.ReadInt64LittleEndian(record);
        TimestampMicros = BinaryPrimitives.ReadInt64LittleEndian(record[8..]);
        Type = (EventType)record[16];
        Version = record[17];
        var body = record[HeaderSize..];
        if (EventTypes.IsCardEvent(Type))
        {
            Card.Reset();
            return Card.Decode(body);
        }

        Management = ManagementEvent.Decode(Type, body);
        return Management is not null;
    }

    /// <summary>Decodes a record into a new instance.</summary>
    public static LogEvent? Decode(ReadOnlySpan<byte> record)
    {
        var e = new LogEvent();
        return e.TryDecode(record) ? e : null;
    }

    /// <summary>Writes the event as one JSON object: envelope first, then the body's properties.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteNumber("seq", Seq);
        w.WriteString("type", EventTypes.Name(Type));
        w.WriteString("ts", Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"));
        w.WriteNumber("v", Version);
        if (IsCardEvent)
        {
            Card.WriteJson(w);
        }
        else if (Management is not null)
        {
            using var doc = JsonSerializer.SerializeToDocument(Management, Management.GetType(), EventJson.Options);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                p.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }

    /// <summary>The event as one line of JSON.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteJson(w);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
