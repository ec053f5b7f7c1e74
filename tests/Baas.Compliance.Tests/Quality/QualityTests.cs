using Baas.Compliance.Screening;
using Xunit.Abstractions;

namespace Baas.Compliance.Tests.Quality;

/// <summary>
/// Precision and recall on the labelled set built from the 2021 SDN list (docs/screening.md). The table is
/// printed; the figures at the default threshold must stay within a small margin of those measured.
/// </summary>
public class QualityTests(ITestOutputHelper output)
{
    [Fact]
    public void Precision_and_recall_at_the_default_threshold_hold()
    {
        var list = TestData.Sdn;
        var (positives, negatives) = LabelledSet.Build(list);
        var (rows, byKind, misses) = QualityEvaluation.Run(list, positives, negatives, ScreeningOptions.DefaultThreshold);

        output.WriteLine($"labelled set: {positives.Count} true matches, {negatives.Count} true non-matches ({LabelledSet.ExcludedNegatives(list)} person combinations excluded as contained in a list name)");
        output.WriteLine("| threshold | recall | precision | F1 | non-matches alerted | TP | FN | FP |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            output.WriteLine($"| {r.Threshold:0.00} | {r.Recall:0.000} | {r.Precision:0.000} | {r.F1:0.000} | {r.FalseAlertRate:0.000} | {r.TruePositives} | {r.FalseNegatives} | {r.FalsePositives} |");
        }

        output.WriteLine("");
        output.WriteLine($"recall by variant at {ScreeningOptions.DefaultThreshold:0.00}:");
        foreach (var (kind, (total, found)) in byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"| {kind} | {total} | {(double)found / total:0.000} |");
        }

        output.WriteLine("");
        foreach (var (query, target, best) in misses.Take(400))
        {
            output.WriteLine(target < 0 ? $"FP  {query.Name} ({query.Kind}) best {best:0.000}" : $"FN  {query.Name} ({query.Kind}, {query.TargetId}) target {target:0.000} other {best:0.000} [{string.Join(" / ", TestData.Sdn.Find("ofac-sdn", query.TargetId!)!.Names.Select(n => n.Text).Take(3))}]");
        }

        var at = rows.Single(r => Math.Abs(r.Threshold - ScreeningOptions.DefaultThreshold) < 1e-9);
        Assert.True(at.Recall >= MeasuredRecall - Margin, $"recall {at.Recall:0.000} fell below {MeasuredRecall - Margin:0.000}");
        Assert.True(at.Precision >= MeasuredPrecision - Margin, $"precision {at.Precision:0.000} fell below {MeasuredPrecision - Margin:0.000}");
    }

    // Measured at the default threshold (docs/screening.md); the test allows this much drift.
    private const double MeasuredRecall = 0.986;
    private const double MeasuredPrecision = 0.977;
    private const double Margin = 0.02;
}
