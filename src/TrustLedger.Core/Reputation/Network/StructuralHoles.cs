using System.Collections.Concurrent;

namespace TrustLedger.Core.Reputation;

/// <summary>
/// Burt's structural holes on the undirected positive tie graph, with networkx's weighted definitions:
/// p(u,v) = a(u,v) / sum_w a(u,w) (a = undirected tie weight);
/// constraint(u) = sum over neighbours v of (p(u,v) + sum over neighbours w of p(u,w) p(w,v))^2;
/// effective size(u) = sum over neighbours v of (1 - sum over neighbours w != v of p(u,w) m(v,w)),
/// m(v,w) = a(v,w) / max_x a(v,x). Undefined (NaN) for parties without ties.
/// Cost: sum of squared degrees; each node walks its neighbours' lists once.
/// </summary>
internal static class StructuralHoles
{
    public static (double[] Constraint, double[] EffectiveSize) Compute(PositiveAdjacency adj, int threads)
    {
        int n = adj.NodeCount;
        var maxWeight = new double[n];
        for (int v = 0; v < n; v++)
            for (int i = adj.Start[v]; i < adj.Start[v + 1]; i++) maxWeight[v] = Math.Max(maxWeight[v], adj.Weight[i]);
        var constraint = new double[n];
        var effective = new double[n];
        var pool = new ConcurrentBag<Scratch>();
        Blocks.Run(Blocks.Count(n), threads, b =>
        {
            if (!pool.TryTake(out var s)) s = new Scratch(n);
            var (first, last) = Blocks.Range(b, n);
            for (int u = first; u < last; u++) (constraint[u], effective[u]) = Node(adj, maxWeight, u, s);
            pool.Add(s);
        });
        return (constraint, effective);
    }

    private sealed class Scratch(int n)
    {
        public readonly double[] P = new double[n];        // p(u, w) for w in N(u), else 0
        public readonly bool[] InNeighborhood = new bool[n];
        public readonly double[] Indirect = new double[n]; // sum_w p(u,w) p(w,v)
        public readonly double[] Redundancy = new double[n]; // sum_w p(u,w) m(v,w)
    }

    private static (double, double) Node(PositiveAdjacency adj, double[] maxWeight, int u, Scratch s)
    {
        int first = adj.Start[u], last = adj.Start[u + 1];
        if (first == last) return (double.NaN, double.NaN);
        double strength = adj.Strength[u];
        for (int i = first; i < last; i++) { int v = adj.Neighbor[i]; s.P[v] = adj.Weight[i] / strength; s.InNeighborhood[v] = true; }
        for (int i = first; i < last; i++)
        {
            int w = adj.Neighbor[i];
            double puw = s.P[w], sw = adj.Strength[w];
            for (int j = adj.Start[w]; j < adj.Start[w + 1]; j++)
            {
                int v = adj.Neighbor[j];
                if (!s.InNeighborhood[v]) continue;
                s.Indirect[v] += puw * (adj.Weight[j] / sw);
                s.Redundancy[v] += puw * (adj.Weight[j] / maxWeight[v]);
            }
        }
        double constraint = 0, effective = 0;
        for (int i = first; i < last; i++)
        {
            int v = adj.Neighbor[i];
            double local = s.P[v] + s.Indirect[v];
            constraint += local * local;
            effective += 1 - s.Redundancy[v];
        }
        for (int i = first; i < last; i++) { int v = adj.Neighbor[i]; s.P[v] = 0; s.InNeighborhood[v] = false; s.Indirect[v] = 0; s.Redundancy[v] = 0; }
        return (constraint, effective);
    }
}
