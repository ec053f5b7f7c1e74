using System.Collections.ObjectModel;

namespace Baas.Iso8583.Specs;

/// <summary>How the MTI is written.</summary>
public enum MtiEncoding : byte
{
    /// <summary>Four ASCII digits.</summary>
    Ascii,
    /// <summary>Two packed BCD bytes.</summary>
    Bcd,
    /// <summary>Four EBCDIC digits.</summary>
    Ebcdic,
}

/// <summary>How the bitmaps are written.</summary>
public enum BitmapEncoding : byte
{
    /// <summary>16 hexadecimal ASCII characters per bitmap (either case in, upper case out).</summary>
    Hex,
    /// <summary>8 raw bytes per bitmap.</summary>
    Binary,
    /// <summary>16 hexadecimal EBCDIC characters per bitmap.</summary>
    HexEbcdic,
}

/// <summary>
/// A wire profile: the MTI and bitmap encodings and a spec for every field. Specs are data; built-in profiles
/// are made from the same types a custom JSON profile uses.
/// </summary>
public sealed class MessageSpec
{
    private readonly FieldSpec?[] _fields = new FieldSpec?[IsoMessage.MaxField + 1];

    /// <summary>Builds and validates a profile; throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public MessageSpec(string name, MtiEncoding mti, BitmapEncoding bitmap, IEnumerable<FieldSpec> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Name = name;
        Mti = mti;
        Bitmap = bitmap;
        foreach (var field in fields)
        {
            var problem = field.Validate();
            if (problem is not null)
            {
                throw new ArgumentException(problem, nameof(fields));
            }

            _fields[field.Number] = field;
        }

        Fields = new ReadOnlyCollection<FieldSpec>(_fields.Where(f => f is not null).Select(f => f!).ToArray());
    }

    /// <summary>The profile's name.</summary>
    public string Name { get; }

    /// <summary>MTI encoding.</summary>
    public MtiEncoding Mti { get; }

    /// <summary>Bitmap encoding.</summary>
    public BitmapEncoding Bitmap { get; }

    /// <summary>Every defined field, in field order.</summary>
    public IReadOnlyList<FieldSpec> Fields { get; }

    /// <summary>The spec of one field, or null when the profile does not define it.</summary>
    public FieldSpec? this[int field] => (uint)field <= IsoMessage.MaxField ? _fields[field] : null;

    /// <summary>A copy with some fields replaced or added.</summary>
    public MessageSpec With(string name, IEnumerable<FieldSpec> overrides, MtiEncoding? mti = null, BitmapEncoding? bitmap = null)
    {
        var merged = (FieldSpec?[])_fields.Clone();
        foreach (var f in overrides)
        {
            merged[f.Number] = f;
        }

        return new MessageSpec(name, mti ?? Mti, bitmap ?? Bitmap, merged.Where(f => f is not null)!);
    }
}
