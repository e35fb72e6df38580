using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Tests.Reputation;

public class ReferenceScoresTests
{
    private static readonly Lazy<ReputationResult> AlphaResult = new(() => ReputationEngine.Compute(TestData.BitcoinAlpha));

    [Fact]
    public void PlainSignals_OnBitcoinAlpha_MatchIndependentReferenceWithin1e9()
    {
        var reference = TestData.AlphaReference();
        var result = AlphaResult.Value;
        Assert.Equal(reference.Count, result.Parties.Count);
        double worstPageRank = 0, worstGoodness = 0, worstFairness = 0;
        foreach (var (node, expected) in reference)
        {
            var p = result[node];
            worstPageRank = Math.Max(worstPageRank, Math.Abs(p.PageRank - expected.PageRank));
            worstGoodness = Math.Max(worstGoodness, Math.Abs(p.Goodness - expected.Goodness));
            worstFairness = Math.Max(worstFairness, Math.Abs(p.Fairness - expected.Fairness));
        }
        Assert.True(worstPageRank <= 1e-9, $"pagerank off by {worstPageRank:E3}");
        Assert.True(worstGoodness <= 1e-9, $"goodness off by {worstGoodness:E3}");
        Assert.True(worstFairness <= 1e-9, $"fairness off by {worstFairness:E3}");
    }

    [Fact]
    public void Score_WithoutSeeds_RanksBenignAboveFraudulentWithAucAtLeast095()
    {
        var labels = TestData.AlphaLabels();
        var result = AlphaResult.Value;
        Assert.False(result.SybilResistant);
        var benign = labels.Where(l => l.Value).Select(l => result[l.Key].Score).ToArray();
        var fraud = labels.Where(l => !l.Value).Select(l => result[l.Key].Score).ToArray();
        double auc = Auc(benign, fraud);
        Assert.True(auc >= 0.95, $"AUC {auc:F4}");
    }

    /// <summary>Probability a random benign user outscores a random fraudulent one (ties count half).</summary>
    internal static double Auc(double[] positive, double[] negative)
    {
        double wins = 0;
        foreach (double p in positive)
            foreach (double n in negative)
                wins += p > n ? 1 : p == n ? 0.5 : 0;
        return wins / (positive.Length * (double)negative.Length);
    }
}
