namespace TrustLedger.Core.Reputation;

/// <summary>
/// score = 100 * level(net trust) * (1 + smoothed goodness) / 2.
/// level(t) = r / (1 + r) with r = t * (number of parties with trust > 0): 0.5 at average trust, towards 1
/// for the most trusted. The goodness factor is 1 for parties rated at the top of the scale by reliable,
/// trusted raters, 0.5 for neutral, 0 for uniformly condemned. A party with no net trust scores exactly 0.
/// Only IEEE-exact arithmetic: the same bits everywhere.
/// </summary>
internal static class ScoreMapping
{
    public static double[] Scores(TrustVectors t)
    {
        int n = t.Trust.Length, reached = 0;
        foreach (double x in t.Trust) if (x > 0) reached++;
        var score = new double[n];
        for (int v = 0; v < n; v++)
        {
            double r = t.Net[v] * reached;
            double level = r / (1 + r);
            score[v] = 100 * level * ((1 + t.Goodness[v]) / 2);
        }
        return score;
    }

    /// <summary>
    /// Rank 1 is best: by score, then net trust, then canonical party order (stable, total).
    /// Percentile = 100 * (parties with a strictly lower score) / (n - 1): equal scores share a percentile.
    /// </summary>
    public static (int[] Rank, double[] Percentile) RankAndPercentile(double[] score, double[] net)
    {
        int n = score.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int c = score[b].CompareTo(score[a]);
            if (c != 0) return c;
            c = net[b].CompareTo(net[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var rank = new int[n];
        var percentile = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && score[order[j]] == score[order[i]]) j++;
            int lower = n - j;
            double p = n > 1 ? 100.0 * lower / (n - 1) : 100.0;
            for (int k = i; k < j; k++) { rank[order[k]] = k + 1; percentile[order[k]] = p; }
            i = j;
        }
        return (rank, percentile);
    }
}
