namespace TrustLedger.Core.Reputation;

/// <summary>
/// Brandes (2001) betweenness on the directed positive tie graph, unweighted (hops): b(v) = sum over
/// ordered pairs s != v != t of sigma_st(v) / sigma_st, unnormalized. Exact when nodes * ties is small
/// enough; otherwise k sources are sampled without replacement (seeded) and scaled by n / k.
/// Error bound of the sample: with X_s = delta_s(v) / (n - 2) in [0, 1], Hoeffding's inequality (valid
/// for sampling without replacement) and a union bound over the n nodes give, with probability >= 1 - delta,
/// |b_est(v) - b(v)| &lt;= eps * n * (n - 2) for every v at once, eps = sqrt(ln(2n / delta) / (2k)).
/// Sources are cut into a fixed number of blocks with their own accumulators, summed in block order:
/// the result does not depend on the thread count.
/// </summary>
internal static class Betweenness
{
    private const int SourceBlocks = 16;

    public static BetweennessResult Compute(PositiveAdjacency adj, ReputationOptions o)
    {
        int n = adj.NodeCount;
        double work = (double)n * (n + adj.OutTarget.Length);
        bool exact = work <= o.BetweennessExactMaxWork || o.BetweennessSamples >= n;
        int[] sources;
        if (exact) sources = CountingSort.Identity(n);
        else
        {
            var rng = new SplitMix64(o.RandomSeed);
            sources = rng.Permutation(n)[..o.BetweennessSamples];
            Array.Sort(sources);
        }
        int blocks = Math.Min(SourceBlocks, Math.Max(1, sources.Length));
        var partial = new double[blocks][];
        var pool = new System.Collections.Concurrent.ConcurrentBag<BfsScratch>();
        Blocks.Run(blocks, o.MaxDegreeOfParallelism, b =>
        {
            var acc = new double[n];
            if (!pool.TryTake(out var scratch)) scratch = new BfsScratch(n);
            int from = (int)((long)sources.Length * b / blocks), to = (int)((long)sources.Length * (b + 1) / blocks);
            for (int i = from; i < to; i++) Accumulate(adj, sources[i], scratch, acc);
            partial[b] = acc;
            pool.Add(scratch);
        });
        var result = new double[n];
        double scale = exact ? 1.0 : (double)n / sources.Length;
        for (int v = 0; v < n; v++)
        {
            double sum = 0;
            for (int b = 0; b < blocks; b++) sum += partial[b][v];
            result[v] = sum * scale;
        }
        double epsilon = exact || n < 3 ? 0 : Math.Sqrt(DeterministicMath.Ln(2.0 * n / o.BetweennessDelta) / (2.0 * sources.Length));
        return new BetweennessResult(result, new BetweennessMode(exact, sources.Length, epsilon, epsilon * n * (n - 2), exact ? 0 : o.BetweennessDelta));
    }

    private struct Visit
    {
        public int Distance; // -1: not reached
        public double Sigma; // shortest paths from the source; next to Distance: one cache line per look-up
    }

    private sealed class BfsScratch
    {
        public readonly Visit[] Visits;
        public readonly double[] Coefficient; // (1 + delta[x]) / sigma[x], published one level at a time
        public readonly double[] Pending;     // by BFS position, for the level being finished
        public readonly int[] Order;
        public readonly List<int> LevelEnd = [];

        public BfsScratch(int n)
        {
            Visits = new Visit[n];
            for (int i = 0; i < n; i++) Visits[i].Distance = -1;
            Coefficient = new double[n];
            Pending = new double[n];
            Order = new int[n];
        }
    }

    /// <summary>
    /// One source: level-synchronous BFS counting shortest paths, then dependencies level by level from the
    /// deepest, delta(v) = sigma(v) * sum over successors x of (1 + delta(x)) / sigma(x). A level's
    /// coefficients are published only once the whole level is done, so at that point the only non-zero
    /// coefficients a successor can have are those of the next level: the sum needs no distance test
    /// (non-DAG successors add exactly 0), which keeps the loop free of unpredictable branches.
    /// </summary>
    private static unsafe void Accumulate(PositiveAdjacency adj, int s, BfsScratch w, double[] acc)
    {
        var levelEnd = w.LevelEnd;
        levelEnd.Clear();
        fixed (Visit* visit = w.Visits)
        fixed (int* order = w.Order, start = adj.OutStart, target = adj.OutTarget)
        fixed (double* coef = w.Coefficient, pending = w.Pending, total = acc)
        {
            int head = 0, tail = 0;
            order[tail++] = s; visit[s].Distance = 0; visit[s].Sigma = 1;
            while (head < tail)
            {
                int levelTail = tail;
                for (; head < levelTail; head++)
                {
                    int v = order[head], dv = visit[v].Distance + 1;
                    double sv = visit[v].Sigma;
                    for (int e = start[v], end = start[v + 1]; e < end; e++)
                    {
                        Visit* x = visit + target[e];
                        if (x->Distance < 0) { x->Distance = dv; order[tail++] = target[e]; }
                        x->Sigma += x->Distance == dv ? sv : 0.0;
                    }
                }
                levelEnd.Add(tail);
            }
            for (int level = levelEnd.Count - 1; level >= 0; level--)
            {
                int first = level == 0 ? 0 : levelEnd[level - 1], last = levelEnd[level];
                for (int i = first; i < last; i++)
                {
                    int v = order[i];
                    double d = 0;
                    for (int e = start[v], end = start[v + 1]; e < end; e++) d += coef[target[e]];
                    double sigma = visit[v].Sigma, delta = sigma * d;
                    pending[i] = (1 + delta) / sigma;
                    if (v != s) total[v] += delta;
                }
                for (int i = first; i < last; i++) coef[order[i]] = pending[i];
            }
            for (int i = 0; i < tail; i++) { int v = order[i]; visit[v].Distance = -1; visit[v].Sigma = 0; coef[v] = 0; }
        }
    }
}

internal sealed record BetweennessResult(double[] Values, BetweennessMode Mode);

/// <summary>How betweenness was computed.</summary>
/// <param name="Sources">Shortest-path sources used (all nodes when exact).</param>
/// <param name="Epsilon">Hoeffding + union-bound epsilon (0 when exact).</param>
/// <param name="ErrorBound">Absolute bound eps * n * (n - 2) holding for all nodes at once with probability 1 - Delta (0 when exact).</param>
public sealed record BetweennessMode(bool Exact, int Sources, double Epsilon, double ErrorBound, double Delta);
