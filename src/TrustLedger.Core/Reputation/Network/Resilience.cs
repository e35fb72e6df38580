namespace TrustLedger.Core.Reputation;

/// <summary>
/// What survives when the k key players (highest betweenness, ties by canonical order) disappear:
/// their ties are removed, raters re-split their budgets over the ties left, seeds among them are dropped
/// (uniform restart over the rest if no seed is left) and pass-2 trust is recomputed with the same fairness.
/// TrustSurvival = trust the remaining parties earn through ties afterwards / what they earned before
/// (restart mass excluded); ComponentSurvival = size of the largest weakly connected component of the
/// positive tie graph afterwards / before.
/// </summary>
internal static class Resilience
{
    public static ResilienceReport Compute(ReputationGraph g, TrustVectors t, double[] betweenness,
        PositiveAdjacency adj, int[] seeds, ReputationOptions o)
    {
        int n = g.NodeCount, k = Math.Min(o.ResilienceTopK, n);
        var order = CountingSort.Identity(n);
        Array.Sort(order, (a, b) => betweenness[b] != betweenness[a] ? betweenness[b].CompareTo(betweenness[a]) : a.CompareTo(b));
        var removed = new bool[n];
        var keyPlayers = new string[k];
        for (int i = 0; i < k; i++) { removed[order[i]] = true; keyPlayers[i] = g.Parties[order[i]]; }

        var flow = (double[])t.TieFlow.Clone();
        var positive = new double[n]; var negative = new double[n];
        for (int e = 0; e < g.TieCount; e++)
        {
            if (removed[g.TieSource[e]] || removed[g.TieTarget[e]]) { flow[e] = 0; continue; }
            double w = g.Evidence[e];
            if (w > 0) positive[g.TieSource[e]] += w; else negative[g.TieSource[e]] -= w;
        }
        var csr = WeightedInCsr.Build(g, flow);
        var keep = GlobalTrust.Keep(csr, positive, negative, t.Fairness);
        int[] seedsLeft = seeds.Where(s => !removed[s]).ToArray();
        double[] restart = seedsLeft.Length > 0 ? GlobalTrust.RestartDistribution(n, seedsLeft) : UniformExcept(removed);
        var after = RandomWalks.Create(csr, keep, restart, o.Alpha)
            .Run(restart, o.Tolerance, o.MaxIterations, o.MaxDegreeOfParallelism);

        double before = 0, kept = 0;
        for (int v = 0; v < n; v++)
        {
            if (removed[v]) continue;
            before += t.Trust[v] - t.Restart[v] * t.RestartMass;
            kept += after.Vector[v] - restart[v] * after.RestartMass;
        }
        int lccBefore = LargestComponent(adj, new bool[n]), lccAfter = LargestComponent(adj, removed);
        return new ResilienceReport(keyPlayers, before > 0 ? kept / before : 0, lccBefore, lccAfter,
            lccBefore > 0 ? (double)lccAfter / lccBefore : 0);
    }

    private static double[] UniformExcept(bool[] removed)
    {
        int alive = removed.Count(r => !r);
        var restart = new double[removed.Length];
        for (int v = 0; v < removed.Length; v++) if (!removed[v]) restart[v] = 1.0 / alive;
        return restart;
    }

    private static int LargestComponent(PositiveAdjacency adj, bool[] removed)
    {
        int n = adj.NodeCount;
        var parent = CountingSort.Identity(n);
        int Find(int x) { while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; } return x; }
        for (int v = 0; v < n; v++)
        {
            if (removed[v]) continue;
            for (int i = adj.Start[v]; i < adj.Start[v + 1]; i++)
            {
                int u = adj.Neighbor[i];
                if (removed[u]) continue;
                int a = Find(u), b = Find(v);
                if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
            }
        }
        var size = new int[n];
        int largest = 0;
        for (int v = 0; v < n; v++) if (!removed[v]) largest = Math.Max(largest, ++size[Find(v)]);
        return largest;
    }
}

/// <summary>Effect of removing the top-k key players (see REPUTATION.md, "Resilience").</summary>
public sealed record ResilienceReport(IReadOnlyList<string> KeyPlayers, double TrustSurvival,
    int LargestComponentBefore, int LargestComponentAfter, double ComponentSurvival);
