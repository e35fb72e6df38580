namespace TrustLedger.Core.Reputation;

/// <summary>Social-network metrics on the positive tie graph (weight = positive evidence).</summary>
internal static class NetworkAnalysis
{
    public static NetworkMetrics Compute(ReputationGraph g, TrustVectors t, ReputationOptions o)
    {
        int n = g.NodeCount, threads = o.MaxDegreeOfParallelism;
        var adj = PositiveAdjacency.Build(g, g.Evidence);
        var betweenness = Betweenness.Compute(adj, o);
        var (eigen, _) = EigenvectorCentrality.Compute(WeightedInCsr.Build(g, g.Evidence), o.Tolerance, o.MaxIterations, threads);
        var (constraint, effective) = StructuralHoles.Compute(adj, threads);
        var (community, modularity, _) = Louvain.Compute(adj, o.CommunityResolution, o.RandomSeed);
        var resilience = n > 0 ? Resilience.Compute(g, t, betweenness.Values, adj, o) : null;
        int communities = 0;
        foreach (int c in community) communities = Math.Max(communities, c + 1);
        var summary = new NetworkSummary(communities, modularity, betweenness.Mode, resilience);
        return new NetworkMetrics(adj, betweenness.Values, eigen, constraint, effective, community, summary);
    }

    /// <summary>Without network metrics every party is its own community and the metrics are NaN.</summary>
    public static NetworkMetrics Skipped(ReputationGraph g)
    {
        int n = g.NodeCount;
        var nan = new double[n]; nan.AsSpan().Fill(double.NaN);
        return new NetworkMetrics(null, nan, nan, nan, nan, CountingSort.Identity(n), null);
    }
}

internal sealed record NetworkMetrics(PositiveAdjacency? Adjacency, double[] Betweenness, double[] Eigenvector,
    double[] Constraint, double[] EffectiveSize, int[] Community, NetworkSummary? Summary);

/// <summary>Whole-network figures.</summary>
public sealed record NetworkSummary(int Communities, double Modularity, BetweennessMode Betweenness, ResilienceReport? Resilience);
