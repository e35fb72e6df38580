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

    private sealed class BfsScratch(int n)
    {
        public readonly int[] Distance = Fill(n);
        public readonly double[] Sigma = new double[n];
        public readonly double[] Coefficient = new double[n]; // (1 + delta[x]) / sigma[x] once x is settled
        public readonly int[] Order = new int[n];
        private static int[] Fill(int n) { var d = new int[n]; d.AsSpan().Fill(-1); return d; }
    }

    /// <summary>
    /// One source: BFS counting shortest paths, then dependencies in reverse BFS order via successors,
    /// delta(v) = sigma(v) * sum over successors x of (1 + delta(x)) / sigma(x). The "is x one hop further"
    /// tests are written as 0/1 factors instead of branches: on small graphs branch mispredictions, not
    /// memory, dominate. Adding 0 * finite leaves sums bit-identical.
    /// </summary>
    private static unsafe void Accumulate(PositiveAdjacency adj, int s, BfsScratch w, double[] acc)
    {
        fixed (int* dist = w.Distance, order = w.Order, start = adj.OutStart, target = adj.OutTarget)
        fixed (double* sigma = w.Sigma, coef = w.Coefficient, total = acc)
        {
            int head = 0, tail = 0;
            order[tail++] = s; dist[s] = 0; sigma[s] = 1;
            while (head < tail)
            {
                int v = order[head++], dv = dist[v] + 1;
                double sv = sigma[v];
                for (int e = start[v], end = start[v + 1]; e < end; e++)
                {
                    int x = target[e];
                    if (dist[x] < 0) { dist[x] = dv; order[tail++] = x; }
                    sigma[x] += dist[x] == dv ? sv : 0.0;
                }
            }
            for (int i = tail - 1; i >= 0; i--)
            {
                int v = order[i], dv = dist[v] + 1;
                double d = 0;
                for (int e = start[v], end = start[v + 1]; e < end; e++)
                {
                    int x = target[e];
                    d += dist[x] == dv ? coef[x] : 0.0;
                }
                double delta = sigma[v] * d;
                coef[v] = (1 + delta) / sigma[v];
                if (v != s) total[v] += delta;
            }
            for (int i = 0; i < tail; i++) { int v = order[i]; dist[v] = -1; sigma[v] = 0; coef[v] = 0; }
        }
    }
}

internal sealed record BetweennessResult(double[] Values, BetweennessMode Mode);

/// <summary>How betweenness was computed.</summary>
/// <param name="Sources">Shortest-path sources used (all nodes when exact).</param>
/// <param name="Epsilon">Hoeffding + union-bound epsilon (0 when exact).</param>
/// <param name="ErrorBound">Absolute bound eps * n * (n - 2) holding for all nodes at once with probability 1 - Delta (0 when exact).</param>
public sealed record BetweennessMode(bool Exact, int Sources, double Epsilon, double ErrorBound, double Delta);
