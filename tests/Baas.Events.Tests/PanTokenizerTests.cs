using System.Security.Cryptography;
using System.Text;

namespace Baas.Events.Tests;

/// <summary>The managed PAN tokenizer computes exactly the platform's HMAC-SHA256.</summary>
public sealed class PanTokenizerTests
{
    [Fact]
    public void Rfc4231_test_case_2()
    {
        // RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?".
        var tokenizer = new PanTokenizer("Jefe"u8);
        Span<byte> mac = stackalloc byte[32];
        tokenizer.Compute("what do ya want for nothing?"u8, mac);
        Assert.Equal("5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843", Convert.ToHexString(mac));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(131)]
    public void Agrees_with_the_platform_for_every_message_length(int keyLength)
    {
        var random = new Random(keyLength + 7);
        var key = new byte[keyLength];
        random.NextBytes(key);
        var tokenizer = new PanTokenizer(key);
        Span<byte> mine = stackalloc byte[32];
        Span<byte> theirs = stackalloc byte[32];
        for (var length = 0; length <= 55; length++)
        {
            var message = new byte[length];
            random.NextBytes(message);
            tokenizer.Compute(message, mine);
            HMACSHA256.HashData(key, message, theirs);
            Assert.True(mine.SequenceEqual(theirs), $"key {keyLength} bytes, message {length} bytes");
        }
    }

    [Fact]
    public void Token_matches_CardToken_FromPan()
    {
        var key = Convert.FromHexString("00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF");
        var pan = Encoding.ASCII.GetBytes("4111111111111111");
        Assert.Equal(CardToken.FromPan(key, pan), new PanTokenizer(key).Tokenize(pan));
    }

    [Fact]
    public void Refuses_messages_longer_than_one_block()
    {
        var tokenizer = new PanTokenizer("k"u8);
        Assert.Throws<ArgumentException>(() => tokenizer.Compute(new byte[56], new byte[32]));
    }

    [Fact]
    public void Tokenizing_does_not_allocate()
    {
        var tokenizer = new PanTokenizer("key"u8);
        var pan = "5500000000000004"u8.ToArray();

        Assert.Equal(0, Allocations.Steady(() => tokenizer.Tokenize(pan)));
    }
}
