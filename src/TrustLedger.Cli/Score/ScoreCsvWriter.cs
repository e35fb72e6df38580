using System.Globalization;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Cli.Score;

/// <summary>
/// One row per party, best first. Numbers in shortest round-trip form (parsing gives the same double back);
/// undefined values (e.g. constraint of a party without ties) are empty.
/// </summary>
internal static class ScoreCsvWriter
{
    private const string Header = "node,score,rank,percentile,confidence,pagerank,goodness,fairness,community," +
        "trust,distrust,net_trust,smoothed_goodness,smoothed_fairness,in_degree,out_degree,betweenness,eigenvector," +
        "constraint,effective_size,bonding,bridging,linking,sybil_resistant";

    public static void Write(TextWriter w, ReputationResult result)
    {
        w.WriteLine(Header);
        string sybil = result.SybilResistant ? "true" : "false";
        foreach (var p in result.Ranked())
        {
            w.Write(Quote(p.Party));
            foreach (double x in (ReadOnlySpan<double>)[p.Score, p.Rank, p.Percentile, p.Confidence, p.PageRank, p.Goodness,
                p.Fairness, p.Community, p.Trust, p.Distrust, p.NetTrust, p.SmoothedGoodness, p.SmoothedFairness,
                p.InDegree, p.OutDegree, p.Betweenness, p.Eigenvector, p.Constraint, p.EffectiveSize,
                p.Shares.Bonding, p.Shares.Bridging, p.Shares.Linking])
            {
                w.Write(',');
                if (double.IsFinite(x)) w.Write(x.ToString("R", CultureInfo.InvariantCulture));
            }
            w.Write(',');
            w.WriteLine(sybil);
        }
    }

    private static string Quote(string id) =>
        id.AsSpan().IndexOfAny(",\"\n\r") < 0 ? id : "\"" + id.Replace("\"", "\"\"") + "\"";
}
