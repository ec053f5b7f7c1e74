namespace Baas.Redis.Streams;

/// <summary>
/// One stream entry: its id and its field/value pairs in the order they were added. Values are the bytes the
/// server sent (binary-safe). An entry read from a consumer's pending history after it was deleted or trimmed
/// has no fields (<see cref="IsDeleted"/>); XADD never stores an entry without fields, so that is unambiguous.
/// </summary>
public sealed record StreamEntry(string Id, IReadOnlyList<(string Field, byte[] Value)> Fields)
{
    /// <summary>True for an id whose entry is gone (the server answered nil for its fields).</summary>
    public bool IsDeleted => Fields.Count == 0;

    /// <summary>The value of the first field with this name, or null.</summary>
    public byte[]? this[string field]
    {
        get
        {
            foreach (var (name, value) in Fields)
            {
                if (name == field)
                {
                    return value;
                }
            }

            return null;
        }
    }
}
