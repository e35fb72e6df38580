using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Tests.Reputation;

public class NetworkMetricsTests
{
    private static readonly Lazy<ReputationResult> Karate = new(() =>
        ReputationEngine.Compute(KarateClub.Edges(), new ReputationOptions { ResilienceTopK = 1 }));

    [Fact]
    public void KarateClub_CentralitiesAndStructuralHoles_MatchNetworkx()
    {
        var r = Karate.Value;
        for (int v = 0; v < 34; v++)
        {
            var p = r[v.ToString()];
            Assert.Equal(2 * KarateClub.Betweenness[v], p.Betweenness, 1e-9);
            Assert.Equal(KarateClub.Constraint[v], p.Constraint, 1e-12);
            Assert.Equal(KarateClub.EffectiveSize[v], p.EffectiveSize, 1e-12);
            Assert.Equal(KarateClub.Eigenvector[v], p.Eigenvector, 1e-8);
            Assert.Equal(KarateClub.Friendships.Count(f => f.Item1 == v || f.Item2 == v), p.InDegree);
        }
        Assert.True(r.Network!.Betweenness.Exact);
    }

    [Fact]
    public void Modularity_OfTheTwoFactionSplit_MatchesNetworkx()
    {
        var graph = ReputationGraph.Build(EdgeTable.From(KarateClub.Edges()), new ReputationOptions());
        var adjacency = PositiveAdjacency.Build(graph, graph.Evidence);
        var split = Enumerable.Range(0, 34).Select(v => KarateClub.MrHiFaction.Contains(v) ? 0 : 1).ToArray();
        int[] byIndex = new int[34];
        for (int v = 0; v < 34; v++) byIndex[graph.IndexOf(v.ToString())] = split[v];
        Assert.Equal(KarateClub.FactionModularity, Louvain.Modularity(adjacency, byIndex, 1.0), 1e-12);
    }

    [Fact]
    public void Louvain_OnKarateClub_FindsTheKnownOptimumRegion_AndIsSeeded()
    {
        var r = Karate.Value;
        Assert.InRange(r.Network!.Modularity, 0.41, 0.4199); // best known partition: 0.41979
        Assert.InRange(r.Network.Communities, 3, 5);
        var again = ReputationEngine.Compute(KarateClub.Edges(), new ReputationOptions { ResilienceTopK = 1 });
        Assert.Equal(r.Parties.Select(p => p.Community), again.Parties.Select(p => p.Community));
    }

    [Fact]
    public void Resilience_RemovingTheTopBroker_ReportsWhatSurvives()
    {
        var resilience = Karate.Value.Network!.Resilience!;
        Assert.Equal(["0"], resilience.KeyPlayers);
        Assert.Equal(34, resilience.LargestComponentBefore);
        Assert.Equal(KarateClub.LargestComponentWithout0, resilience.LargestComponentAfter);
        Assert.InRange(resilience.TrustSurvival, 0.01, 0.99); // member 0 carries much of the club's trust flow
    }

    [Fact]
    public void Recommendations_PointAcrossStructuralHoles_AndLowerConstraint()
    {
        var r = Karate.Value;
        var recommendations = r.Recommend("11", 2); // member 11 knows only member 0
        Assert.NotEmpty(recommendations);
        foreach (var rec in recommendations)
        {
            Assert.NotEqual(r["11"].Community, rec.Community);
            Assert.NotEqual(r["0"].Community, rec.Community);
            Assert.True(rec.ConstraintAfter < rec.ConstraintBefore, rec.Reason);
            Assert.Contains(rec.Party, rec.Reason);
        }
    }

    [Fact]
    public void SampledBetweenness_OnBitcoinAlpha_StaysWithinItsStatedBound()
    {
        var table = TestData.BitcoinAlpha;
        var exact = ReputationEngine.Compute(table);
        var sampled = ReputationEngine.Compute(table, new ReputationOptions { BetweennessExactMaxWork = 0, BetweennessSamples = 300 });
        var mode = sampled.Network!.Betweenness;
        Assert.False(mode.Exact);
        Assert.Equal(300, mode.Sources);
        double worst = exact.Parties.Max(p => Math.Abs(p.Betweenness - sampled[p.Party].Betweenness));
        Assert.True(worst <= mode.ErrorBound, $"worst error {worst:E3} above bound {mode.ErrorBound:E3}");
    }

    [Fact]
    public void Explanation_SharesAddUp_AndTopContributorsAreRealRaters()
    {
        var r = ReputationEngine.Compute(TestData.BitcoinAlpha);
        var top = r.Ranked().First();
        var why = r.Explain(top.Party);
        var s = why.Shares;
        Assert.Equal(1.0, s.Bonding + s.Bridging + s.Linking, 1e-12);
        Assert.NotEmpty(why.TopContributors);
        Assert.True(why.TopContributors.Zip(why.TopContributors.Skip(1)).All(x => x.First.Amount >= x.Second.Amount));
        Assert.Contains("not sybil-resistant", why.Summary);
        Assert.InRange(top.Confidence, 0.01, 1);
    }
}

public class ExactBetweennessTests
{
    /// <summary>Bitcoin Alpha is small enough for exact Brandes (its time is a benchmark: scripts/bench.sh reputation).</summary>
    [Fact]
    public void Betweenness_OnBitcoinAlpha_IsExact()
    {
        var graph = ReputationGraph.Build(TestData.BitcoinAlpha, new ReputationOptions());
        var result = Betweenness.Compute(PositiveAdjacency.Build(graph, graph.Evidence), new ReputationOptions());
        Assert.True(result.Mode.Exact);
    }
}
