namespace TrustLedger.Core.Reputation;

/// <summary>
/// Pull-side CSR of the ties with positive weight: for each target, its sources in ascending order.
/// When every source spreads equal weight over its ties (e.g. unweighted networks) the per-edge weights
/// are dropped and folded into one per-source factor, halving the memory the hot loop streams.
/// </summary>
internal sealed class WeightedInCsr
{
    public required int NodeCount { get; init; }
    public required int[] Start { get; init; }
    public required int[] Source { get; init; }
    /// <summary>Null when each source's weights are all equal; then <see cref="UniformWeight"/> holds them.</summary>
    public required double[]? Weight { get; init; }
    public required double[] UniformWeight { get; init; }
    /// <summary>Per source: total positive weight it gives out.</summary>
    public required double[] OutTotal { get; init; }
    public int EdgeCount => Source.Length;

    public static WeightedInCsr Build(ReputationGraph g, double[] tieWeight)
    {
        int n = g.NodeCount;
        var start = new int[n + 1];
        var outTotal = new double[n];
        var uniform = new double[n];
        bool allUniform = true;
        for (int e = 0; e < g.TieCount; e++) // out-order: sources ascending, so totals add in fixed order
        {
            double w = tieWeight[e];
            if (!(w > 0)) continue;
            int s = g.TieSource[e];
            if (outTotal[s] == 0) uniform[s] = w; else if (uniform[s] != w) allUniform = false;
            outTotal[s] += w;
            start[g.TieTarget[e] + 1]++;
        }
        for (int v = 0; v < n; v++) start[v + 1] += start[v];
        var source = new int[start[n]];
        var weight = allUniform ? null : new double[start[n]];
        int k = 0;
        for (int v = 0; v < n; v++)
        {
            for (int i = g.InStart[v]; i < g.InStart[v + 1]; i++)
            {
                int e = g.InTie[i];
                double w = tieWeight[e];
                if (!(w > 0)) continue;
                source[k] = g.TieSource[e];
                if (weight is not null) weight[k] = w;
                k++;
            }
        }
        return new WeightedInCsr { NodeCount = n, Start = start, Source = source, Weight = weight, UniformWeight = uniform, OutTotal = outTotal };
    }
}
