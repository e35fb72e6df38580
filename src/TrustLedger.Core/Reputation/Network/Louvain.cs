namespace TrustLedger.Core.Reputation;

/// <summary>
/// Louvain community detection (Blondel et al. 2008) on the undirected positive tie graph, modularity
/// with a resolution parameter. Nodes are visited in a seeded random order (SplitMix64) each level; a node
/// moves to the neighbouring community with the strictly largest gain, the first one met in ascending
/// neighbour order winning ties, so the same seed gives the same partition everywhere. Communities are
/// numbered by their smallest member index.
/// </summary>
internal static class Louvain
{
    private const int MaxSweeps = 64;

    public static (int[] Community, double Modularity, int Levels) Compute(PositiveAdjacency adj, double resolution, ulong seed)
    {
        int n = adj.NodeCount;
        var level = new Level(adj.Start, adj.Neighbor, adj.Weight, new double[n]);
        var membership = CountingSort.Identity(n);
        var rng = new SplitMix64(seed);
        int levels = 0;
        while (true)
        {
            var assignment = level.Optimize(resolution, ref rng, out bool moved);
            if (!moved) break;
            int count = Renumber(assignment);
            for (int v = 0; v < n; v++) membership[v] = assignment[membership[v]];
            level = level.Aggregate(assignment, count);
            levels++;
        }
        Renumber(membership);
        return (membership, Modularity(adj, membership, resolution), levels);
    }

    /// <summary>Q = sum over communities of in_c / 2m - resolution * (tot_c / 2m)^2.</summary>
    public static double Modularity(PositiveAdjacency adj, int[] community, double resolution)
    {
        int n = adj.NodeCount;
        var inside = new double[n]; var total = new double[n];
        double twoM = 0;
        for (int v = 0; v < n; v++)
        {
            total[community[v]] += adj.Strength[v];
            twoM += adj.Strength[v];
            for (int i = adj.Start[v]; i < adj.Start[v + 1]; i++)
                if (community[adj.Neighbor[i]] == community[v]) inside[community[v]] += adj.Weight[i];
        }
        if (twoM == 0) return 0;
        double q = 0;
        for (int c = 0; c < n; c++) q += inside[c] / twoM - resolution * (total[c] / twoM) * (total[c] / twoM);
        return q;
    }

    /// <summary>Relabels in order of first appearance (0, 1, ...); returns the number of labels.</summary>
    private static int Renumber(int[] labels)
    {
        var map = new Dictionary<int, int>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (!map.TryGetValue(labels[i], out int id)) { id = map.Count; map.Add(labels[i], id); }
            labels[i] = id;
        }
        return map.Count;
    }

    /// <summary>One level's graph: symmetric CSR plus the weight inside each super-node (Loop, both directions).</summary>
    private sealed class Level(int[] start, int[] neighbor, double[] weight, double[] loop)
    {
        private int N => loop.Length;

        public int[] Optimize(double resolution, ref SplitMix64 rng, out bool movedAny)
        {
            int n = N;
            var strength = new double[n];
            double twoM = 0;
            for (int v = 0; v < n; v++)
            {
                double k = loop[v];
                for (int i = start[v]; i < start[v + 1]; i++) k += weight[i];
                strength[v] = k; twoM += k;
            }
            var community = CountingSort.Identity(n);
            var total = (double[])strength.Clone();
            var linkWeight = new double[n];
            var touched = new List<int>();
            var seenAt = new int[n]; // seenAt[c] == stamp: community c already listed for this visit
            int stamp = 0;
            var order = rng.Permutation(n);
            movedAny = false;
            if (twoM == 0) return community;
            for (int sweep = 0; sweep < MaxSweeps; sweep++)
            {
                bool moved = false;
                foreach (int v in order)
                {
                    int own = community[v];
                    touched.Clear();
                    touched.Add(own);
                    seenAt[own] = ++stamp;
                    for (int i = start[v]; i < start[v + 1]; i++)
                    {
                        int c = community[neighbor[i]];
                        if (seenAt[c] != stamp) { seenAt[c] = stamp; touched.Add(c); }
                        linkWeight[c] += weight[i];
                    }
                    total[own] -= strength[v];
                    double factor = resolution * strength[v] / twoM;
                    int best = own;
                    double bestGain = linkWeight[own] - factor * total[own];
                    foreach (int c in touched)
                    {
                        double gain = linkWeight[c] - factor * total[c];
                        if (gain > bestGain) { bestGain = gain; best = c; }
                    }
                    total[best] += strength[v];
                    foreach (int c in touched) linkWeight[c] = 0;
                    if (best != own) { community[v] = best; moved = true; movedAny = true; }
                }
                if (!moved) break;
            }
            return community;
        }

        /// <summary>Collapses each community into one node; ties between communities sum in source order.</summary>
        public Level Aggregate(int[] community, int count)
        {
            var newLoop = new double[count];
            var rows = new Dictionary<int, double>[count];
            for (int c = 0; c < count; c++) rows[c] = [];
            for (int v = 0; v < N; v++)
            {
                int cv = community[v];
                newLoop[cv] += loop[v];
                for (int i = start[v]; i < start[v + 1]; i++)
                {
                    int cu = community[neighbor[i]];
                    if (cu == cv) newLoop[cv] += weight[i];
                    else rows[cv][cu] = rows[cv].GetValueOrDefault(cu) + weight[i];
                }
            }
            var newStart = new int[count + 1];
            var nb = new List<int>(); var w = new List<double>();
            for (int c = 0; c < count; c++)
            {
                var keys = rows[c].Keys.ToArray();
                Array.Sort(keys);
                foreach (int k in keys) { nb.Add(k); w.Add(rows[c][k]); }
                newStart[c + 1] = nb.Count;
            }
            return new Level(newStart, [.. nb], [.. w], newLoop);
        }
    }
}
