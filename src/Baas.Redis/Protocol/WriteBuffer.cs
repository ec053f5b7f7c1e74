using System.Buffers;

namespace Baas.Redis.Protocol;

/// <summary>
/// The bytes of encoded commands waiting to be sent, in pooled 64 KiB chunks: a burst of commands never
/// copies what is already written or lands a growing array on the large-object heap. It can be truncated
/// (to undo a half-written command). Not thread-safe: the connection's lock or its write loop owns it.
/// </summary>
internal sealed class WriteBuffer : IBufferWriter<byte>
{
    public const int ChunkSize = 64 * 1024;

    private readonly List<(byte[] Array, int Length)> _full = [];
    private byte[] _current = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private int _position;
    private long _written;

    public long WrittenCount => _written;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_current.Length - _position))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(count), "Advanced past the end of the buffer.");
        }

        _position += count;
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsMemory(_position);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsSpan(_position);
    }

    /// <summary>Copies bytes in, across chunks if need be.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var span = GetSpan();
            var count = Math.Min(span.Length, bytes.Length);
            bytes[..count].CopyTo(span);
            Advance(count);
            bytes = bytes[count..];
        }
    }

    /// <summary>Drops everything written after the first <paramref name="count"/> bytes.</summary>
    public void Truncate(long count)
    {
        while (_written - _position > count)
        {
            // The cut is in an earlier chunk: give this one back and reopen that one.
            _written -= _position;
            ArrayPool<byte>.Shared.Return(_current);
            (_current, _position) = _full[^1];
            _full.RemoveAt(_full.Count - 1);
        }

        _position -= (int)(_written - count);
        _written = count;
    }

    /// <summary>Appends the written chunks, in order, to <paramref name="segments"/>.</summary>
    public void CollectSegments(List<ReadOnlyMemory<byte>> segments)
    {
        foreach (var (array, length) in _full)
        {
            segments.Add(array.AsMemory(0, length));
        }

        if (_position > 0)
        {
            segments.Add(_current.AsMemory(0, _position));
        }
    }

    /// <summary>Empties the buffer, returning every chunk but one standard-size chunk to the pool.</summary>
    public void Reset()
    {
        foreach (var (array, _) in _full)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _full.Clear();
        if (_current.Length > ChunkSize * 2)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = ArrayPool<byte>.Shared.Rent(ChunkSize);
        }

        _position = 0;
        _written = 0;
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_current.Length - _position >= needed)
        {
            return;
        }

        if (_position > 0)
        {
            _full.Add((_current, _position));
        }
        else
        {
            ArrayPool<byte>.Shared.Return(_current);
        }

        _current = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, needed));
        _position = 0;
    }
}
