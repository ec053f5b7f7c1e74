namespace Baas.Iso8583.Subfields;

/// <summary>DE43, card acceptor name/location (40): name (25), city (13), country (2), each space-padded.</summary>
public readonly ref struct MerchantLocation
{
    /// <summary>The field's length.</summary>
    public const int Length = 40;

    private MerchantLocation(ReadOnlySpan<byte> name, ReadOnlySpan<byte> city, ReadOnlySpan<byte> country)
    {
        Name = name;
        City = city;
        Country = country;
    }

    /// <summary>Merchant name, trailing spaces trimmed.</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>City, trailing spaces trimmed.</summary>
    public ReadOnlySpan<byte> City { get; }

    /// <summary>Country code (two letters), trimmed.</summary>
    public ReadOnlySpan<byte> Country { get; }

    /// <summary>Splits DE43 into its parts; false when it is not 40 characters.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out MerchantLocation result)
    {
        if (value.Length != Length)
        {
            result = default;
            return false;
        }

        result = new MerchantLocation(value[..25].TrimEnd((byte)' '), value.Slice(25, 13).TrimEnd((byte)' '), value.Slice(38, 2).Trim((byte)' '));
        return true;
    }

    /// <summary>Writes 40 characters, padding or cutting each part to its width.</summary>
    public static void Write(ReadOnlySpan<byte> name, ReadOnlySpan<byte> city, ReadOnlySpan<byte> country, Span<byte> dest)
    {
        dest[..Length].Fill((byte)' ');
        name[..Math.Min(25, name.Length)].CopyTo(dest);
        city[..Math.Min(13, city.Length)].CopyTo(dest[25..]);
        country[..Math.Min(2, country.Length)].CopyTo(dest[38..]);
    }
}
