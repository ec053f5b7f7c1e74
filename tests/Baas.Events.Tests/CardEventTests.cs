using System.Reflection;

namespace Baas.Events.Tests;

/// <summary>The binary body of card events: every field survives a round trip, nothing allocates.</summary>
public sealed class CardEventTests
{
    private static readonly FieldInfo[] Fields = typeof(CardEvent).GetFields(BindingFlags.Public | BindingFlags.Instance);

    [Fact]
    public void The_sample_sets_every_field_so_the_round_trip_covers_them_all()
    {
        var sample = SampleEvents.Random(new Random(1));
        var empty = new CardEvent();
        Assert.True(Fields.Length >= 50, $"only {Fields.Length} public fields found");
        foreach (var field in Fields)
        {
            Assert.False(Equals(field.GetValue(sample), field.GetValue(empty)), $"the sample leaves {field.Name} at its default");
        }
    }

    [Fact]
    public void Encode_then_decode_gives_back_every_field()
    {
        var random = new Random(20261121);
        var buffer = new byte[CardEvent.MaxEncodedSize];
        var decoded = new CardEvent();
        for (var i = 0; i < 2_000; i++)
        {
            var original = SampleEvents.Random(random);
            var length = original.Encode(buffer);
            Assert.InRange(length, 1, CardEvent.MaxEncodedSize);

            decoded.Reset();
            Assert.True(decoded.Decode(buffer.AsSpan(0, length)));
            AssertSame(original, decoded);

            // Decoding into an instance that still holds another event overwrites every field.
            var other = SampleEvents.Random(random);
            Assert.True(other.Decode(buffer.AsSpan(0, length)));
            AssertSame(original, other);
        }
    }

    [Fact]
    public void Longest_possible_body_fits_the_declared_maximum()
    {
        var e = SampleEvents.Random(new Random(3));
        var longest = new string('W', Text40.Capacity);
        foreach (var field in Fields.Where(f => f.FieldType == typeof(Text40)))
        {
            field.SetValue(e, Text40.From(longest));
        }

        var buffer = new byte[CardEvent.MaxEncodedSize];
        var length = e.Encode(buffer);
        Assert.InRange(length, 1, CardEvent.MaxEncodedSize);
        var decoded = new CardEvent();
        Assert.True(decoded.Decode(buffer.AsSpan(0, length)));
        AssertSame(e, decoded);
    }

    [Fact]
    public void Every_truncation_of_a_body_is_refused()
    {
        var buffer = new byte[CardEvent.MaxEncodedSize];
        var length = SampleEvents.Random(new Random(5)).Encode(buffer);
        var decoded = new CardEvent();
        for (var cut = 0; cut < length; cut++)
        {
            Assert.False(decoded.Decode(buffer.AsSpan(0, cut)), $"a body cut to {cut} of {length} bytes decoded");
        }
    }

    [Fact]
    public void Reset_clears_every_field()
    {
        var e = SampleEvents.Random(new Random(7));
        e.Reset();
        var empty = new CardEvent();
        AssertSame(empty, e);
    }

    [Fact]
    public void CopyFrom_copies_every_field()
    {
        var source = SampleEvents.Random(new Random(11));
        var target = SampleEvents.Random(new Random(12));
        target.CopyFrom(source);
        AssertSame(source, target);
    }

    [Fact]
    public void Text_longer_than_forty_bytes_is_cut()
    {
        var t = Text40.From(new string('x', 60));
        Assert.Equal(Text40.Capacity, t.Length);
        Assert.Equal(new string('x', 40), t.ToString());
        Assert.True(Text40.From("").IsEmpty);
        Assert.Equal(Text40.From("abc"), Text40.From("abc"u8));
    }

    [Fact]
    public void Card_tokens_are_keyed_hashes_and_parse_back_from_hex()
    {
        var key = new byte[32];
        var a = CardToken.FromPan(key, "4000001234567899"u8);
        var b = CardToken.FromPan(key, "4000001234567899"u8);
        key[0] = 1;
        var c = CardToken.FromPan(key, "4000001234567899"u8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.False(a.IsEmpty);
        Assert.True(default(CardToken).IsEmpty);
        Assert.Matches("^[0-9a-f]{64}$", a.ToString());
        Assert.DoesNotContain("4000001234567899", a.ToString(), StringComparison.Ordinal);
        Assert.True(CardToken.TryParse(a.ToString(), out var parsed));
        Assert.Equal(a, parsed);
        Assert.False(CardToken.TryParse("abc", out _));
        Assert.False(CardToken.TryParse(new string('z', 64), out _));
    }

    [Fact]
    public void Encode_and_decode_allocate_nothing_once_warm()
    {
        var e = SampleEvents.Random(new Random(13));
        var decoded = new CardEvent();
        var buffer = new byte[CardEvent.MaxEncodedSize];
        long total = 0;
        var allocated = Allocations.Steady(() =>
        {
            var length = e.Encode(buffer);
            total += length;
            decoded.Reset();
            decoded.Decode(buffer.AsSpan(0, length));
        }, iterations: 5_000);

        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }

    internal static void AssertSame(CardEvent expected, CardEvent actual)
    {
        foreach (var field in Fields)
        {
            var a = field.GetValue(expected);
            var b = field.GetValue(actual);
            Assert.True(Equals(a, b), $"{field.Name}: expected {a}, got {b}");
        }
    }
}
