namespace Baas.Ops.Tests;

/// <summary>A metric selector in a PromQL expression: the metric's name and the label names it matches on.</summary>
internal sealed record Selector(string Metric, IReadOnlyList<string> MatcherLabels);

/// <summary>What a PromQL expression reads: metric selectors, and label names in by/without/on/ignoring/group_x lists.</summary>
internal sealed record PromQlReferences(IReadOnlyList<Selector> Selectors, IReadOnlyList<string> GroupingLabels);

/// <summary>
/// A small PromQL scanner, enough to list the metric names an expression reads: it skips strings, range and subquery
/// brackets, function and aggregation names, keywords, numbers, durations and Grafana variables. promtool and
/// Prometheus check the syntax; this only has to find the names.
/// </summary>
internal static class PromQl
{
    private static readonly HashSet<string> Aggregations = new(StringComparer.Ordinal)
    {
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "Inf", "NaN",
    };

    private static readonly HashSet<string> LabelListKeywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    public static PromQlReferences Scan(string expr)
    {
        var selectors = new List<Selector>();
        var grouping = new List<string>();
        var i = 0;
        while (i < expr.Length)
        {
            var c = expr[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(expr, i);
            }
            else if (c == '#')
            {
                while (i < expr.Length && expr[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '[')
            {
                i = expr.IndexOf(']', i) is var end and >= 0 ? end + 1 : throw new FormatException("unclosed [ in " + expr);
            }
            else if (c == '{')
            {
                // A selector without a metric name ({__name__=...}); none of ours, but its labels are still labels.
                i = ReadMatchers(expr, i, []);
            }
            else if (c == '$')
            {
                // A Grafana variable: $name or ${name}.
                i++;
                if (i < expr.Length && expr[i] == '{')
                {
                    i = expr.IndexOf('}', i) + 1;
                }
                else
                {
                    while (i < expr.Length && IsIdentifierPart(expr[i]))
                    {
                        i++;
                    }
                }
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < expr.Length && char.IsAsciiDigit(expr[i + 1])))
            {
                while (i < expr.Length && (char.IsAsciiLetterOrDigit(expr[i]) || expr[i] is '.' or '_'))
                {
                    i++;
                }
            }
            else if (IsIdentifierStart(c))
            {
                var start = i;
                while (i < expr.Length && IsIdentifierPart(expr[i]))
                {
                    i++;
                }

                var name = expr[start..i];
                var next = SkipSpace(expr, i);
                var opensParen = next < expr.Length && expr[next] == '(';
                if (LabelListKeywords.Contains(name))
                {
                    if (opensParen)
                    {
                        var close = expr.IndexOf(')', next);
                        grouping.AddRange(expr[(next + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                        i = close + 1;
                    }
                }
                else if (Aggregations.Contains(name) || Keywords.Contains(name) || opensParen)
                {
                    // An aggregation, a keyword or a function call: not a metric.
                }
                else
                {
                    var labels = new List<string>();
                    if (next < expr.Length && expr[next] == '{')
                    {
                        i = ReadMatchers(expr, next, labels);
                    }

                    selectors.Add(new Selector(name, labels));
                }
            }
            else
            {
                i++;
            }
        }

        return new PromQlReferences(selectors, grouping);
    }

    /// <summary>Reads <c>{label op "value", ...}</c> from the brace at <paramref name="i"/>; returns the index after the closing brace.</summary>
    private static int ReadMatchers(string expr, int i, List<string> labels)
    {
        i++;
        while (i < expr.Length && expr[i] != '}')
        {
            var c = expr[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(expr, i);
            }
            else if (IsIdentifierStart(c))
            {
                var start = i;
                while (i < expr.Length && IsIdentifierPart(expr[i]))
                {
                    i++;
                }

                labels.Add(expr[start..i]);
            }
            else
            {
                i++;
            }
        }

        return i < expr.Length ? i + 1 : throw new FormatException("unclosed { in " + expr);
    }

    private static int SkipString(string expr, int i)
    {
        var quote = expr[i++];
        while (i < expr.Length && expr[i] != quote)
        {
            i += expr[i] == '\\' && quote != '`' ? 2 : 1;
        }

        return i < expr.Length ? i + 1 : throw new FormatException("unclosed string in " + expr);
    }

    private static int SkipSpace(string expr, int i)
    {
        while (i < expr.Length && char.IsWhiteSpace(expr[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';
}
