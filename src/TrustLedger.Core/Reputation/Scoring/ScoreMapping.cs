namespace TrustLedger.Core.Reputation;

/// <summary>
/// score = 100 * standing * approval * quality, each factor in [0, 1]:
///   standing = r / (r + StandingHalfTrust), r = net trust * (number of parties with trust > 0), i.e. net
///              trust in units of the average party's; it saturates early, so that once a party is known
///              the score says how good it is rather than how big;
///   approval = net trust / trust: the share of a party's trust not cancelled by distrust from its raters;
///   quality  = (1 + smoothed goodness) / 2: 1 for top ratings from reliable, trusted raters, 0.5 neutral.
/// A party without net trust scores exactly 0 (so an unreachable sybil cluster scores 0 with seeds),
/// and so does a party no positive tie carries trust to: trust that is only a restart share (every
/// party's under uniform restart, a seed's own) is no evidence about the party, so nobody scores a
/// middling number for having been rated by nobody.
/// Only IEEE-exact arithmetic: the same bits everywhere.
/// </summary>
internal static class ScoreMapping
{
    /// <param name="evidenced">per party: some positive tie in force carries trust to it (<see cref="Contributions.Evidenced"/>)</param>
    public static double[] Scores(TrustVectors t, double standingHalfTrust, bool[] evidenced)
    {
        int n = t.Trust.Length, reached = 0;
        foreach (double x in t.Trust) if (x > 0) reached++;
        var score = new double[n];
        for (int v = 0; v < n; v++)
        {
            if (!(t.Net[v] > 0) || !evidenced[v]) continue;
            double r = t.Net[v] * reached;
            double standing = r / (r + standingHalfTrust);
            double approval = t.Net[v] / t.Trust[v];
            double quality = (1 + t.Goodness[v]) / 2;
            score[v] = 100 * standing * approval * quality;
        }
        return score;
    }

    /// <summary>
    /// Rank 1 is best: by score, then net trust, then canonical party order (stable, total).
    /// Percentile = 100 * (parties with a strictly lower score) / (n - 1): equal scores share a percentile.
    /// </summary>
    /// <param name="trustedOnly">if given (<see cref="PercentileBase.Trusted"/>): percentile among parties whose trust here is > 0; the others get 0</param>
    public static (int[] Rank, double[] Percentile) RankAndPercentile(double[] score, double[] net, double[]? trustedOnly = null)
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
        if (trustedOnly is not null) percentile = AmongTrusted(score, trustedOnly);
        return (rank, percentile);
    }

    /// <summary>100 * (trusted parties with a strictly lower score) / (trusted - 1); untrusted parties 0.</summary>
    private static double[] AmongTrusted(double[] score, double[] trust)
    {
        int n = score.Length;
        var sorted = new List<double>();
        for (int v = 0; v < n; v++) if (trust[v] > 0) sorted.Add(score[v]);
        sorted.Sort();
        int m = sorted.Count;
        var percentile = new double[n];
        for (int v = 0; v < n; v++)
        {
            if (!(trust[v] > 0)) continue;
            int lo = 0, hi = m;
            while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] < score[v]) lo = mid + 1; else hi = mid; }
            percentile[v] = m > 1 ? 100.0 * lo / (m - 1) : 100.0;
        }
        return percentile;
    }
}
