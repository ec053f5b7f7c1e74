using Baas.Compliance.Screening.Lists;
using Baas.Compliance.Screening.Matching;

namespace Baas.Compliance.Tests.Quality;

/// <summary>Precision and recall of one threshold over the labelled set.</summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="TruePositives">True matches whose entry scored at or above the threshold.</param>
/// <param name="FalseNegatives">True matches whose entry did not.</param>
/// <param name="FalsePositives">Queries that alerted without their entry among the hits (non-matches that hit, matches that hit only other entries).</param>
/// <param name="NegativesAlerted">Non-matches with any hit.</param>
/// <param name="Positives">Number of true matches.</param>
/// <param name="Negatives">Number of non-matches.</param>
internal sealed record ThresholdRow(double Threshold, int TruePositives, int FalseNegatives, int FalsePositives, int NegativesAlerted, int Positives, int Negatives)
{
    public double Recall => (double)TruePositives / Positives;

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double F1 => 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Share of non-matches that alerted: independent of how many matches the set holds.</summary>
    public double FalseAlertRate => (double)NegativesAlerted / Negatives;
}

/// <summary>Screens the labelled set once at a low threshold and reads every threshold's figures from the scores.</summary>
internal static class QualityEvaluation
{
    public static readonly double[] Thresholds = [0.80, 0.82, 0.85, 0.88, 0.90, 0.92, 0.95];

    public static (List<ThresholdRow> Rows, Dictionary<string, (int Total, int Found)> RecallByKind, List<(LabelledQuery Query, double Target, double Best)> Misses) Run(
        SanctionsList list, List<LabelledQuery> positives, List<LabelledQuery> negatives, double kindThreshold)
    {
        const double Floor = 0.70;
        var positiveScores = new List<(LabelledQuery Query, double Target, double Other)>();
        foreach (var q in positives)
        {
            var result = list.Screen(new ScreeningQuery(q.Name), Floor, maxHits: 1000);
            var target = result.Hits.Where(h => h.EntryId == q.TargetId).Select(h => h.Score).DefaultIfEmpty(0).Max();
            var other = result.Hits.Where(h => h.EntryId != q.TargetId).Select(h => h.Score).DefaultIfEmpty(0).Max();
            positiveScores.Add((q, target, other));
        }

        var negativeScores = new List<(LabelledQuery Query, double Best)>();
        foreach (var q in negatives)
        {
            var result = list.Screen(new ScreeningQuery(q.Name), Floor, maxHits: 1);
            negativeScores.Add((q, result.Hits.Count == 0 ? 0 : result.Hits[0].Score));
        }

        var rows = new List<ThresholdRow>();
        foreach (var t in Thresholds)
        {
            var tp = positiveScores.Count(p => p.Target >= t);
            var wrongOnly = positiveScores.Count(p => p.Target < t && p.Other >= t);
            var negativesAlerted = negativeScores.Count(n => n.Best >= t);
            rows.Add(new ThresholdRow(t, tp, positives.Count - tp, wrongOnly + negativesAlerted, negativesAlerted, positives.Count, negatives.Count));
        }

        var byKind = positiveScores
            .GroupBy(p => p.Query.Kind)
            .ToDictionary(g => g.Key, g => (g.Count(), g.Count(p => p.Target >= kindThreshold)));
        var misses = positiveScores.Where(p => p.Target < kindThreshold).Select(p => (p.Query, p.Target, p.Other))
            .Concat(negativeScores.Where(n => n.Best >= kindThreshold).Select(n => (n.Query, -1.0, n.Best)))
            .ToList();
        return (rows, byKind, misses);
    }
}
