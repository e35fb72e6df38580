namespace TrustLedger.Core.Reputation;

/// <summary>
/// Fairness (how reliable a rater is) and goodness (how well a party is rated), after Kumar, Spezzano,
/// Subrahmanian, Faloutsos, "Edge Weight Prediction in Weighted Signed Networks", ICDM 2016. W is the tie's
/// mean normalized rating in [-1, 1].
/// </summary>
internal static class KumarSignals
{
    /// <summary>
    /// The published algorithm, unsmoothed: g(v) = mean over in-ties of f(u) W(u,v);
    /// f(u) = 1 - mean over out-ties of |W(u,v) - g(v)| / 2. Start f = 1; no in-ties keeps g = 0, no
    /// out-ties keeps f = 1. Each round takes g from the previous f, then f from the new g; stops when
    /// the summed L1 change of both vectors is below the tolerance, or after maxIterations rounds (reached
    /// early, with the same result, when the rounds fall into an exact rounding cycle: see RoundingCycle).
    /// </summary>
    /// <param name="shortcutCycles">false runs every round of a rounding cycle (for tests that compare)</param>
    public static (double[] Goodness, double[] Fairness, int Iterations) Plain(ReputationGraph g, double tolerance, int maxIterations, int threads,
        bool shortcutCycles = true)
    {
        int n = g.NodeCount;
        var fairness = new double[n]; fairness.AsSpan().Fill(1);
        var goodness = new double[n];
        var ones = new double[n]; ones.AsSpan().Fill(1);
        return Iterate(g, goodness, fairness, raterWeight: ones, mass: null, goodnessPrior: 0, fairnessPrior: 0, fairnessPriorMean: 1,
            tolerance, maxIterations, threads, shortcutCycles);
    }

    /// <summary>
    /// The smoothed variant used by the score. Ratings count with the tie's evidence mass m (kind weight,
    /// decay) and the rater's weight omega (its first-pass trust level, so parties nobody trusted, e.g. a
    /// sybil cluster, move nobody's goodness); pseudo-ratings keep a single rating from making a perfect value:
    /// g(v) = sum omega(u) f(u) m W / (sum omega(u) m + kG);  f(u) = (sum m (1 - |W - g(v)|/2) + kF f0) / (sum m + kF).
    /// </summary>
    public static (double[] Goodness, double[] Fairness, int Iterations) Smoothed(ReputationGraph g, double[] raterWeight,
        ReputationOptions o, int threads)
    {
        int n = g.NodeCount;
        var fairness = new double[n]; fairness.AsSpan().Fill(1);
        return Iterate(g, new double[n], fairness, raterWeight, g.Mass, o.GoodnessPriorWeight, o.FairnessPriorWeight,
            o.FairnessPriorMean, o.Tolerance, o.MaxIterations, threads, shortcutCycles: true);
    }

