namespace Baas.Redis;

/// <summary>When <c>SET</c> writes: always, only if the key is new (<c>NX</c>) or only if it exists (<c>XX</c>).</summary>
public enum SetCondition : byte
{
    /// <summary>Write unconditionally.</summary>
    Always,

    /// <summary><c>NX</c>: write only if the key does not exist.</summary>
    NotExists,

    /// <summary><c>XX</c>: write only if the key already exists.</summary>
    Exists,
}
