namespace TrustLedger.Core.Reputation;

/// <summary>
/// Plain weighted PageRank as the shared data README defines it (and networkx computes it): all parties,
/// only ties with positive plain weight (the sum of normalized ratings, no kind weights, no decay),
/// damping 0.85, uniform teleport, the mass of parties without positive out-ties spread uniformly.
/// Kept apart from the product score so it can be checked against independent references.
/// </summary>
internal static class WeightedPageRank
{
    public const double Damping = 0.85;

    public static (double[] Rank, int Iterations) Compute(ReputationGraph g, double tolerance, int maxIterations, int threads)
    {
        int n = g.NodeCount;
        if (n == 0) return ([], 0);
        var csr = WeightedInCsr.Build(g, g.PlainWeights());
        var keep = new double[n]; keep.AsSpan().Fill(1);
        var uniform = RandomWalks.Uniform(n);
        var walk = RandomWalks.Create(csr, keep, uniform, 1 - Damping).Run(uniform, tolerance, maxIterations, threads);
        return (walk.Vector, walk.Iterations);
    }
}