    /// <summary>
    /// The shared iteration. Mass null means every tie weighs 1 (the same bits as an array of ones, without
    /// its 8 bytes a tie). Everything constant across rounds is folded first, in pull order, so a round streams arrays: per in-slot i (rater u, tie t) a(i) = omega(u) m(t) W(t) and b(i) = omega(u) m(t), so
    /// g(v) = sum a(i) f(u) / (sum b(i) + kG); per out-tie m(t) and W(t), so f(u) needs only g(target).
    /// </summary>
    private static unsafe (double[], double[], int) Iterate(ReputationGraph g, double[] goodness, double[] fairness,
        double[] raterWeight, double[]? mass, double goodnessPrior, double fairnessPrior, double fairnessPriorMean,
        double tolerance, int maxIterations, int threads, bool shortcutCycles)
    {
        int n = g.NodeCount, m = g.TieCount, blocks = Blocks.Count(n);
        var weightedRating = new double[m];
        var goodnessDen = new double[n];
        var fairnessDen = new double[n];
        Blocks.Run(blocks, threads, b =>
        {
            var (first, last) = Blocks.Range(b, n);
            for (int v = first; v < last; v++)
            {
                double num = 0, den = 0;
                for (int i = g.InStart[v]; i < g.InStart[v + 1]; i++)
                {
                    int t = g.InTie[i];
                    double weight = raterWeight[g.InSource[i]] * (mass is null ? 1 : mass[t]);
                    weightedRating[i] = weight * g.MeanRating[t];
                    num += weightedRating[i];
                    den += weight;
                }
                goodnessDen[v] = den + goodnessPrior;
                goodness[v] = goodnessDen[v] > 0 ? num / goodnessDen[v] : 0; // start: f = 1
                double outMass = 0;
                for (int t = g.OutStart[v]; t < g.OutStart[v + 1]; t++) outMass += mass is null ? 1 : mass[t];
                fairnessDen[v] = outMass + fairnessPrior;
            }
        });
        var nextG = new double[n];
        var nextF = new double[n];
        int[] inOrder = g.InVisitOrder, outOrder = g.OutVisitOrder;
        var diffPart = new double[blocks];
        int iterations = 0, limit = maxIterations;
        double diff = double.PositiveInfinity;
        var cycle = new RoundingCycle();
        while (iterations < limit && !(diff < tolerance))
        {
            double[] f = fairness, gNew = nextG, fNew = nextF, gOld = goodness;
            Blocks.Run(blocks, threads, b =>
            {
                var (s, e) = Blocks.Range(b, n);
                fixed (int* order = inOrder, start = g.InStart, source = g.InSource)
                fixed (double* wr = weightedRating, pf = f)
                {
                    for (int k = s; k < e; k++)
                    {
                        int v = order[k];
                        double num = 0;
                        for (int i = start[v], end = start[v + 1]; i < end; i++) num += wr[i] * pf[source[i]];
                        gNew[v] = goodnessDen[v] > 0 ? num / goodnessDen[v] : 0;
                    }
                }
                double d = 0;
                for (int v = s; v < e; v++) d += Math.Abs(gNew[v] - gOld[v]);
                diffPart[b] = d;
            });
            diff = Blocks.SumInOrder(diffPart);
            Blocks.Run(blocks, threads, b =>
            {
                var (s, e) = Blocks.Range(b, n);
                fixed (int* order = outOrder, start = g.OutStart, target = g.TieTarget)
                fixed (double* ms = mass, rating = g.MeanRating, pg = gNew)
                {
                    for (int k = s; k < e; k++)
                    {
                        int u = order[k], first = start[u], last = start[u + 1];
                        if (first == last && fairnessPrior == 0) { fNew[u] = f[u]; continue; }
                        double num = 0;
                        if (ms == null) for (int t = first; t < last; t++) num += 1 - Math.Abs(rating[t] - pg[target[t]]) / 2;
                        else for (int t = first; t < last; t++) num += ms[t] * (1 - Math.Abs(rating[t] - pg[target[t]]) / 2);
                        fNew[u] = (num + fairnessPrior * fairnessPriorMean) / fairnessDen[u];
                    }
                }
                // A rater nobody listens to (weight 0) cannot hold up convergence, nor change it.
                double d = 0;
                for (int u = s; u < e; u++) d += raterWeight[u] * Math.Abs(fNew[u] - f[u]);
                diffPart[b] = d;
            });
            diff += Blocks.SumInOrder(diffPart);
            (goodness, nextG) = (nextG, goodness);
            (fairness, nextF) = (nextF, fairness);
            iterations++;
            // A rounding cycle never meets the tolerance: jump to the phase round maxIterations would end on.
            if (shortcutCycles && limit == maxIterations && !(diff < tolerance) && cycle.Observe(iterations, diff, goodness, fairness) is var p and > 0)
                limit = iterations + (maxIterations - iterations) % p;
        }
        return (goodness, fairness, iterations);
    }
}
