using TrustLedger.Core.Reputation;

namespace TrustLedger.Benchmarks.Sybil;

/// <summary>A score per party (graph index order) and its percentile in the product's definition.</summary>
public sealed record Scored(IReadOnlyList<string> Parties, double[] Score, double[] Percentile)
{
    private Dictionary<string, int>? _index;
    public int IndexOf(string p) => (_index ??= Parties.Select((x, i) => (x, i)).ToDictionary(t => t.x, t => t.i, StringComparer.Ordinal))[p];
    public double ScoreOf(string p) => Score[IndexOf(p)];

    /// <summary>Percentile = 100 x (parties with a strictly lower score) / (n - 1); equal scores share it (ScoreMapping's rule).</summary>
    public static double[] PercentileOf(double[] score, Func<int, bool>? member = null)
    {
        int n = score.Length;
        var idx = Enumerable.Range(0, n).Where(i => member is null || member(i)).ToArray();
        var sorted = idx.Select(i => score[i]).ToArray();
        Array.Sort(sorted);
        var p = new double[n];
        Array.Fill(p, double.NaN);
        int m = sorted.Length;
        foreach (int i in idx)
        {
            int lower = LowerBound(sorted, score[i]);
            p[i] = m > 1 ? 100.0 * lower / (m - 1) : 100.0;
        }
        return p;
    }

    private static int LowerBound(double[] a, double x)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
        return lo;
    }
}

public sealed record Figures(double Auc, double BestPromotedPercentile, double BestPromotedPercentileHonest, int BestPromotedRank,
    string BestTarget, double MedianPromotedPercentile, int TargetsAbove90);

public static class Metrics
{
    /// <summary>Benign (+1) vs fraudulent (-1): P(score benign > score fraud) + 1/2 P(equal), over all labelled pairs.</summary>
    public static double Auc(Scored s, SortedDictionary<string, int> labels)
    {
        var benign = labels.Where(kv => kv.Value == 1).Select(kv => s.ScoreOf(kv.Key)).ToArray();
        var fraud = labels.Where(kv => kv.Value == -1).Select(kv => s.ScoreOf(kv.Key)).ToArray();
        double wins = 0;
        foreach (double b in benign) foreach (double f in fraud) wins += b > f ? 1 : b == f ? 0.5 : 0;
        return wins / benign.Length / fraud.Length;
    }

    public static Figures Of(Scored s, SortedDictionary<string, int> labels, string[] targets, Func<string, bool> isSybil)
    {
        double auc = Auc(s, labels);
        var honestPct = Scored.PercentileOf(s.Score, i => !isSybil(s.Parties[i]));
        double best = -1, bestHonest = -1; string bestTarget = "";
        var pcts = new List<double>();
        int above = 0;
        foreach (string t in targets)
        {
            int i = s.IndexOf(t);
            pcts.Add(s.Percentile[i]);
            if (s.Percentile[i] > 90) above++;
            if (s.Percentile[i] > best) { best = s.Percentile[i]; bestTarget = t; }
            bestHonest = Math.Max(bestHonest, honestPct[i]);
        }
        pcts.Sort();
        if (targets.Length == 0) return new Figures(auc, double.NaN, double.NaN, 0, "", double.NaN, 0);
        // best rank: 1 + parties with a strictly higher score (ties share the best rank)
        double bestScore = s.ScoreOf(bestTarget);
        int rank = 1 + s.Score.Count(x => x > bestScore);
        return new Figures(auc, best, bestHonest, rank, bestTarget, pcts.Count > 0 ? pcts[pcts.Count / 2] : double.NaN, above);
    }

    /// <summary>
    /// The plain average (ERC-8004 getSummary(agentId, getClients(agentId), "", "")): mean of every rating the party
    /// received, raw scale, each rating once, no decay. A party nobody rated has no summary and ranks below everyone.
    /// </summary>
    public static Scored Average(IReadOnlyList<string> parties, Func<string, int> index, IEnumerable<RawEdge> edges)
    {
        var sum = new double[parties.Count];
        var count = new int[parties.Count];
        foreach (var e in edges) { int t = index(e.Target); sum[t] += e.Rating; count[t]++; }
        var score = new double[parties.Count];
        for (int i = 0; i < score.Length; i++) score[i] = count[i] > 0 ? sum[i] / count[i] : double.NegativeInfinity;
        return new Scored(parties, score, Scored.PercentileOf(score));
    }
}
