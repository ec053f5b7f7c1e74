namespace Baas.Redis.Tests;

/// <summary>Endpoints come from configuration strings such as <c>BAAS_REDIS=127.0.0.1:56379</c>.</summary>
public sealed class RedisEndPointTests
{
    [Theory]
    [InlineData("127.0.0.1:56379", "127.0.0.1", 56379)]
    [InlineData(" redis.internal:6380 ", "redis.internal", 6380)]
    [InlineData("localhost", "localhost", 6379)]
    [InlineData("[::1]:7000", "::1", 7000)]
    [InlineData("[::1]", "::1", 6379)]
    [InlineData("::1", "::1", 6379)]
    public void Parses_host_and_port(string text, string host, int port)
    {
        var endPoint = RedisEndPoint.Parse(text);

        Assert.Equal(host, endPoint.Host);
        Assert.Equal(port, endPoint.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:")]
    [InlineData(":6379")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:12x")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    public void Rejects_what_is_not_an_endpoint(string text)
    {
        Assert.False(RedisEndPoint.TryParse(text, out _));
        Assert.Throws<FormatException>(() => RedisEndPoint.Parse(text));
    }

    [Fact]
    public void Formats_back_to_the_same_text()
    {
        Assert.Equal("127.0.0.1:56379", RedisEndPoint.Parse("127.0.0.1:56379").ToString());
        Assert.Equal("[::1]:7000", RedisEndPoint.Parse("[::1]:7000").ToString());
    }

    [Fact]
    public void Options_with_a_bad_endpoint_or_timeout_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new RedisClient(new RedisClientOptions { EndPoint = "nope:" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedisClient(new RedisClientOptions { CommandTimeout = TimeSpan.Zero }));
    }
}
