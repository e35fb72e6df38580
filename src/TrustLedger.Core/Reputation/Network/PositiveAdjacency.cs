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
        for (int e = 0; e < g.TieCount; e++) if (tieWeight[e] > 0) outStart[g.TieSource[e] + 1]++;
        for (int v = 0; v < n; v++) outStart[v + 1] += outStart[v];
        var outTarget = new int[outStart[n]];
        var a = new int[2 * outStart[n]]; var b = new int[a.Length]; var w = new double[a.Length];
        int k = 0, d = 0;
        for (int e = 0; e < g.TieCount; e++)
        {
            if (!(tieWeight[e] > 0)) continue;
            int s = g.TieSource[e], t = g.TieTarget[e];
            outTarget[k++] = t;
            a[d] = s; b[d] = t; w[d++] = tieWeight[e];
            a[d] = t; b[d] = s; w[d++] = tieWeight[e];
        }
        // Order the directed halves by (a, b) with two stable counting sorts, then merge u->v with v->u.
        var order = CountingSort.ByPair(a, b, d, n);
        var start = new int[n + 1];
        var neighbor = new List<int>(d); var weight = new List<double>(d);
        for (int i = 0; i < d;)
        {
            int x = order[i], u = a[x], v = b[x];
            double sum = 0;
            while (i < d && a[order[i]] == u && b[order[i]] == v) sum += w[order[i++]];
            neighbor.Add(v); weight.Add(sum); start[u + 1]++;
        }
        for (int v = 0; v < n; v++) start[v + 1] += start[v];
        var weights = weight.ToArray();
        var strength = new double[n];
        for (int v = 0; v < n; v++) for (int i = start[v]; i < start[v + 1]; i++) strength[v] += weights[i];
        return new PositiveAdjacency
        {
            NodeCount = n, OutStart = outStart, OutTarget = outTarget,
            Start = start, Neighbor = [.. neighbor], Weight = weights, Strength = strength,
        };
    }
}
