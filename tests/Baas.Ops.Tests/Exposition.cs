using System.Globalization;

namespace Baas.Ops.Tests;

/// <summary>One metric family of a scrape: its TYPE, and the label names of each sample name it has series for.</summary>
internal sealed record ExposedFamily(string Name, string Type, IReadOnlyDictionary<string, HashSet<string>> SampleLabels);

/// <summary>Reads a Prometheus text exposition (format 0.0.4) into families, as Prometheus would ingest it.</summary>
internal static class Exposition
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];
    private static readonly string[] SummarySuffixes = ["_sum", "_count"];

    public static IReadOnlyDictionary<string, ExposedFamily> Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                types[parts[2]] = parts[3];
                continue;
            }

            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var (name, labels) = ParseSample(line);
            var family = FamilyOf(name, types);
            if (!samples.TryGetValue(family, out var byName))
            {
                samples[family] = byName = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            }

            if (!byName.TryGetValue(name, out var set))
            {
                byName[name] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(labels);
        }

        return types.ToDictionary(
            t => t.Key,
            t => new ExposedFamily(t.Key, t.Value, samples.TryGetValue(t.Key, out var s) ? s : new Dictionary<string, HashSet<string>>()),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The family a series name belongs to: <c>_bucket</c>, <c>_sum</c> and <c>_count</c> are stripped only when what
    /// is left is a histogram (or, without <c>_bucket</c>, a summary); any other name is its own family.
    /// </summary>
    public static string FamilyOf(string seriesName, IReadOnlyDictionary<string, string> types)
    {
        if (types.ContainsKey(seriesName))
        {
            return seriesName;
        }

        foreach (var suffix in HistogramSuffixes)
        {
            if (seriesName.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(seriesName[..^suffix.Length], out var type)
                && (type == "histogram" || (type == "summary" && SummarySuffixes.Contains(suffix))))
            {
                return seriesName[..^suffix.Length];
            }
        }

        return seriesName;
    }

    /// <summary>The family of <paramref name="seriesName"/> in a parsed scrape.</summary>
    public static string FamilyOf(string seriesName, IReadOnlyDictionary<string, ExposedFamily> families) =>
        FamilyOf(seriesName, families.ToDictionary(f => f.Key, f => f.Value.Type, StringComparer.Ordinal));

    /// <summary>The value of the sample line for <paramref name="seriesName"/> whose labels include every pair given, summed.</summary>
    public static double Sum(string text, string seriesName, params (string Label, string Value)[] labels)
    {
        double total = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(seriesName, StringComparison.Ordinal))
            {
                continue;
            }

            var (name, _) = ParseSample(line);
            if (name == seriesName && labels.All(l => line.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                // The value follows the name and labels; a timestamp may follow the value.
                var rest = line.Contains('{', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[name.Length..];
                total += double.Parse(rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    private static (string Name, List<string> Labels) ParseSample(string line)
    {
        var end = 0;
        while (end < line.Length && line[end] != '{' && line[end] != ' ')
        {
            end++;
        }

        var name = line[..end];
        var labels = new List<string>();
        if (end < line.Length && line[end] == '{')
        {
            var i = end + 1;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                labels.Add(line[i..eq].Trim().TrimStart(','));
                i = eq + 2;
                while (line[i] != '"')
                {
                    i += line[i] == '\\' ? 2 : 1;
                }

                i++;
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
            }
        }

        return (name, labels);
    }
}
