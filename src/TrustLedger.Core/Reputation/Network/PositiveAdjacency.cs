namespace TrustLedger.Core.Reputation;

/// <summary>
/// The positive tie graph the network metrics run on (ties with positive evidence): directed out-lists for
/// shortest paths, and an undirected weighted view (weight = w(u,v) + w(v,u)) for communities and structural
/// holes. Neighbour lists are in ascending index order.
/// </summary>
internal sealed class PositiveAdjacency
{
    public required int NodeCount { get; init; }
    public required int[] OutStart { get; init; }
    public required int[] OutTarget { get; init; }
    public required int[] Start { get; init; }
    public required int[] Neighbor { get; init; }
    public required double[] Weight { get; init; }
    /// <summary>Per node: sum of undirected tie weights (its strength).</summary>
    public required double[] Strength { get; init; }

    public int Degree(int v) => Start[v + 1] - Start[v];

    public static PositiveAdjacency Build(ReputationGraph g, double[] tieWeight)
    {
        int n = g.NodeCount;
        var outStart = new int[n + 1];
        for (int u = 0; u < n; u++) for (int e = g.OutStart[u]; e < g.OutStart[u + 1]; e++) if (tieWeight[e] > 0) outStart[u + 1]++;
        for (int v = 0; v < n; v++) outStart[v + 1] += outStart[v];
        var outTarget = new int[outStart[n]];
        for (int e = 0, k = 0; e < g.TieCount; e++) if (tieWeight[e] > 0) outTarget[k++] = g.TieTarget[e];
        // Undirected lists: merge each node's sorted out-targets with its sorted in-sources (no sorting needed).
        var start = new int[n + 1];
        for (int u = 0; u < n; u++) start[u + 1] = start[u] + Merge(g, tieWeight, u, null, null, 0);
        var neighbor = new int[start[n]];
        var weights = new double[start[n]];
        for (int u = 0; u < n; u++) Merge(g, tieWeight, u, neighbor, weights, start[u]);
        var strength = new double[n];
        for (int v = 0; v < n; v++) for (int i = start[v]; i < start[v + 1]; i++) strength[v] += weights[i];
        return new PositiveAdjacency
        {
            NodeCount = n, OutStart = outStart, OutTarget = outTarget,
            Start = start, Neighbor = neighbor, Weight = weights, Strength = strength,
        };
    }

    /// <summary>Writes u's undirected neighbours (ascending, weight w(u,v) + w(v,u)) from offset `at`; returns how many.</summary>
    private static int Merge(ReputationGraph g, double[] tieWeight, int u, int[]? neighbor, double[]? weight, int at)
    {
        int e = g.OutStart[u], eEnd = g.OutStart[u + 1], i = g.InStart[u], iEnd = g.InStart[u + 1], count = 0;
        while (true)
        {
            while (e < eEnd && !(tieWeight[e] > 0)) e++;
            while (i < iEnd && !(tieWeight[g.InTie[i]] > 0)) i++;
            if (e == eEnd && i == iEnd) return count;
            int outV = e < eEnd ? g.TieTarget[e] : int.MaxValue, inV = i < iEnd ? g.InSource[i] : int.MaxValue;
            int v = Math.Min(outV, inV);
            double w = 0;
            if (outV == v) w += tieWeight[e++];
            if (inV == v) w += tieWeight[g.InTie[i++]];
            if (neighbor is not null) { neighbor[at + count] = v; weight![at + count] = w; }
            count++;
        }
    }
}
