using Baas.Iso8583.Specs;
using FsCheck;
using FsCheck.Fluent;

namespace Baas.Iso8583.Tests;

/// <summary>Generators of valid messages for a profile: any subset of its fields with values their specs allow.</summary>
internal static class MessageGen
{
    /// <summary>A message as plain data: MTI and canonical field values.</summary>
    public sealed record Sample(int Mti, SortedDictionary<int, byte[]> Fields)
    {
        public override string ToString() =>
            $"{Mti:D4} " + string.Join(" ", Fields.Select(f => $"{f.Key}={Convert.ToHexString(f.Value)}"));

        public void CopyTo(IsoMessage message)
        {
            message.Clear();
            message.Mti = Mti;
            foreach (var (field, value) in Fields)
            {
                message.Set(field, value);
            }
        }
    }

    private static readonly byte[] Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 "u8.ToArray();
    private static readonly byte[] Printable = Enumerable.Range(0x20, 0x5F).Concat(Enumerable.Range(0xC0, 0x40)).Select(i => (byte)i).ToArray();
    private static readonly byte[] Specials = Printable.Where(b => !char.IsLetter((char)b)).ToArray();

    /// <summary>Messages of any subset of fields; variable-length values up to <paramref name="maxVariable"/> characters.</summary>
    public static Gen<Sample> For(MessageSpec spec, int maxVariable = int.MaxValue)
    {
        var fields = spec.Fields.ToArray();
        var mti = Gen.Elements(100, 110, 120, 200, 210, 220, 400, 410, 420, 800, 810, 9999, 0);
        return from m in mti
               from chosen in Gen.SubListOf(fields)
               from values in Gen.CollectToArray(chosen, f => Value(f, maxVariable))
               select new Sample(m, new SortedDictionary<int, byte[]>(chosen.Zip(values).ToDictionary(p => p.First.Number, p => p.Second)));
    }

    public static Gen<byte[]> Value(FieldSpec f, int maxVariable = int.MaxValue)
    {
        var length = f.IsFixed ? Gen.Constant(f.MaxLength) : Gen.Choose(0, Math.Min(f.MaxLength, maxVariable));
        return length.SelectMany(n => Chars(f, n));
    }

    private static Gen<byte[]> Chars(FieldSpec f, int n) => f.Content switch
    {
        ContentClass.N => Gen.ArrayOf(Gen.Choose('0', '9').Select(c => (byte)c), n),
        ContentClass.Z => Gen.ArrayOf(Gen.Frequency((9, Gen.Choose('0', '9').Select(c => (byte)c)), (1, Gen.Constant((byte)'='))), n),
        ContentClass.XN when n == 0 => Gen.Constant(Array.Empty<byte>()),
        ContentClass.XN => from sign in Gen.Elements((byte)'C', (byte)'D')
                           from digits in Gen.ArrayOf(Gen.Choose('0', '9').Select(c => (byte)c), n - 1)
                           select (byte[])[sign, .. digits],
        ContentClass.A or ContentClass.An => Gen.ArrayOf(Gen.Elements(f.Content == ContentClass.A ? Alnum.Where(b => !char.IsDigit((char)b)).ToArray() : Alnum), n),
        ContentClass.Ns or ContentClass.S => Gen.ArrayOf(Gen.Elements(Specials), n),
        ContentClass.B => Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), n),
        _ => Gen.ArrayOf(Gen.Elements(Printable), n),
    };

    public static bool SameAs(this Sample sample, IsoMessage message)
    {
        if (message.Mti != sample.Mti || message.FieldCount != sample.Fields.Count)
        {
            return false;
        }

        foreach (var (field, value) in sample.Fields)
        {
            if (!message.Has(field) || !message.Get(field).SequenceEqual(value))
            {
                return false;
            }
        }

        return true;
    }
}
