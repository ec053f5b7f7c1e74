using System.Buffers;
using System.Globalization;
using System.Text;

namespace Baas.Observability.Tests;

/// <summary>Scrapes an exporter and reads the text back: samples by <c>name{labels}</c>, and the comment lines.</summary>
internal static class Exposition
{
    public static string Scrape(PrometheusExporter exporter)
    {
        var buffer = new ArrayBufferWriter<byte>();
        exporter.WriteTo(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Every sample line as series (name and labels exactly as written) to value; a repeated series fails.</summary>
    public static Dictionary<string, double> Samples(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in Lines(text))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            Assert.True(space > 0, $"not a sample: '{line}'");
            var value = line[(space + 1)..] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            Assert.True(samples.TryAdd(line[..space], value), $"series written twice: '{line}'");
        }

        return samples;
    }

    public static string[] Lines(string text)
    {
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "the exposition ends with a line feed");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
