using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baas.Iso8583.Specs;

/// <summary>
/// Custom profiles as JSON: start from a built-in profile (<c>"base"</c>) and override or add fields, or
/// define every field. The same document shape describes the built-ins (<see cref="Write"/>).
/// </summary>
public static class ProfileJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    /// <summary>Loads a profile from a JSON file; throws <see cref="InvalidDataException"/> naming the problem.</summary>
    public static MessageSpec Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"profile '{path}' is neither a built-in ({string.Join(", ", Profiles.Names)}) nor a file");
        }

        return Parse(File.ReadAllText(path), Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Parses a profile document.</summary>
    public static MessageSpec Parse(string json, string defaultName = "custom")
    {
        ProfileDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<ProfileDocument>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"profile JSON is not valid: {e.Message}", e);
        }

        if (doc is null)
        {
            throw new InvalidDataException("profile JSON is empty");
        }

        var name = doc.Name ?? defaultName;
        var fields = new List<FieldSpec>();
        foreach (var f in doc.Fields ?? [])
        {
            fields.Add(f.ToSpec());
        }

        try
        {
            if (doc.Base is not null)
            {
                var baseSpec = Profiles.Find(doc.Base) ?? throw new InvalidDataException($"unknown base profile '{doc.Base}'");
                return baseSpec.With(name, fields, doc.Mti, doc.Bitmap);
            }

            return new MessageSpec(name, doc.Mti ?? MtiEncoding.Ascii, doc.Bitmap ?? BitmapEncoding.Hex, fields);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    /// <summary>Writes a profile as a complete JSON document.</summary>
    public static string Write(MessageSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var doc = new ProfileDocument
        {
            Name = spec.Name,
            Mti = spec.Mti,
            Bitmap = spec.Bitmap,
            Fields = [.. spec.Fields.Select(FieldDocument.From)],
        };
        return JsonSerializer.Serialize(doc, Options);
    }

    private sealed class ProfileDocument
    {
        public string? Name { get; set; }
        public string? Base { get; set; }
        public MtiEncoding? Mti { get; set; }
        public BitmapEncoding? Bitmap { get; set; }
        public List<FieldDocument>? Fields { get; set; }
    }

    private sealed class FieldDocument
    {
        public int Number { get; set; }
        public string? Name { get; set; }
        public ContentClass Content { get; set; }
        public DataEncoding Encoding { get; set; }
        public LengthDocument? Length { get; set; }
        public int Max { get; set; }
        public PaddingDocument? Padding { get; set; }
        public SubfieldDocument? Subfields { get; set; }

        public FieldSpec ToSpec()
        {
            var length = Length is null || Length.Digits == 0
                ? LengthPrefix.Fixed
                : new LengthPrefix(Length.Digits, Length.Encoding, Length.Unit);
            var padding = Padding is null ? Specs.Padding.None : new Padding(Padding.Side, Padding.Char is { Length: > 0 } c ? c[0] : ' ');
            return new FieldSpec(Number, Name ?? $"Field {Number}", Content, Encoding, length, Max)
            {
                Padding = padding,
                Subfields = Subfields?.ToSpec(),
            };
        }

        public static FieldDocument From(FieldSpec f) => new()
        {
            Number = f.Number,
            Name = f.Name,
            Content = f.Content,
            Encoding = f.Encoding,
            Length = f.IsFixed ? null : new LengthDocument { Digits = f.Length.Digits, Encoding = f.Length.Encoding, Unit = f.Length.Unit },
            Max = f.MaxLength,
            Padding = f.Padding.Side == PadSide.None ? null : new PaddingDocument { Side = f.Padding.Side, Char = f.Padding.Char.ToString() },
            Subfields = f.Subfields is null ? null : SubfieldDocument.From(f.Subfields),
        };
    }

    private sealed class LengthDocument
    {
        public int Digits { get; set; }
        public PrefixEncoding Encoding { get; set; }
        public LengthUnit Unit { get; set; }
    }

    private sealed class PaddingDocument
    {
        public PadSide Side { get; set; }
        public string? Char { get; set; }
    }

    private sealed class SubfieldDocument
    {
        public SubfieldKind Kind { get; set; }
        public List<PartDocument>? Parts { get; set; }
        public int? TagLength { get; set; }
        public int? LengthDigits { get; set; }

        public SubfieldSpec ToSpec() => new(Kind)
        {
            Parts = [.. (Parts ?? []).Select(p => new PositionalPart(p.Name ?? "", p.Length))],
            TagLength = TagLength ?? 2,
            LengthDigits = LengthDigits ?? 3,
        };

        public static SubfieldDocument From(SubfieldSpec s) => new()
        {
            Kind = s.Kind,
            Parts = s.Kind == SubfieldKind.Positional ? [.. s.Parts.Select(p => new PartDocument { Name = p.Name, Length = p.Length })] : null,
            TagLength = s.Kind == SubfieldKind.Tlv ? s.TagLength : null,
            LengthDigits = s.Kind == SubfieldKind.Tlv ? s.LengthDigits : null,
        };
    }

    private sealed class PartDocument
    {
        public string? Name { get; set; }
        public int Length { get; set; }
    }
}
