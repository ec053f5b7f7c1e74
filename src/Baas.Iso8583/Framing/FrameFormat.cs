using System.Buffers;
using System.Buffers.Binary;

namespace Baas.Iso8583.Framing;

/// <summary>How messages are delimited on a stream.</summary>
public enum FrameKind : byte
{
    /// <summary>No length prefix: one buffer is one message (files and the command line only).</summary>
    None,
    /// <summary>Two-byte big-endian length of what follows, not counting itself.</summary>
    Binary2,
    /// <summary>Four ASCII decimal digits giving the length of what follows.</summary>
    Ascii4,
}

/// <summary>The outcome of looking for one frame in a buffer.</summary>
public enum FrameStatus : byte
{
    /// <summary>A whole frame was taken from the buffer.</summary>
    Complete,
    /// <summary>The buffer holds only part of a frame; read more.</summary>
    NeedMoreData,
    /// <summary>A zero-length frame (a keep-alive) was taken from the buffer.</summary>
    Empty,
    /// <summary>The declared length is above the maximum: the stream cannot be trusted any more.</summary>
    TooLarge,
    /// <summary>The length prefix is not a number, or shorter than the header: the stream cannot be trusted any more.</summary>
    BadPrefix,
}

/// <summary>
/// Framing of one listener: the length prefix kind, an optional fixed-length header between the prefix and the
/// MTI (a TPDU, for example), and the largest message accepted. A declared length above the maximum is
/// refused as soon as the prefix is read, before any of the body is buffered.
/// </summary>
/// <param name="Kind">The length prefix.</param>
/// <param name="HeaderLength">Bytes of header after the prefix (counted by the prefix).</param>
/// <param name="MaxLength">The largest declared length accepted (header plus message).</param>
public sealed record FrameFormat(FrameKind Kind, int HeaderLength = 0, int MaxLength = FrameFormat.DefaultMaxLength)
{
    /// <summary>Default largest frame: ample for any authorization message.</summary>
    public const int DefaultMaxLength = 8192;

    /// <summary>Two-byte binary prefix, no header.</summary>
    public static FrameFormat Binary2 { get; } = new(FrameKind.Binary2);

    /// <summary>Four ASCII digits, no header.</summary>
    public static FrameFormat Ascii4 { get; } = new(FrameKind.Ascii4);

    /// <summary>Unframed.</summary>
    public static FrameFormat None { get; } = new(FrameKind.None);

    /// <summary>Bytes of length prefix.</summary>
    public int PrefixLength => Kind switch
    {
        FrameKind.Binary2 => 2,
        FrameKind.Ascii4 => 4,
        _ => 0,
    };

    /// <summary>The largest length the prefix itself can express.</summary>
    public int PrefixCapacity => Kind == FrameKind.Ascii4 ? 9999 : 65535;

    /// <summary>Parses a framing name: <c>binary2</c>, <c>ascii4</c> or <c>none</c>.</summary>
    public static FrameFormat Parse(string name, int headerLength = 0, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(name);
        var kind = name.ToLowerInvariant() switch
        {
            "binary2" or "2byte" => FrameKind.Binary2,
            "ascii4" => FrameKind.Ascii4,
            "none" => FrameKind.None,
            _ => throw new ArgumentException($"unknown framing '{name}' (binary2, ascii4 or none)", nameof(name)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(headerLength);
        return new FrameFormat(kind, headerLength, maxLength);
    }

    /// <summary>
    /// Takes one frame from the front of <paramref name="buffer"/> and advances it past the frame. Returns
    /// <see cref="FrameStatus.NeedMoreData"/> without consuming anything when the frame is incomplete.
    /// </summary>
    public FrameStatus TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> header, out ReadOnlySequence<byte> message)
    {
        header = default;
        message = default;
        if (Kind == FrameKind.None)
        {
            if (buffer.IsEmpty)
            {
                return FrameStatus.NeedMoreData;
            }

            if (buffer.Length < HeaderLength)
            {
                return FrameStatus.BadPrefix;
            }

            header = buffer.Slice(0, HeaderLength);
            message = buffer.Slice(HeaderLength);
            buffer = buffer.Slice(buffer.End);
            return FrameStatus.Complete;
        }

        var prefixLength = PrefixLength;
        if (buffer.Length < prefixLength)
        {
            return FrameStatus.NeedMoreData;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, prefixLength).CopyTo(prefix);
        if (!TryDecodePrefix(prefix[..prefixLength], out var declared))
        {
            return FrameStatus.BadPrefix;
        }

        if (declared > MaxLength)
        {
            return FrameStatus.TooLarge;
        }

        if (declared == 0 && HeaderLength == 0)
        {
            buffer = buffer.Slice(prefixLength);
            return FrameStatus.Empty;
        }

        if (declared < HeaderLength)
        {
            return FrameStatus.BadPrefix;
        }

        if (buffer.Length - prefixLength < declared)
        {
            return FrameStatus.NeedMoreData;
        }

        var frame = buffer.Slice(prefixLength, declared);
        header = frame.Slice(0, HeaderLength);
        message = frame.Slice(HeaderLength);
        buffer = buffer.Slice(frame.End);
        return FrameStatus.Complete;
    }

    /// <summary>Reads the declared length from a prefix; false when it is not a valid prefix.</summary>
    public bool TryDecodePrefix(ReadOnlySpan<byte> prefix, out int declared)
    {
        declared = 0;
        switch (Kind)
        {
            case FrameKind.Binary2:
                declared = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                return true;
            case FrameKind.Ascii4:
                return Digits.TryParse(prefix[..4], out declared);
            default:
                return true;
        }
    }

    /// <summary>
    /// Writes one framed message (prefix, header, packed message) into <paramref name="writer"/>. The header is
    /// written as given, padded with zero bytes or cut to <see cref="HeaderLength"/>. Nothing is advanced on failure.
    /// </summary>
    public bool TryWrite(IsoCodec codec, IsoMessage message, ReadOnlySpan<byte> header, IBufferWriter<byte> writer, out IsoError error)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(writer);
        var overhead = PrefixLength + HeaderLength;

        // Pack after the room for prefix and header, then fill those in: one pass over the message.
        var span = writer.GetSpan(overhead + 2048);
        if (!codec.TryPack(message, span[overhead..], out var length, out error))
        {
            if (error.Reason != IsoErrorReason.DestinationTooSmall || !codec.TryMeasure(message, out var needed, out error))
            {
                return false;
            }

            span = writer.GetSpan(overhead + needed);
            if (!codec.TryPack(message, span[overhead..], out length, out error))
            {
                return false;
            }
        }

        var declared = HeaderLength + length;
        if (Kind != FrameKind.None && declared > PrefixCapacity)
        {
            error = new IsoError(IsoErrorReason.FrameTooLarge, 0, 0);
            return false;
        }

        WritePrefix(declared, span);
        var h = span.Slice(PrefixLength, HeaderLength);
        h.Clear();
        header[..Math.Min(header.Length, HeaderLength)].CopyTo(h);
        writer.Advance(overhead + length);
        return true;
    }

    /// <summary>Writes the length prefix for a frame of <paramref name="declared"/> bytes.</summary>
    public void WritePrefix(int declared, Span<byte> dest)
    {
        switch (Kind)
        {
            case FrameKind.Binary2:
                BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)declared);
                break;
            case FrameKind.Ascii4:
                Digits.TryWrite(declared, dest[..4]);
                break;
            default:
                break;
        }
    }
}
