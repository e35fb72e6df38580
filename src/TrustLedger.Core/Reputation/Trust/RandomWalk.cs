namespace TrustLedger.Core.Reputation;

/// <summary>
/// Power iteration of a random walk with restart, pulled over in-edges:
///   x'[v] = sum over u->v of x[u] * Scale[u] * w(u,v)  +  Restart[v] * (alpha + (1 - alpha) * sum_u x[u] * Drop[u])
/// Scale[u] already contains (1 - alpha) and the share of u's mass that travels its ties; Drop[u] is the rest
/// of u's walking mass, which jumps back to the restart distribution (dangling raters, unreliable share,
/// negative share). Mass is conserved, and a node the restart set cannot reach keeps exactly 0.
/// Stops when the L1 change of the whole vector is below the tolerance. Sums run in CSR order per node and
/// in block order across nodes, so the result does not depend on the thread count.
/// </summary>
internal sealed class RandomWalk(WeightedInCsr csr, double[] scale, double[] drop, double[] restart, double alpha)
{
    public bool[]? Absorbing { get; init; }

    public WalkResult Run(double[] start, double tolerance, int maxIterations, int threads)
    {
        int n = csr.NodeCount;
        var x = (double[])start.Clone();
        var next = new double[n];
        var y = new double[n];      // x[u] * Scale[u]: what u sends per unit of tie weight
        var yNext = new double[n];
        int blocks = Blocks.Count(n);
        var diffPart = new double[blocks];
        var leakPart = new double[blocks];
        for (int u = 0; u < n; u++) y[u] = x[u] * scale[u];
        Blocks.Run(blocks, threads, b => leakPart[b] = Leak(x, b));
        double leak = Blocks.SumInOrder(leakPart);
        double diff = double.PositiveInfinity, restartMass = 0;
        int iterations = 0;
        while (iterations < maxIterations && !(diff < tolerance))
        {
            restartMass = alpha + (1 - alpha) * leak;
            double r = restartMass;
            double[] cx = x, cy = y, nx = next, ny = yNext;
            Blocks.Run(blocks, threads, b => Step(b, r, cx, cy, nx, ny, diffPart, leakPart));
            diff = Blocks.SumInOrder(diffPart);
            leak = Blocks.SumInOrder(leakPart);
            (x, next) = (next, x);
            (y, yNext) = (yNext, y);
            iterations++;
        }
        return new WalkResult(x, iterations, diff, restartMass);
    }

    private double Leak(double[] x, int block)
    {
        var (s, e) = Blocks.Range(block, x.Length);
        double sum = 0;
        for (int u = s; u < e; u++) sum += x[u] * drop[u];
        return sum;
    }

    private unsafe void Step(int block, double restartMass, double[] x, double[] y, double[] next, double[] yNext,
        double[] diffPart, double[] leakPart)
    {
        var (first, last) = Blocks.Range(block, x.Length);
        double diff = 0, leak = 0;
        bool[]? absorbing = Absorbing;
        fixed (int* order = csr.Order, start = csr.Start, source = csr.Source)
        fixed (double* py = y, w = csr.Weight, px = x, pn = next, pyn = yNext, sc = scale, dr = drop, rs = restart)
        {
            for (int k = first; k < last; k++) // visiting order (see WeightedInCsr)
            {
                int v = order[k], e = start[k], end = start[k + 1];
                double sum = 0;
                if (w == null) for (; e < end; e++) sum += py[source[e]];
                else for (; e < end; e++) sum += py[source[e]] * w[e];
                double value = sum + rs[v] * restartMass;
                if (absorbing is not null && absorbing[v]) value = 0;
                pn[v] = value;
                pyn[v] = value * sc[v];
            }
            for (int v = first; v < last; v++) // cross-node sums in index order
            {
                diff += Math.Abs(pn[v] - px[v]);
                leak += pn[v] * dr[v];
            }
        }
        diffPart[block] = diff;
        leakPart[block] = leak;
    }
}

/// <param name="RestartMass">Share of the last step that arrived by restart; Restart[v] * RestartMass of x[v] was not earned through ties.</param>
internal sealed record WalkResult(double[] Vector, int Iterations, double LastChange, double RestartMass);

internal static class RandomWalks
{
    /// <summary>A walk where node u forwards the share keep[u] of its (1 - alpha) mass along its positive ties.</summary>
    public static RandomWalk Create(WeightedInCsr csr, double[] keep, double[] restart, double alpha, bool[]? absorbing = null)
    {
        int n = csr.NodeCount;
        var scale = new double[n];
        var drop = new double[n];
        for (int u = 0; u < n; u++)
        {
            double total = csr.OutTotal[u];
            double k = total > 0 ? keep[u] : 0;
            scale[u] = total > 0 ? (1 - alpha) * k / total * (csr.Weight is null ? csr.UniformWeight[u] : 1) : 0;
            drop[u] = 1 - k;
        }
        return new RandomWalk(csr, scale, drop, restart, alpha) { Absorbing = absorbing };
    }

    public static double[] Uniform(int n)
    {
        var r = new double[n];
        if (n > 0) r.AsSpan().Fill(1.0 / n);
        return r;
    }
}
