using System.Globalization;
using System.Net;
using System.Text;

namespace Baas.SwitchSim;

/// <summary>A self-contained HTML page for a run: latency by percentile (log scales), throughput and p99 over time, in inline SVG.</summary>
public static class HtmlReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(SimReport report, string title)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}th{text-align:left}svg{background:#fafafa;border:1px solid #ddd;margin:8px 0}.l{text-anchor:end}</style></head><body>");
        html.Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        html.Append("<pre>").Append(WebUtility.HtmlEncode(report.Summary())).Append("</pre>");
        html.Append("<h2>Latency by percentile</h2>").Append(PercentilePlot(report));
        html.Append("<h2>Throughput per second</h2>").Append(TimelinePlot(report, p => p.Received, "responses/s", log: false));
        html.Append("<h2>p99 latency per second (&micro;s)</h2>").Append(TimelinePlot(report, p => p.P99Micros, "p99 us", log: true));
        html.Append("<h2>Response codes</h2><table><tr><th>DE39</th><th>count</th></tr>");
        foreach (var (code, count) in report.ByResponseCode)
        {
            html.Append(C, $"<tr><th>{WebUtility.HtmlEncode(code)}</th><td>{count:N0}</td></tr>");
        }

        html.Append("</table>");
        if (report.MismatchSamples.Count > 0)
        {
            html.Append("<h2>Mismatches (first ").Append(report.MismatchSamples.Count).Append(")</h2><table><tr><th>terminal</th><th>STAN</th><th>MTI</th><th>kind</th><th>expected</th><th>actual</th><th>amount</th></tr>");
            foreach (var m in report.MismatchSamples)
            {
                html.Append(C, $"<tr><td>{m.Terminal}</td><td>{m.Stan}</td><td>{m.Mti}</td><td>{m.Kind}</td><td>{m.Expected}</td><td>{m.Actual}</td><td>{m.Amount}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>Latency against percentile on a "nines" axis (0, 90, 99, 99.9 ...), both scales logarithmic.</summary>
    private static string PercentilePlot(SimReport report)
    {
        const int W = 760, H = 320, L = 70, B = 40, T = 10, R = 20;
        var buckets = report.LatencyBuckets;
        var total = buckets.Sum(b => b[1]);
        var svg = new StringBuilder($"<svg width=\"{W}\" height=\"{H}\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (total == 0)
        {
            return svg.Append("<text x=\"20\" y=\"40\">no data</text></svg>").ToString();
        }

        var maxNines = Math.Max(1, Math.Log10(total));
        var minUs = Math.Max(1, buckets.Min(b => b[0]) / 1000.0);
        var maxUs = Math.Max(minUs * 10, buckets.Max(b => b[0]) / 1000.0);
        double X(double nines) => L + (nines / maxNines * (W - L - R));
        double Y(double us) => H - B - ((Math.Log10(us) - Math.Log10(minUs)) / (Math.Log10(maxUs) - Math.Log10(minUs)) * (H - B - T));
        Axes(svg, W, H, L, B, T, R);
        for (var n = 0; n <= (int)Math.Floor(maxNines); n++)
        {
            var label = n == 0 ? "0%" : (100 - (100 / Math.Pow(10, n))).ToString("0.#####", C) + "%";
            svg.Append(C, $"<text x=\"{X(n):F0}\" y=\"{H - B + 16}\" text-anchor=\"middle\" font-size=\"11\">{label}</text>");
        }

        for (var decade = Math.Pow(10, Math.Floor(Math.Log10(minUs))); decade <= maxUs * 1.01; decade *= 10)
        {
            if (decade >= minUs)
            {
                svg.Append(C, $"<text x=\"{L - 6}\" y=\"{Y(decade) + 4:F0}\" class=\"l\" font-size=\"11\">{Micros(decade)}</text><line x1=\"{L}\" x2=\"{W - R}\" y1=\"{Y(decade):F0}\" y2=\"{Y(decade):F0}\" stroke=\"#e4e4e4\"/>");
            }
        }

        var path = new StringBuilder();
        long seen = 0;
        foreach (var b in buckets)
        {
            seen += b[1];
            var fraction = Math.Min(seen / (double)total, 1 - (0.5 / total));
            var nines = -Math.Log10(1 - fraction);
            path.Append(path.Length == 0 ? 'M' : 'L').Append(C, $"{X(Math.Min(nines, maxNines)):F1},{Y(Math.Max(b[0] / 1000.0, minUs)):F1} ");
        }

        svg.Append(C, $"<path d=\"{path}\" fill=\"none\" stroke=\"#1f6fd1\" stroke-width=\"2\"/>");
        return svg.Append("</svg>").ToString();
    }

    private static string TimelinePlot(SimReport report, Func<TimelinePoint, double> value, string unit, bool log)
    {
        const int W = 760, H = 240, L = 70, B = 30, T = 10, R = 20;
        var points = report.ThroughputTimeline;
        var svg = new StringBuilder($"<svg width=\"{W}\" height=\"{H}\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (points.Count == 0)
        {
            return svg.Append("<text x=\"20\" y=\"40\">no data</text></svg>").ToString();
        }

        var max = Math.Max(1, points.Max(value));
        var min = log ? Math.Max(1, points.Where(p => value(p) > 0).Select(value).DefaultIfEmpty(1).Min()) : 0;
        if (log && max <= min)
        {
            max = min * 10;
        }

        double X(int s) => L + (points.Count == 1 ? 0 : s / (double)(points.Count - 1) * (W - L - R));
        double Y(double v) => log
            ? H - B - ((Math.Log10(Math.Max(v, min)) - Math.Log10(min)) / (Math.Log10(max) - Math.Log10(min)) * (H - B - T))
            : H - B - (v / max * (H - B - T));
        Axes(svg, W, H, L, B, T, R);
        svg.Append(C, $"<text x=\"{L - 6}\" y=\"{T + 10}\" class=\"l\" font-size=\"11\">{(log ? Micros(max) : max.ToString("N0", C))}</text>");
        svg.Append(C, $"<text x=\"{L - 6}\" y=\"{H - B}\" class=\"l\" font-size=\"11\">{(log ? Micros(min) : "0")}</text>");
        svg.Append(C, $"<text x=\"{W - R}\" y=\"{H - 8}\" text-anchor=\"end\" font-size=\"11\">{points.Count - 1} s</text><text x=\"{L}\" y=\"{H - 8}\" font-size=\"11\">0 s  ({unit})</text>");
        var path = new StringBuilder();
        foreach (var p in points)
        {
            path.Append(path.Length == 0 ? 'M' : 'L').Append(C, $"{X(p.Second):F1},{Y(value(p)):F1} ");
        }

        svg.Append(C, $"<path d=\"{path}\" fill=\"none\" stroke=\"#d1461f\" stroke-width=\"2\"/>");
        return svg.Append("</svg>").ToString();
    }

    private static void Axes(StringBuilder svg, int w, int h, int l, int b, int t, int r) =>
        svg.Append(C, $"<line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{h - b}\" stroke=\"#888\"/><line x1=\"{l}\" y1=\"{h - b}\" x2=\"{w - r}\" y2=\"{h - b}\" stroke=\"#888\"/>");

    private static string Micros(double us) => us >= 1_000_000 ? (us / 1_000_000).ToString("0.#", C) + " s" : us >= 1000 ? (us / 1000).ToString("0.#", C) + " ms" : us.ToString("0", C) + " us";
}
