namespace TrustLedger.Core.Reputation;

/// <summary>
/// What survives when the k key players (highest betweenness, ties by canonical order) disappear. Trust:
/// pass-2 trust is recomputed with the key players as absorbing nodes (held at 0; trust walking into them,
/// and their restart share if they are seeds, is lost; nobody re-routes budgets), so
/// TrustSurvival = trust the remaining parties earn through ties afterwards / what they earned before
/// (restart mass excluded), in [0, 1]: the share of trust flow that does not depend on the key players.
/// ComponentSurvival = size of the largest weakly connected component of the positive tie graph
/// afterwards / before.
/// </summary>
internal static class Resilience
{
    public static ResilienceReport Compute(ReputationGraph g, TrustVectors t, double[] betweenness,
        PositiveAdjacency adj, ReputationOptions o)
    {
        int n = g.NodeCount, k = Math.Min(o.ResilienceTopK, n);
        var order = CountingSort.Identity(n);
        Array.Sort(order, (a, b) => betweenness[b] != betweenness[a] ? betweenness[b].CompareTo(betweenness[a]) : a.CompareTo(b));
        var removed = new bool[n];
        var keyPlayers = new string[k];
        for (int i = 0; i < k; i++) { removed[order[i]] = true; keyPlayers[i] = g.Parties[order[i]]; }

        // Same budgets, fairness and restart as before; the key players absorb what walks into them.
        var csr = g.TrustTopologyFor(o.ReciprocalTieWeight).Csr;
        var keep = GlobalTrust.Keep(csr, t.Budget, t.Fairness);
        var after = RandomWalks.Create(csr, keep, t.Restart, o.Alpha, removed)
            .Run(t.Restart, o.Tolerance, o.MaxIterations, o.MaxDegreeOfParallelism);

        double before = 0, kept = 0;
        for (int v = 0; v < n; v++)
        {
            if (removed[v]) continue;
            before += t.Trust[v] - t.Restart[v] * t.RestartMass;
            kept += after.Vector[v] - t.Restart[v] * after.RestartMass;
        }
        int lccBefore = LargestComponent(adj, new bool[n]), lccAfter = LargestComponent(adj, removed);
        return new ResilienceReport(keyPlayers, before > 0 ? kept / before : 0, lccBefore, lccAfter,
            lccBefore > 0 ? (double)lccAfter / lccBefore : 0);
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

/// <summary>Effect of removing the top-k key players (see docs/reputation.md, "Resilience").</summary>
public sealed record ResilienceReport(IReadOnlyList<string> KeyPlayers, double TrustSurvival,
    int LargestComponentBefore, int LargestComponentAfter, double ComponentSurvival);
