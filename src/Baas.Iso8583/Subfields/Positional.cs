using Baas.Iso8583.Specs;

namespace Baas.Iso8583.Subfields;

/// <summary>Reads parts of a positional composite field by name or index.</summary>
public static class Positional
{
    /// <summary>The part at <paramref name="index"/>; false when the value is too short for it.</summary>
    public static bool TryGet(SubfieldSpec spec, ReadOnlySpan<byte> value, int index, out ReadOnlySpan<byte> part)
    {
        ArgumentNullException.ThrowIfNull(spec);
        part = default;
        var offset = 0;
        for (var i = 0; i < spec.Parts.Count; i++)
        {
            var length = spec.Parts[i].Length;
            if (i == index)
            {
                if (value.Length < offset + length)
                {
                    return false;
                }

                part = value.Slice(offset, length);
                return true;
            }

            offset += length;
        }

        return false;
    }

    /// <summary>The part named <paramref name="name"/>.</summary>
    public static bool TryGet(SubfieldSpec spec, ReadOnlySpan<byte> value, string name, out ReadOnlySpan<byte> part)
    {
        ArgumentNullException.ThrowIfNull(spec);
        for (var i = 0; i < spec.Parts.Count; i++)
        {
            if (spec.Parts[i].Name == name)
            {
                return TryGet(spec, value, i, out part);
            }
        }

        part = default;
        return false;
    }
}
